package org.meterkast.server.account;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The account a request acts for, whatever way it logged in (password, social login, API token). It is what a
 * session keeps, so it is small and serializable. Its name is the account's id: the sessions table indexes sessions
 * by that name, so all of an account's sessions can be ended at once.
 */
public record SignedIn(long accountId, String email) implements Serializable, AuthenticatedPrincipal {
    @Override
    public String getName() {
        return Long.toString(accountId);
    }

    /**
     * The names the sessions table may index this account's sessions by: its id, and the principal's text for a
     * password login's session from before the index name was the id.
     */
    public List<String> sessionIndexNames() {
        return List.of(getName(), toString());
    }

    /** The account of the current request, if it is signed in. */
    public static Optional<SignedIn> current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    /** The account an authentication signed in as, whatever way it logged in. */
    static Optional<SignedIn> of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        Object principal = authentication.getPrincipal();
        if (principal instanceof SignedIn signedIn) {
            return Optional.of(signedIn);
        }
        if (principal instanceof AccountBound bound) {
            return Optional.of(bound.signedIn());
        }
        return Optional.empty();
    }

    /** The account of the current request; the security rules let no anonymous request reach a caller of this. */
    public static SignedIn require() {
        return current().orElseThrow(() -> new IllegalStateException("no account signed in on this request"));
    }

    /** A principal of another kind (a social login's user) that knows the account it signed in as. */
    public interface AccountBound {
        SignedIn signedIn();
    }
}
