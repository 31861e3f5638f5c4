package org.meterkast.server.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.stereotype.Component;

/**
 * Ends an account's browser sessions after its password changed or was reset: they live in the sessions table,
 * indexed by the principal's name (the account id, see {@link SignedIn#getName()}), so every node forgets them.
 */
@Component
class AccountSessions {
    private static final Logger log = LoggerFactory.getLogger(AccountSessions.class);

    private final ObjectProvider<FindByIndexNameSessionRepository<?>> sessions;

    AccountSessions(ObjectProvider<FindByIndexNameSessionRepository<?>> sessions) {
        this.sessions = sessions;
    }

    /**
     * Ends every session of the account except the request's own, which gets a new id (a password reset then signs
     * the request's session in afresh, which changes its id again).
     */
    void endOthers(SignedIn account, HttpServletRequest request) {
        HttpSession own = request.getSession(false);
        end(account, own == null ? null : own.getId());
        if (own != null) {
            request.changeSessionId();
        }
    }

    private void end(SignedIn account, String keep) {
        FindByIndexNameSessionRepository<?> repository = sessions.getIfAvailable();
        if (repository == null) {
            return;
        }
        int ended = 0;
        for (String name : account.sessionIndexNames()) {
            for (String id : repository.findByPrincipalName(name).keySet()) {
                if (!id.equals(keep)) {
                    repository.deleteById(id);
                    ended++;
                }
            }
        }
        log.info("ended {} other session(s) of account {}", ended, account.accountId());
    }
}
