package jp.jusou.hub.platform;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows a start refused by {@link SecureStart} as what it is, a configuration to fix: the message
 * (日本語 / English, naming each setting) and the action, instead of a stack trace.
 */
public class RefusedStartAnalyzer extends AbstractFailureAnalyzer<SecureStart.Refused> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SecureStart.Refused cause) {
        return new FailureAnalysis(cause.getMessage(),
                "設定を直して起動し直してください（docs/configuration.md）。 / Fix the settings named above and start again "
                        + "(docs/configuration.md, deploy/hub.env.example).", cause);
    }
}
