package org.meterkast.server.account;

import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * Who may change what all households share (the day-ahead prices): the accounts named in
 * {@code meterkast.accounts.administrators} (e-mail addresses, comma-separated). With none named, as in one household's
 * own Meterkast, every signed-in account may.
 */
@Component
class Administrators implements AuthorizationManager<RequestAuthorizationContext> {
    private final Set<String> emails;

    Administrators(@Value("${meterkast.accounts.administrators:}") String emails) {
        this.emails = Stream.of(emails.split(",")).map(e -> e.strip().toLowerCase(Locale.ROOT)).filter(e -> !e.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                                         RequestAuthorizationContext request) {
        return new AuthorizationDecision(SignedIn.of(authentication.get())
                .map(account -> emails.isEmpty() || emails.contains(account.email())).orElse(false));
    }
}
