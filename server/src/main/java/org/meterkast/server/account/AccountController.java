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
import org.springframework.beans.factory.annotation.Value;
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
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Registering, logging in, the profile, the password and its reset, and API tokens: {@code /api/account}. */
@RestController
class AccountController {
    /** What the app asks first: who is signed in, and how one can sign in here. */
    record Session(AccountView account, List<Provider> providers) {
    }

    record Provider(String id, String name) {
    }

    record AccountView(long id, String email, String name, String language, boolean hasPassword,
                       List<String> identities) {
    }

    record Registration(String email, String password, String name, String language) {
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

    private final AccountService accounts;
    private final SessionLogin sessions;
    private final LoginThrottle throttle;
    private final AccountMail mail;
    private final ObjectProvider<ClientRegistrationRepository> registrations;
    private final String publicUrl;

    AccountController(AccountService accounts, SessionLogin sessions, LoginThrottle throttle, AccountMail mail,
                      ObjectProvider<ClientRegistrationRepository> registrations,
                      @Value("${meterkast.public-url:}") String publicUrl) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.throttle = throttle;
        this.mail = mail;
        this.registrations = registrations;
        this.publicUrl = publicUrl;
    }

    @GetMapping("/api/session")
    Session session() {
        AccountView account = SignedIn.current().map(s -> view(s.accountId())).orElse(null);
        return new Session(account, providers());
    }

    @PostMapping("/api/account/register")
    @ResponseStatus(HttpStatus.CREATED)
    AccountView register(@RequestBody Registration form, HttpServletRequest request, HttpServletResponse response,
                         Locale locale) {
        // the browser's language when the form names none, and Dutch when that is none of ours
        String language = form.language() != null ? form.language()
                : List.of("nl", "fr", "en").contains(locale.getLanguage()) ? locale.getLanguage() : "nl";
        Account account = accounts.register(form.email(), form.password(), form.name(), language);
        sessions.signIn(new SignedIn(account.id(), account.email()), request, response);
        return view(account.id());
    }

    @PostMapping("/api/account/login")
    ResponseEntity<AccountView> login(@RequestBody Login form, HttpServletRequest request,
                                      HttpServletResponse response) {
        String email = form.email() == null ? "" : form.email().strip().toLowerCase(Locale.ROOT);
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

    @PutMapping("/api/account/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changePassword(@RequestBody PasswordChange form) {
        accounts.changePassword(SignedIn.require().accountId(), form.current(), form.password());
    }

    /** Always the same answer whether or not the e-mail has an account, so it tells a stranger nothing. */
    @PostMapping("/api/account/password-reset")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void requestReset(@RequestBody ResetRequest form) {
        if (!mail.canSend()) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "email", "account.reset.no-mail");
        }
        accounts.createReset(form.email()).ifPresent(reset -> mail.sendReset(reset, appUrl()));
    }

    @PostMapping("/api/account/password-reset/confirm")
    AccountView reset(@RequestBody Reset form, HttpServletRequest request, HttpServletResponse response) {
        Account account = accounts.resetPassword(form.token(), form.password());
        throttle.succeeded(account.email());
        sessions.signIn(new SignedIn(account.id(), account.email()), request, response);
        return view(account.id());
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
        return new AccountView(a.id(), a.email(), a.name(), a.language(), a.hasPassword(), accounts.identityProviders(id));
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

    /** The app's address for links in e-mails: meterkast.public-url when set (it should be behind a proxy). */
    private String appUrl() {
        String base = publicUrl.isBlank() ? ServletUriComponentsBuilder.fromCurrentContextPath().toUriString()
                : publicUrl;
        return base.endsWith("/") ? base : base + "/";
    }
}
