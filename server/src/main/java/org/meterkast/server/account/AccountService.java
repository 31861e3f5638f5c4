package org.meterkast.server.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.meterkast.server.account.AccountRepository.ApiToken;
import org.meterkast.server.web.ApiException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registering, passwords, profiles, social-login identities, API tokens, password-reset and e-mail verification links
 * and invitations. Passwords and tokens are never stored: a password as a bcrypt hash, a token, link or invitation
 * code as its SHA-256.
 */
@Service
public class AccountService {
    static final int MIN_PASSWORD = 10;
    /** bcrypt reads no further than 72 bytes: a longer password would be cut, so it is refused. */
    static final int MAX_PASSWORD_BYTES = 72;
    /** A reset link works once, within the hour. */
    static final Duration RESET_VALID = Duration.ofHours(1);
    /** A verification link works once, within a day. */
    static final Duration VERIFICATION_VALID = Duration.ofDays(1);
    /** An invitation code works once, within a week. */
    static final Duration INVITATION_VALID = Duration.ofDays(7);
    /** A token's "last used" is written at most once a minute, so API calls do not each write to the database. */
    private static final Duration LAST_USED_STEP = Duration.ofMinutes(1);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final List<String> LANGUAGES = List.of("nl", "fr", "en");
    static final String TOKEN_PREFIX = "mk_";

    private final AccountRepository accounts;
    private final PasswordEncoder passwords;
    private final CommonPasswords common;
    private final Clock clock;
    private final String demoEmail;
    private final RegistrationMode registration;
    private final SecureRandom random = new SecureRandom();
    /** Compared against when an e-mail is unknown, so a wrong e-mail takes as long as a wrong password. */
    private final String dummyHash;

