package jp.jusou.hub.accounts;

import java.time.Instant;

/**
 * A person's account (operator, auditor or admin). {@code municipality} null: a provider account,
 * which sees every municipality. Never carries the password hash out of {@link Accounts}.
 */
public record Account(String name, String role, String municipality, boolean enabled, Instant lockedUntil,
                      Instant createdAt, Instant updatedAt) {

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
