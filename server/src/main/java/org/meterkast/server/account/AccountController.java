package org.meterkast.server.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.meterkast.server.account.AccountRepository.ApiToken;
import org.meterkast.server.account.AccountService.IssuedToken;
import org.meterkast.server.web.ApiException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Registering, logging in, the profile, the password and its reset, e-mail verification, invitations and API tokens:
 * {@code /api/account}.
 */
@RestController
public class AccountController {
    /** What the app asks first: who is signed in, how one can sign in here, and how one registers (open, invite, closed). */
    public record Session(AccountView account, List<Provider> providers, String registration) {
    }

    record Provider(String id, String name) {
    }

    record AccountView(long id, String email, String name, String language, boolean hasPassword,
                       List<String> identities, boolean administrator, boolean emailVerified) {
    }

    record Registration(String email, String password, String name, String language, String invitation) {
    }

    record Login(String email, String password) {
    }

    record Profile(String email, String name, String language) {
    }

    record PasswordChange(String current, String password) {
    }

    record ResetRequest(String email) {
    }

    record Reset(String token, String password) {
    }

    record TokenRequest(String name) {
    }

    record Verification(String token) {
    }

    private final AccountService accounts;
    private final SessionLogin sessions;
    private final AccountSessions otherSessions;
    private final LoginThrottle throttle;
    private final AccountLimits limits;
    private final AccountMail mail;
    private final Administrators administrators;
    private final ObjectProvider<ClientRegistrationRepository> registrations;