    AccountService(AccountRepository accounts, PasswordEncoder passwords, CommonPasswords common, Clock clock,
                   @Value("${meterkast.demo.email:demo@meterkast.local}") String demoEmail,
                   @Value("${meterkast.accounts.registration:open}") String registration) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.common = common;
        this.clock = clock;
        this.demoEmail = demoEmail.strip().toLowerCase(Locale.ROOT);
        this.registration = RegistrationMode.of(registration);
        this.dummyHash = passwords.encode("not-a-password-of-anyone");
    }

    /** How people may register here: {@code meterkast.accounts.registration}. */
    public RegistrationMode registration() {
        return registration;
    }

    /** Whether the account with this e-mail is the demo's, which everyone shares. */
    public boolean isDemo(String email) {
        return demoEmail.equals(email);
    }

    /** Whether a person has an account here yet: until then anyone may register, and becomes the administrator. */
    public boolean fresh() {
        return !accounts.anyOtherThan(demoEmail);
    }

    /** Makes the oldest person's account the administrator where no account is one (an older install); whether it did. */
    @Transactional
    public boolean markFirstAdministrator() {
        return accounts.markFirstAdministrator(demoEmail);
    }

    /** Creates an account with a password; 409 when the e-mail has one already. No registration mode applies. */
    @Transactional
    public Account register(String email, String password, String name, String language) {
        String address = email(email);
        checkPassword(password, address);
        return insert(address, password, name, language);
    }

    /**
     * Registers as the form on the login page does, under the registration mode: with {@code closed} only the first
     * person on a fresh install, with {@code invite} only with an unused invitation code (or as that first person).
     */
    @Transactional
    public Account registerAs(String email, String password, String name, String language, String invitation) {
        boolean first = fresh();
        if (!first && registration == RegistrationMode.CLOSED) {
            throw new ApiException(HttpStatus.FORBIDDEN, null, "account.register.closed");
        }
        String address = email(email);
        checkPassword(password, address);
        // the code is checked before the e-mail, so without one nobody learns which addresses have an account
        String code = invitation == null ? "" : sha256(invitation.strip());
        if (!first && registration == RegistrationMode.INVITE && !accounts.useInvitation(code, clock.instant())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "invitation", "account.register.invitation");
        }
        Account account = insert(address, password, name, language);
        if (!first && registration == RegistrationMode.INVITE) {
            accounts.invitationUsedBy(code, account.id());
        }
        return account;
    }

    private Account insert(String address, String password, String name, String language) {
        if (accounts.findByEmail(address).isPresent()) {
            throw new ApiException(HttpStatus.CONFLICT, "email", "account.email.taken");
        }
        try {
            long id = accounts.insert(address, passwords.encode(password), name(name, address), language(language),
                    clock.instant(), firstPerson(address), false);
            return accounts.find(id).orElseThrow();
        } catch (DataIntegrityViolationException e) {
            throw new ApiException(HttpStatus.CONFLICT, "email", "account.email.taken");
        }
    }

    /** Whether a new account with this e-mail is the first of a person here, and so the administrator. */
    private boolean firstPerson(String address) {
        return !isDemo(address) && fresh();
    }

    /** A single-use invitation code for registering while {@code meterkast.accounts.registration=invite}. */
    @Transactional
    public Invitation invite(long byAccountId) {
        String code = randomText();
        Instant now = clock.instant();
        Instant expires = now.plus(INVITATION_VALID);
        accounts.insertInvitation(sha256(code), byAccountId, now, expires);
        return new Invitation(code, expires);
    }

    /** The account whose password this is, or empty; takes the same time whether or not the e-mail is known. */
    public Optional<SignedIn> authenticate(String email, String password) {
        String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        Optional<String> hash = accounts.passwordHash(address);
        boolean matches = matches(password, hash.orElse(dummyHash));
        if (hash.isEmpty() || !matches) {
            return Optional.empty();
        }
        return accounts.findByEmail(address).map(a -> new SignedIn(a.id(), a.email()));
    }

    /** A password too long for bcrypt matches nothing, after the same work as any other wrong password. */
    private boolean matches(String password, String hash) {
        String given = password == null ? "" : password;
        if (given.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            passwords.matches("", dummyHash);
            return false;
        }
        return passwords.matches(given, hash);
    }

    public Account profile(long accountId) {
        return accounts.find(accountId).orElseThrow(() -> new IllegalStateException("account " + accountId + " is gone"));
    }

    public List<String> identityProviders(long accountId) {
        return accounts.identityProviders(accountId);
    }

    /** Changes the name, language or e-mail; a new e-mail is not verified until proven again. */
    @Transactional
    public Account updateProfile(long accountId, String email, String name, String language) {
        Account now = profile(accountId);
        String address = email == null ? now.email() : email(email);
        boolean newAddress = !address.equals(now.email());
        if (newAddress && isDemo(now.email())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "email", "account.demo.locked");
        }
        if (newAddress && accounts.findByEmail(address).isPresent()) {
            throw new ApiException(HttpStatus.CONFLICT, "email", "account.email.taken");
        }
        try {
            accounts.update(accountId, address, name == null ? now.name() : name(name, address),
                    language == null ? now.language() : language(language));
        } catch (DataIntegrityViolationException e) {
            throw new ApiException(HttpStatus.CONFLICT, "email", "account.email.taken");
        }
        if (newAddress) {
            accounts.setEmailVerified(accountId, false);
        }
        return profile(accountId);
    }

    /**
     * Changes the password; the current one is asked for unless the account has none yet (social login only). Every
     * API token of the account is revoked: whoever knew the old password may have made one.
     */
    @Transactional
    public void changePassword(long accountId, String current, String next) {
        if (isDemo(profile(accountId).email())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "password", "account.demo.locked");
        }
        Optional<String> hash = accounts.passwordHash(accountId);
        if (hash.isPresent() && !matches(current, hash.get())) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "current", "account.password.wrong");
        }
        checkPassword(next, profile(accountId).email());
        accounts.setPasswordHash(accountId, passwords.encode(next));
        accounts.revokeTokens(accountId, clock.instant());
    }

    /**
     * The account a social login signs in as: the one this identity signed in as before; else, when someone is
     * signed in already (linking from the settings), that account; else, with an e-mail the provider has verified,
     * a new account without a password, or the account of another social login with that e-mail. An account that
     * has a password is never taken over by e-mail alone: whoever registered it first may not own the address, so
     * its owner logs in with the password and links the provider from the settings.
     */
    @Transactional
    public SignedIn signInWith(String provider, String subject, String email, boolean emailVerified, String name,
                               String language, Optional<SignedIn> signedIn) {
        Optional<Long> known = accounts.identity(provider, subject);
        if (known.isPresent()) {
            Account account = profile(known.get());
            if (emailVerified && !account.emailVerified() && account.email().equalsIgnoreCase(String.valueOf(email))) {
                accounts.setEmailVerified(account.id(), true);
            }
            return new SignedIn(account.id(), account.email());
        }
        if (signedIn.isPresent()) {
            accounts.linkIdentity(provider, subject, signedIn.get().accountId());
            return signedIn.get();
        }
        if (email == null || email.isBlank()) {
            throw new IllegalArgumentException(provider + " gave no e-mail address for " + subject);
        }
        String address = email(email);
        if (!emailVerified) {
            throw new IllegalArgumentException(provider + " has not verified " + address);
        }
        Optional<Account> existing = accounts.findByEmail(address);
        long id;
        if (existing.isPresent()) {
            if (existing.get().hasPassword()) {
                throw new IllegalArgumentException(address + " belongs to an account with a password: its owner"
                        + " logs in with the password and links " + provider + " in the settings");
            }
            id = existing.get().id();
            accounts.setEmailVerified(id, true);
        } else {
            // a provider's login brings no invitation code: it makes a new account only where registration is open
            if (registration != RegistrationMode.OPEN && !fresh()) {
                throw new IllegalArgumentException("registration is " + registration.text() + ": no new account for "
                        + address);
            }
            id = accounts.insert(address, null, name(name, address), languageOr(language), clock.instant(),
                    firstPerson(address), true);
        }
        accounts.linkIdentity(provider, subject, id);
        return new SignedIn(id, address);
    }

    // API tokens

    /** A new API token; the returned text is the only time it is shown. */
    @Transactional
    public IssuedToken issueToken(long accountId, String name) {
        if (name == null || name.isBlank() || name.strip().length() > 100) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "name", "account.token.name");
        }
        String token = TOKEN_PREFIX + randomText();
        long id = accounts.insertToken(accountId, name.strip(), sha256(token), clock.instant());
        return new IssuedToken(id, name.strip(), token);
    }

    public List<ApiToken> tokens(long accountId) {
        return accounts.tokens(accountId);
    }

    public void revokeToken(long accountId, long tokenId) {
        if (!accounts.revokeToken(accountId, tokenId, clock.instant())) {
            throw new ApiException(HttpStatus.NOT_FOUND, "token", "account.token.unknown", Long.toString(tokenId));
        }
    }

    /** The account of a bearer token, when the token is ours and not revoked. */
    public Optional<SignedIn> authenticateToken(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        return accounts.tokenOwner(sha256(token)).map(owner -> {
            Instant now = clock.instant();
            if (owner.lastUsed() == null || owner.lastUsed().plus(LAST_USED_STEP).isBefore(now)) {
                accounts.tokenUsed(owner.tokenId(), now);
            }
            return owner.signedIn();
        });
    }

    // password reset

    /** A one-time reset link's secret for the account with this e-mail, if there is one and it is not the demo's. */
    @Transactional
    public Optional<ResetLink> createReset(String email) {
        if (email == null) {
            return Optional.empty();
        }
        return accounts.findByEmail(email.strip().toLowerCase(Locale.ROOT)).filter(a -> !isDemo(a.email())).map(account -> {
            String secret = randomText();
            Instant expires = clock.instant().plus(RESET_VALID);
            accounts.insertReset(sha256(secret), account.id(), expires);
            return new ResetLink(account, secret, expires);
        });
    }

    /**
     * Sets a new password with a reset link's secret; the link then no longer works. The mailbox is proven, so the
     * e-mail counts as verified; every API token is revoked, as whoever took the account may have made one.
     */
    @Transactional
    public Account resetPassword(String secret, String password) {
        long id = accounts.useReset(sha256(secret == null ? "" : secret), clock.instant())
                .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "token", "account.reset.invalid"));
        Account account = profile(id);
        if (isDemo(account.email())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "password", "account.demo.locked");
        }
        checkPassword(password, account.email());
        accounts.setPasswordHash(id, passwords.encode(password));
        accounts.setEmailVerified(id, true);
        accounts.revokeTokens(id, clock.instant());
        return profile(id);
    }

    // e-mail verification

    /** A one-time link's secret that proves the account's current e-mail address when opened. */
    @Transactional
    public VerificationLink createVerification(long accountId) {
        Account account = profile(accountId);
        String secret = randomText();
        Instant expires = clock.instant().plus(VERIFICATION_VALID);
        accounts.insertVerification(sha256(secret), accountId, account.email(), expires);
        return new VerificationLink(account, secret, expires);
    }

    /** Marks the e-mail verified with a link's secret, if the account still has the address the link was sent to. */
    @Transactional
    public Account verifyEmail(String secret) {
        var verification = accounts.useVerification(sha256(secret == null ? "" : secret), clock.instant())
                .filter(v -> profile(v.accountId()).email().equals(v.email()))
                .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "token", "account.verify.invalid"));
        accounts.setEmailVerified(verification.accountId(), true);
        return profile(verification.accountId());
    }

    // rules

    static String email(String email) {
        String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (address.length() > 254 || !EMAIL.matcher(address).matches()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "email", "account.email.invalid",
                    email == null ? "" : email);
        }
        return address;
    }

    void checkPassword(String password, String email) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "password", "account.password.short",
                    Integer.toString(MIN_PASSWORD));
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "password", "account.password.long",
                    Integer.toString(MAX_PASSWORD_BYTES));
        }
        if (password.equalsIgnoreCase(email)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "password", "account.password.is-email");
        }
        if (common.contains(password)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "password", "account.password.common");
        }
    }

    private static String name(String name, String email) {
        String shown = name == null || name.isBlank() ? email.substring(0, email.indexOf('@')) : name.strip();
        if (shown.length() > 100) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "name", "account.name.long");
        }
        return shown;
    }

    static String language(String language) {
        if (language == null || !LANGUAGES.contains(language)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "language", "account.language.unknown",
                    String.valueOf(language));
        }
        return language;
    }

    private static String languageOr(String language) {
        return language != null && LANGUAGES.contains(language) ? language : "nl";
    }

    private String randomText() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A token as issued: its text is shown once. */
    public record IssuedToken(long id, String name, String token) {
    }

    /** A reset link's secret for an account, valid until {@code expires}. */
    public record ResetLink(Account account, String secret, Instant expires) {
    }

    /** A verification link's secret for an account's e-mail address, valid until {@code expires}. */
    public record VerificationLink(Account account, String secret, Instant expires) {
    }

    /** An invitation code as issued: shown once, valid once until {@code expires}. */
    public record Invitation(String code, Instant expires) {
    }

    /** How people may register: anyone, with an administrator's invitation, or nobody but the first person. */
    public enum RegistrationMode {
        OPEN, INVITE, CLOSED;

        static RegistrationMode of(String setting) {
            try {
                return valueOf(setting.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("meterkast.accounts.registration is open, invite or closed, not '"
                        + setting + "'", e);
            }
        }

        /** As the setting and the API write it. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
