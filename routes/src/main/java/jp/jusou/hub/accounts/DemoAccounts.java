package jp.jusou.hub.accounts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The demo's people (CONTRACT.md): {@code operator}, {@code auditor}, {@code admin} for all
 * municipalities (provider accounts) and one operator per demo municipality, {@code omuta-operator}
 * (大牟田市 402028) and {@code kurume-operator} (久留米市 402036); each password is {@code demo-<name>}.
 * Added on start when absent (a changed password stays changed). Only in the demo profile: outside it
 * there is no default account, the first admin is made with {@code hubctl users add}.
 */
@Component
@Profile("demo")
class DemoAccounts implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(DemoAccounts.class);

    private final Accounts accounts;

    public DemoAccounts(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void afterSingletonsInstantiated() {
        int added = 0;
        added += seed("operator", "OPERATOR", null);
        added += seed("auditor", "AUDITOR", null);
        added += seed("admin", "ADMIN", null);
        added += seed("omuta-operator", "OPERATOR", "402028");
        added += seed("kurume-operator", "OPERATOR", "402036");
        if (added > 0) {
            log.info("Demo accounts added: {}", added);
        }
    }

    private int seed(String name, String role, String municipality) {
        return accounts.addIfAbsent(name, role, municipality, "demo-" + name) ? 1 : 0;
    }
}
