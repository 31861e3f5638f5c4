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
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registering, passwords, profiles, social-login identities, API tokens and password-reset links. Passwords and
 * tokens are never stored: a password as a bcrypt hash, a token or reset link as its SHA-256.
 */
@Service
public class AccountService {
    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 200;
    /** A reset link works once, within the hour. */
    static final Duration RESET_VALID = Duration.ofHours(1);
    /** A token's "last used" is written at most once a minute, so API calls do not each write to the database. */
    private static final Duration LAST_USED_STEP = Duration.ofMinutes(1);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final List<String> LANGUAGES = List.of("nl", "fr", "en");
    static final String TOKEN_PREFIX = "mk_";

    private final AccountRepository accounts;
    private final PasswordEncoder passwords;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Compared against when an e-mail is unknown, so a wrong e-mail takes as long as a wrong password. */
    private final String dummyHash;

    AccountService(AccountRepository accounts, PasswordEncoder passwords, Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.clock = clock;
        this.dummyHash = passwords.encode("not-a-password-of-anyone");
    }

    /** Creates an account with a password; 409 when the e-mail has one already. */
    @Transactional
    public Account register(String email, String password, String name, String language) {
        String address = email(email);
        checkPassword(password, address);
        if (accounts.findByEmail(address).isPresent()) {
            throw new ApiException(HttpStatus.CONFLICT, "email", "account.email.taken", address);
        }
        try {
            long id = accounts.insert(address, passwords.encode(password), name(name, address), language(language),
                    clock.instant());
            return accounts.find(id).orElseThrow();
        } catch (DataIntegrityViolationException e) {
            throw new ApiException(HttpStatus.CONFLICT, "email", "account.email.taken", address);
        }
    }

    /** The account whose password this is, or empty; takes the same time whether or not the e-mail is known. */
    public Optional<SignedIn> authenticate(String email, String password) {
        String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        Optional<String> hash = accounts.passwordHash(address);
        boolean matches = passwords.matches(password == null ? "" : password, hash.orElse(dummyHash));
        if (hash.isEmpty() || !matches) {
            return Optional.empty();
        }
        return accounts.findByEmail(address).map(a -> new SignedIn(a.id(), a.email()));
    }

    public Account profile(long accountId) {
        return accounts.find(accountId).orElseThrow(() -> new IllegalStateException("account " + accountId + " is gone"));
    }

    public List<String> identityProviders(long accountId) {
        return accounts.identityProviders(accountId);
    }

    @Transactional
    public Account updateProfile(long accountId, String email, String name, String language) {
        Account now = profile(accountId);
        String address = email == null ? now.email() : email(email);
        if (!address.equals(now.email()) && accounts.findByEmail(address).isPresent()) {
            throw new ApiException(HttpStatus.CONFLICT, "email", "account.email.taken", address);
        }
        try {
            accounts.update(accountId, address, name == null ? now.name() : name(name, address),
                    language == null ? now.language() : language(language));
        } catch (DataIntegrityViolationException e) {
            throw new ApiException(HttpStatus.CONFLICT, "email", "account.email.taken", address);
        }
        return profile(accountId);
    }

    /** Changes the password; the current one is asked for unless the account has none yet (social login only). */
    @Transactional
    public void changePassword(long accountId, String current, String next) {
        Optional<String> hash = accounts.passwordHash(accountId);
        if (hash.isPresent() && !passwords.matches(current == null ? "" : current, hash.get())) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "current", "account.password.wrong");
        }
        checkPassword(next, profile(accountId).email());
        accounts.setPasswordHash(accountId, passwords.encode(next));
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
        } else {
            id = accounts.insert(address, null, name(name, address), languageOr(language), clock.instant());
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

    /** A one-time reset link's secret for the account with this e-mail, if there is one. */
    @Transactional
    public Optional<ResetLink> createReset(String email) {
        if (email == null) {
            return Optional.empty();
        }
        return accounts.findByEmail(email.strip().toLowerCase(Locale.ROOT)).map(account -> {
            String secret = randomText();
            Instant expires = clock.instant().plus(RESET_VALID);
            accounts.insertReset(sha256(secret), account.id(), expires);
            return new ResetLink(account, secret, expires);
        });
    }

    /** Sets a new password with a reset link's secret; the link then no longer works. */
    @Transactional
    public Account resetPassword(String secret, String password) {
        long id = accounts.useReset(sha256(secret == null ? "" : secret), clock.instant())
                .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "token", "account.reset.invalid"));
        checkPassword(password, profile(id).email());
        accounts.setPasswordHash(id, passwords.encode(password));
        return profile(id);
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

    static void checkPassword(String password, String email) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "password", "account.password.short",
                    Integer.toString(MIN_PASSWORD));
        }
        if (password.length() > MAX_PASSWORD) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "password", "account.password.long",
                    Integer.toString(MAX_PASSWORD));
        }
        if (password.equalsIgnoreCase(email)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "password", "account.password.is-email");
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
}
