package org.meterkast.server.account;

import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * Who may change what all households share (the day-ahead prices, the meters this server reads): the first account
 * a person registered on a fresh install, and the accounts named in {@code meterkast.accounts.administrators}
 * (e-mail addresses, comma-separated) once their e-mail is verified, so registering a named address before its owner
 * does gives nothing. The demo account, which everyone shares, never is one.
 */
@Component
public class Administrators implements AuthorizationManager<RequestAuthorizationContext> {
    private static final Logger log = LoggerFactory.getLogger(Administrators.class);

    private final Set<String> emails;
    private final AccountRepository accounts;
    private final AccountService service;

    Administrators(@Value("${meterkast.accounts.administrators:}") String emails, AccountRepository accounts,
                   AccountService service) {
        this.emails = Stream.of(emails.split(",")).map(e -> e.strip().toLowerCase(Locale.ROOT)).filter(e -> !e.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        this.accounts = accounts;
        this.service = service;
    }

    /**
     * An install from before administrators were explicit let every account upload prices when none was named: its
     * oldest account (not the demo's) keeps that right, so the household is not locked out. Where administrators are
     * named, they were the only ones before, and stay so once their e-mail is verified.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void keepAnAdministrator() {
        if (emails.isEmpty() && service.markFirstAdministrator()) {
            log.info("the oldest account is this server's administrator (no meterkast.accounts.administrators named)");
        }
    }

    /** Whether this account is an administrator, as of now. */
    public boolean isAdministrator(long accountId) {
        return accounts.find(accountId).map(this::isAdministrator).orElse(false);
    }

    /** Whether the signed-in account of the current request is an administrator. */
    public boolean isCurrentAdministrator() {
        return SignedIn.current().map(s -> isAdministrator(s.accountId())).orElse(false);
    }

    boolean isAdministrator(Account account) {
        if (service.isDemo(account.email())) {
            return false;
        }
        return account.administrator() || account.emailVerified() && emails.contains(account.email());
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                                         RequestAuthorizationContext request) {
        return new AuthorizationDecision(SignedIn.of(authentication.get())
                .map(account -> isAdministrator(account.accountId())).orElse(false));
    }
}
