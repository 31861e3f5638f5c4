package org.meterkast.server.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.stereotype.Component;

/**
 * Tells whether what a long-lived request signed in with (its API token, or its browser session) still holds, so
 * that a revoked token, a logout or a password change also ends the request's stream.
 */
@Component
public class CredentialCheck {
    private final AccountRepository accounts;
    private final ObjectProvider<SessionRepository<? extends Session>> sessions;

    CredentialCheck(AccountRepository accounts, ObjectProvider<SessionRepository<? extends Session>> sessions) {
        this.accounts = accounts;
        this.sessions = sessions;
    }

    /**
     * How a request was signed in: by one of our API tokens (kept as its SHA-256, never the token itself), by a
     * session (its id), or neither.
     */
    public record Credential(Kind kind, String key) {
        /** The way a request signed in. */
        public enum Kind { TOKEN, SESSION, NONE }

        @Override
        public String toString() {
            // neither a session id nor a token's hash belongs in a log
            return kind.name().toLowerCase(Locale.ROOT);
        }
    }

    /** How this (signed-in) request was authorised. */
    public Credential of(HttpServletRequest request) {
        if (ApiTokenFilter.carriesToken(request)) {
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            String token = header.substring(header.indexOf(' ') + 1).strip();
            return new Credential(Credential.Kind.TOKEN, AccountService.sha256(token));
        }
        HttpSession session = request.getSession(false);
        return session == null ? new Credential(Credential.Kind.NONE, "")
                : new Credential(Credential.Kind.SESSION, session.getId());
    }

    /**
     * Whether the credential still holds: the token is not revoked (and its account still exists), the session
     * still exists (not logged out, not expired, not ended by a password change).
     */
    public boolean holds(Credential credential) {
        return switch (credential.kind()) {
            case TOKEN -> accounts.tokenOwner(credential.key()).isPresent();
            case SESSION -> {
                SessionRepository<? extends Session> repository = sessions.getIfAvailable();
                // without a session store the container's own session ends with the request's: nothing to ask
                yield repository == null || repository.findById(credential.key()) != null;
            }
            case NONE -> true;
        };
    }
}
