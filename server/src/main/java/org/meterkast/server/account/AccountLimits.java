package org.meterkast.server.account;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.meterkast.server.web.ApiException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Bounds on what a stranger can do without an account: registrations per client address and per e-mail an hour,
 * requests for a link per client address a quarter of an hour (both answered 429 with Retry-After), and mails to one
 * address an hour (beyond it a request is answered as usual but sends nothing, so the owner is not flooded).
 */
@Component
class AccountLimits {
    private final AttemptLimit registrationsPerAddress;
    private final AttemptLimit registrationsPerEmail;
    private final AttemptLimit linkRequestsPerAddress;
    private final AttemptLimit mailsPerEmail;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong withheld = new AtomicLong();

    AccountLimits(@Value("${meterkast.accounts.registrations-per-address:10}") int registrationsPerAddress,
                  @Value("${meterkast.accounts.registrations-per-email:5}") int registrationsPerEmail,
                  @Value("${meterkast.accounts.link-requests-per-address:10}") int linkRequestsPerAddress,
                  @Value("${meterkast.accounts.mails-per-email:3}") int mailsPerEmail, Clock clock) {
        this.registrationsPerAddress = new AttemptLimit(registrationsPerAddress, Duration.ofHours(1), clock);
        this.registrationsPerEmail = new AttemptLimit(registrationsPerEmail, Duration.ofHours(1), clock);
        this.linkRequestsPerAddress = new AttemptLimit(linkRequestsPerAddress, Duration.ofMinutes(15), clock);
        this.mailsPerEmail = new AttemptLimit(mailsPerEmail, Duration.ofHours(1), clock);
    }

    /** Counts a registration; 429 when the client address or the e-mail has had its share this hour. */
    void registration(String clientAddress, String email, HttpServletResponse response) {
        refuse(registrationsPerAddress.attempt(clientAddress)
                .or(() -> registrationsPerEmail.attempt(email)), "account.register.throttled", response);
    }

    /** Counts a request for a mailed link; 429 when the client address has had its share this quarter of an hour. */
    void linkRequest(String clientAddress, HttpServletResponse response) {
        refuse(linkRequestsPerAddress.attempt(clientAddress), "account.reset.throttled", response);
    }

    /** Whether one more mail may go to this address this hour; counted when not. */
    boolean mayMail(String email) {
        boolean may = mailsPerEmail.attempt(email).isEmpty();
        if (!may) {
            withheld.incrementAndGet();
        }
        return may;
    }

    /** Requests refused with 429 since the start. */
    long refused() {
        return refused.get();
    }

    /** Mails not sent because their address had its share, since the start. */
    long withheld() {
        return withheld.get();
    }

    private void refuse(Optional<Duration> wait, String code, HttpServletResponse response) {
        if (wait.isPresent()) {
            refused.incrementAndGet();
            long seconds = Math.max(1, wait.get().toSeconds());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, null, code, Long.toString((seconds + 59) / 60));
        }
    }
}
