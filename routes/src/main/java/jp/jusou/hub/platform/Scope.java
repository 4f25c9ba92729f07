package jp.jusou.hub.platform;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Which municipality a login may see: one ({@code municipality}) or, for a provider account (a vendor
 * hosting several municipalities on one hub), all ({@code municipality == null}). An account's
 * municipality travels as the authority {@code MUNICIPALITY_<code>}; a login without one sees all.
 */
public record Scope(String municipality) {

    public static final String AUTHORITY_PREFIX = "MUNICIPALITY_";

    public static final Scope ALL = new Scope(null);

    public static Scope of(Authentication authentication) {
        if (authentication == null) {
            return ALL;
        }
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a != null && a.startsWith(AUTHORITY_PREFIX))
                .map(a -> new Scope(a.substring(AUTHORITY_PREFIX.length()))).findFirst().orElse(ALL);
    }

    public boolean provider() {
        return municipality == null;
    }

    /** Whether something of this municipality (null: of no municipality, the whole hub) is visible. */
    public boolean covers(String itemMunicipality) {
        return municipality == null || municipality.equals(itemMunicipality);
    }
}
