/**
 * People: per-person operator, auditor and admin accounts (hashed passwords, a municipality or all), their
 * management, and the lockout after repeated failed logins.
 */
@ApplicationModule(displayName = "Accounts (利用者アカウント)", allowedDependencies = { "message", "platform", "agencies", "operations" })
package jp.jusou.hub.accounts;

import org.springframework.modulith.ApplicationModule;
