package jp.jusou.hub.accounts;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import jp.jusou.hub.agencies.AgencyDirectory;
import jp.jusou.hub.operations.AuditTrail;
import jp.jusou.hub.platform.Problems;
import jp.jusou.hub.platform.Scope;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admins manage people's accounts: the console ({@code /console/api/users}, session and CSRF) and
 * {@code hubctl users} ({@code /api/v1/users}, Basic auth) call the same endpoints; both chains admit
 * ADMIN only. An admin of one municipality sees and changes only that municipality's accounts (another's
 * answers 404) and creates accounts only in it; a provider admin manages all. Every change is audited;
 * no password or hash is ever answered or logged.
 */
@Tag(name = "Accounts", description = "Admins: people's accounts (bin/hubctl users)")
@RestController
@RequestMapping({"/api/v1/users", "/console/api/users"})
class AccountsController {

    private final Accounts accounts;
    private final AgencyDirectory agencies;
    private final AuditTrail audit;

    public AccountsController(Accounts accounts, AgencyDirectory agencies, AuditTrail audit) {
        this.accounts = accounts;
        this.agencies = agencies;
        this.audit = audit;
    }

    public record NewAccount(String name, String role, String municipality, String password) {
    }

    public record PasswordChange(String password) {
    }

    public record RoleChange(String role) {
    }

    @Operation(summary = "People's accounts", description = "Admins only; an admin of one municipality sees its accounts.")
    @ApiResponse(responseCode = "200", description = "The accounts (no password hashes)")
    @GetMapping
    public List<Account> list(Authentication who) {
        Scope scope = Scope.of(who);
        return accounts.list().stream().filter(a -> visible(scope, a)).toList();
    }

    @Operation(summary = "Add an account", description = "Role OPERATOR, AUDITOR or ADMIN; municipality empty for a provider "
            + "account (all municipalities). A password of at least 12 characters.")
    @ApiResponse(responseCode = "201", description = "Added")
    @ApiResponse(responseCode = "400", description = "Invalid name, role, municipality or password")
    @ApiResponse(responseCode = "403", description = "Outside the admin's municipality (ACCOUNT_SCOPE)")
    @ApiResponse(responseCode = "409", description = "The name is taken (ACCOUNT_EXISTS)")
    @PostMapping
    public ResponseEntity<?> add(@RequestBody NewAccount request, Authentication who) {
        Scope scope = Scope.of(who);
        String municipality = request.municipality() == null || request.municipality().isBlank() ? null : request.municipality().strip();
        if (!scope.provider() && !Objects.equals(scope.municipality(), municipality)) {
            return Problems.response(Problems.plain(HttpStatus.FORBIDDEN, "ACCOUNT_SCOPE",
                    "自分の自治体のアカウントだけを作成できます。", "You may add accounts of your own municipality only."));
        }
        if (request.name() != null && agencies.isKnown(request.name())) {
            return problem(new AccountException(AccountException.Kind.conflict, "ACCOUNT_EXISTS",
                    "この名前は機関IDとして使われています。", "This name is an agency id."));
        }
        return run(() -> {
            Account account = accounts.add(request.name(), request.role(), municipality, request.password());
            audit.record(who.getName(), "account-add", account.name(), "role " + account.role() + ", municipality "
                    + (account.municipality() == null ? "all" : account.municipality()), account.municipality());
            return ResponseEntity.status(HttpStatus.CREATED).body(account);
        });
    }

    @Operation(summary = "Disable or enable an account", description = "A disabled account cannot log in.")
    @ApiResponse(responseCode = "200", description = "Done")
    @ApiResponse(responseCode = "404", description = "No such account in the admin's scope")
    @PostMapping("/{name}/{action:disable|enable}")
    public ResponseEntity<?> enable(@PathVariable String name, @PathVariable String action, Authentication who) {
        return change(name, who, () -> accounts.setEnabled(name, "enable".equals(action)), "account-" + action, null);
    }

    @Operation(summary = "Reset an account's password", description = "Also lifts a lockout.")
    @ApiResponse(responseCode = "200", description = "Done")
    @ApiResponse(responseCode = "400", description = "The password is too weak (WEAK_PASSWORD)")
    @ApiResponse(responseCode = "404", description = "No such account in the admin's scope")
    @PostMapping("/{name}/password")
    public ResponseEntity<?> resetPassword(@PathVariable String name, @RequestBody PasswordChange request, Authentication who) {
        return change(name, who, () -> accounts.resetPassword(name, request.password()), "account-password-reset", null);
    }

    @Operation(summary = "Change an account's role", description = "OPERATOR, AUDITOR or ADMIN.")
    @ApiResponse(responseCode = "200", description = "Done")
    @ApiResponse(responseCode = "400", description = "Unknown role (INVALID_ROLE)")
    @ApiResponse(responseCode = "404", description = "No such account in the admin's scope")
    @PostMapping("/{name}/role")
    public ResponseEntity<?> setRole(@PathVariable String name, @RequestBody RoleChange request, Authentication who) {
        return change(name, who, () -> accounts.setRole(name, request.role()), "account-role", "role " + request.role());
    }

    private ResponseEntity<?> change(String name, Authentication who, Supplier<Account> action, String auditAction, String detail) {
        Scope scope = Scope.of(who);
        if (accounts.find(name).filter(a -> visible(scope, a)).isEmpty()) {
            return problem(AccountException.notFound()); // another municipality's account: as if it did not exist
        }
        return run(() -> {
            Account account = action.get();
            audit.record(who.getName(), auditAction, account.name(), detail, account.municipality());
            return ResponseEntity.ok(account);
        });
    }

    private static boolean visible(Scope scope, Account account) {
        return scope.provider() || Objects.equals(scope.municipality(), account.municipality());
    }

    private static ResponseEntity<?> run(Supplier<ResponseEntity<?>> action) {
        try {
            return action.get();
        } catch (AccountException e) {
            return problem(e);
        }
    }

    private static ResponseEntity<?> problem(AccountException e) {
        HttpStatus status = switch (e.kind()) {
            case invalid -> HttpStatus.BAD_REQUEST;
            case not_found -> HttpStatus.NOT_FOUND;
            case conflict -> HttpStatus.CONFLICT;
        };
        return Problems.response(Problems.plain(status, e.code(), e.ja(), e.en()));
    }
}