    AccountController(AccountService accounts, SessionLogin sessions, AccountSessions otherSessions,
                      LoginThrottle throttle, AccountLimits limits, AccountMail mail, Administrators administrators,
                      ObjectProvider<ClientRegistrationRepository> registrations) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.otherSessions = otherSessions;
        this.throttle = throttle;
        this.limits = limits;
        this.mail = mail;
        this.administrators = administrators;
        this.registrations = registrations;
    }

    @GetMapping("/api/session")
    public Session session() {
        AccountView account = SignedIn.current().map(s -> view(s.accountId())).orElse(null);
        return new Session(account, providers(), accounts.registration().text());
    }

    @PostMapping("/api/account/register")
    @ResponseStatus(HttpStatus.CREATED)
    AccountView register(@RequestBody Registration form, HttpServletRequest request, HttpServletResponse response,
                         Locale locale) {
        // the browser's language when the form names none, and Dutch when that is none of ours
        String language = form.language() != null ? form.language()
                : List.of("nl", "fr", "en").contains(locale.getLanguage()) ? locale.getLanguage() : "nl";
        limits.registration(request.getRemoteAddr(), normalised(form.email()), response);
        Account account = accounts.registerAs(form.email(), form.password(), form.name(), language, form.invitation());
        sessions.signIn(new SignedIn(account.id(), account.email()), request, response);
        return view(account.id());
    }

    @PostMapping("/api/account/login")
    ResponseEntity<AccountView> login(@RequestBody Login form, HttpServletRequest request,
                                      HttpServletResponse response) {
        String email = normalised(form.email());
        String address = request.getRemoteAddr();
        Optional<Duration> wait = throttle.wait(email, address);
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "email", "account.login.throttled",
                    Long.toString((seconds + 59) / 60));
        }
        Optional<SignedIn> account = accounts.authenticate(email, form.password());
        if (account.isEmpty()) {
            throttle.failed(email, address);
            throw new ApiException(HttpStatus.UNAUTHORIZED, "password", "account.login.wrong");
        }
        throttle.succeeded(email);
        sessions.signIn(account.get(), request, response);
        return ResponseEntity.ok(view(account.get().accountId()));
    }

    @GetMapping("/api/account")
    AccountView account() {
        return view(SignedIn.require().accountId());
    }

    @PutMapping("/api/account")
    AccountView updateProfile(@RequestBody Profile form) {
        long id = SignedIn.require().accountId();
        accounts.updateProfile(id, form.email(), form.name(), form.language());
        return view(id);
    }

    /** A new password ends the account's other sessions and revokes its API tokens; this browser stays signed in. */
    @PutMapping("/api/account/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changePassword(@RequestBody PasswordChange form, HttpServletRequest request) {
        long id = SignedIn.require().accountId();
        accounts.changePassword(id, form.current(), form.password());
        Account account = accounts.profile(id);
        otherSessions.endOthers(new SignedIn(id, account.email()), request);
    }

    /**
     * Always the same answer, as fast, whether or not the e-mail has an account, so it tells a stranger nothing: the
     * account is looked up and the mail sent on the mail thread. At most a few mails an hour go to one address.
     */
    @PostMapping("/api/account/password-reset")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void requestReset(@RequestBody ResetRequest form, HttpServletRequest request, HttpServletResponse response) {
        mail.cannotSendLinks().ifPresent(code -> {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "email", code);
        });
        limits.linkRequest(request.getRemoteAddr(), response);
        String email = normalised(form.email());
        if (!email.isEmpty() && limits.mayMail(email)) {
            mail.later(() -> accounts.createReset(email).ifPresent(mail::sendReset));
        }
    }

    /** Sets the new password, ends every session of the account and revokes its tokens, then signs this browser in. */
    @PostMapping("/api/account/password-reset/confirm")
    AccountView reset(@RequestBody Reset form, HttpServletRequest request, HttpServletResponse response) {
        Account account = accounts.resetPassword(form.token(), form.password());
        throttle.succeeded(account.email());
        SignedIn signedIn = new SignedIn(account.id(), account.email());
        otherSessions.endOthers(signedIn, request);
        sessions.signIn(signedIn, request, response);
        return view(account.id());
    }

    /** Mails a link that proves the account's e-mail address (one condition for a named administrator). */
    @PostMapping("/api/account/email-verification")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void requestVerification(HttpServletRequest request, HttpServletResponse response) {
        mail.cannotSendLinks().ifPresent(code -> {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "email", code);
        });
        limits.linkRequest(request.getRemoteAddr(), response);
        long id = SignedIn.require().accountId();
        if (limits.mayMail(accounts.profile(id).email())) {
            mail.later(() -> mail.sendVerification(accounts.createVerification(id)));
        }
    }

    @PostMapping("/api/account/email-verification/confirm")
    AccountView verify(@RequestBody Verification form) {
        return view(accounts.verifyEmail(form.token()).id());
    }

    /** A single-use code to register with while registration is by invitation; administrators only. */
    @PostMapping("/api/account/invitations")
    @ResponseStatus(HttpStatus.CREATED)
    AccountService.Invitation invite() {
        long id = SignedIn.require().accountId();
        if (!administrators.isAdministrator(id)) {
            throw new ApiException(HttpStatus.FORBIDDEN, null, "account.invitation.administrators");
        }
        return accounts.invite(id);
    }

    @GetMapping("/api/account/tokens")
    List<ApiToken> tokens() {
        return accounts.tokens(SignedIn.require().accountId());
    }

    @PostMapping("/api/account/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    IssuedToken issueToken(@RequestBody TokenRequest form) {
        return accounts.issueToken(SignedIn.require().accountId(), form.name());
    }

    @DeleteMapping("/api/account/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revokeToken(@PathVariable("id") long id) {
        accounts.revokeToken(SignedIn.require().accountId(), id);
    }

    private AccountView view(long id) {
        Account a = accounts.profile(id);
        return new AccountView(a.id(), a.email(), a.name(), a.language(), a.hasPassword(), accounts.identityProviders(id),
                administrators.isAdministrator(a), a.emailVerified());
    }

    private List<Provider> providers() {
        ClientRegistrationRepository repository = registrations.getIfAvailable();
        if (!(repository instanceof Iterable<?> all)) {
            return List.of();
        }
        List<Provider> list = new ArrayList<>();
        for (Object r : all) {
            ClientRegistration registration = (ClientRegistration) r;
            list.add(new Provider(registration.getRegistrationId(), registration.getClientName()));
        }
        return list;
    }

    private static String normalised(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }
}
