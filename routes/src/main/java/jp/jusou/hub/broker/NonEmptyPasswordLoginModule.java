package jp.jusou.hub.broker;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/**
 * Refuses a login with an empty password before Artemis's PropertiesLoginModule sees it: that
 * module lets {@code user=} in the users file log in with an empty password, and it re-reads the
 * file while the broker runs, so the launcher's start-up check alone would not keep such a user
 * out. Adds no principals; listed as requisite ahead of the properties module.
 */
public final class NonEmptyPasswordLoginModule implements LoginModule {

    private CallbackHandler callbackHandler;

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.callbackHandler = callbackHandler;
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("Username: ");
        PasswordCallback password = new PasswordCallback("Password: ", false);
        try {
            callbackHandler.handle(new Callback[] {name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("no password to check: " + e.getMessage());
        }
        char[] given = password.getPassword();
        password.clearPassword();
        if (given == null || given.length == 0) {
            throw new FailedLoginException("Empty password for user: " + name.getName());
        }
        Arrays.fill(given, '\0');
        return false; // nothing to add: the properties module decides
    }

    @Override
    public boolean commit() {
        return false;
    }

    @Override
    public boolean abort() {
        return true;
    }

    @Override
    public boolean logout() {
        return true;
    }
}
