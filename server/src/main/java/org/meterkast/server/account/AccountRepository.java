package org.meterkast.server.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Accounts, their social-login identities, API tokens, password-reset and verification links, invitations (V9, V13). */
@Repository
public class AccountRepository {
    private static final String COLUMNS = "id, email, name, language, password_hash IS NOT NULL AS has_password,"
            + " administrator, email_verified";

    private final JdbcClient jdbc;

    AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(String email, String passwordHash, String name, String language, Instant now, boolean administrator,
                boolean emailVerified) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO account (email, password_hash, name, language, created_epoch, administrator, email_verified)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(email, passwordHash, name, language, now.getEpochSecond(), administrator, emailVerified)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** Whether any account other than the one with this e-mail (the demo's) exists. */
    boolean anyOtherThan(String email) {
        return jdbc.sql("SELECT COUNT(*) FROM account WHERE email <> ?").param(email).query(Long.class).single() > 0;
    }

    /**
     * Makes the oldest account other than the demo's the first administrator, unless some account is one already;
     * whether it did.
     */
    boolean markFirstAdministrator(String demoEmail) {
        return jdbc.sql("""
                        UPDATE account SET administrator = ?
                        WHERE id = (SELECT min(id) FROM account WHERE email <> ?)
                          AND NOT EXISTS (SELECT 1 FROM account WHERE administrator = ?)""")
                .params(true, demoEmail, true).update() == 1;
    }

    void setEmailVerified(long id, boolean verified) {
        jdbc.sql("UPDATE account SET email_verified = ? WHERE id = ?").params(verified, id).update();
    }

    public Optional<Account> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE id = ?").param(id).query(AccountRepository::account)
                .optional();
    }

    public Optional<Account> findByEmail(String email) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE email = ?").param(email)
                .query(AccountRepository::account).optional();
    }

    Optional<String> passwordHash(String email) {
        return jdbc.sql("SELECT password_hash FROM account WHERE email = ? AND password_hash IS NOT NULL").param(email)
                .query(String.class).optional();
    }

    Optional<String> passwordHash(long id) {
        return jdbc.sql("SELECT password_hash FROM account WHERE id = ? AND password_hash IS NOT NULL").param(id)
                .query(String.class).optional();
    }

    void update(long id, String email, String name, String language) {
        jdbc.sql("UPDATE account SET email = ?, name = ?, language = ? WHERE id = ?")
                .params(email, name, language, id).update();
    }

    void setPasswordHash(long id, String hash) {
        jdbc.sql("UPDATE account SET password_hash = ? WHERE id = ?").params(hash, id).update();
    }

    Optional<Long> identity(String provider, String subject) {
        return jdbc.sql("SELECT account_id FROM account_identity WHERE provider = ? AND subject = ?")
                .params(provider, subject).query(Long.class).optional();
    }

    void linkIdentity(String provider, String subject, long accountId) {
        jdbc.sql("INSERT INTO account_identity (provider, subject, account_id) VALUES (?, ?, ?)")
                .params(provider, subject, accountId).update();
    }

    List<String> identityProviders(long accountId) {
        return jdbc.sql("SELECT provider FROM account_identity WHERE account_id = ? ORDER BY provider")
                .param(accountId).query(String.class).list();
    }

    // API tokens

    long insertToken(long accountId, String name, String sha256, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO api_token (account_id, name, token_sha256, created_epoch) VALUES (?, ?, ?, ?)")
                .params(accountId, name, sha256, now.getEpochSecond())
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    List<ApiToken> tokens(long accountId) {
        return jdbc.sql("""
                        SELECT id, name, created_epoch, last_used_epoch, revoked_epoch FROM api_token
                        WHERE account_id = ? ORDER BY id""")
                .param(accountId)
                .query((rs, n) -> new ApiToken(rs.getLong(1), rs.getString(2), Instant.ofEpochSecond(rs.getLong(3)),
                        epoch(rs.getObject(4)), epoch(rs.getObject(5))))
                .list();
    }

    /** The signed-in account of a token that is not revoked, by the token's SHA-256. */
    Optional<TokenOwner> tokenOwner(String sha256) {
        return jdbc.sql("""
                        SELECT t.id, a.id, a.email, t.last_used_epoch FROM api_token t JOIN account a ON a.id = t.account_id
                        WHERE t.token_sha256 = ? AND t.revoked_epoch IS NULL""")
                .param(sha256)
                .query((rs, n) -> new TokenOwner(rs.getLong(1), new SignedIn(rs.getLong(2), rs.getString(3)),
                        epoch(rs.getObject(4))))
                .optional();
    }

    void tokenUsed(long tokenId, Instant now) {
        jdbc.sql("UPDATE api_token SET last_used_epoch = ? WHERE id = ?").params(now.getEpochSecond(), tokenId).update();
    }

    /** Revokes every token of an account that is not revoked yet; how many. */
    int revokeTokens(long accountId, Instant now) {
        return jdbc.sql("UPDATE api_token SET revoked_epoch = ? WHERE account_id = ? AND revoked_epoch IS NULL")
                .params(now.getEpochSecond(), accountId).update();
    }

    boolean revokeToken(long accountId, long tokenId, Instant now) {
        return jdbc.sql("UPDATE api_token SET revoked_epoch = ? WHERE id = ? AND account_id = ? AND revoked_epoch IS NULL")
                .params(now.getEpochSecond(), tokenId, accountId).update() == 1;
    }

    // password resets

    void insertReset(String sha256, long accountId, Instant expires) {
        jdbc.sql("INSERT INTO password_reset (token_sha256, account_id, expires_epoch) VALUES (?, ?, ?)")
                .params(sha256, accountId, expires.getEpochSecond()).update();
    }

    /** Marks a reset link used and names its account, if it was unused and not expired; a link works once. */
    @Transactional
    public Optional<Long> useReset(String sha256, Instant now) {
        Optional<Long> account = jdbc.sql("""
                        SELECT account_id FROM password_reset
                        WHERE token_sha256 = ? AND used_epoch IS NULL AND expires_epoch > ?""")
                .params(sha256, now.getEpochSecond()).query(Long.class).optional();
        account.ifPresent(a -> jdbc.sql("UPDATE password_reset SET used_epoch = ? WHERE token_sha256 = ?")
                .params(now.getEpochSecond(), sha256).update());
        return account;
    }

    // e-mail verification links

    void insertVerification(String sha256, long accountId, String email, Instant expires) {
        jdbc.sql("INSERT INTO email_verification (token_sha256, account_id, email, expires_epoch) VALUES (?, ?, ?, ?)")
                .params(sha256, accountId, email, expires.getEpochSecond()).update();
    }

    /** Marks a verification link used; the account and the address it was sent to, if it was unused and valid. */
    Optional<Verification> useVerification(String sha256, Instant now) {
        Optional<Verification> verification = jdbc.sql("""
                        SELECT account_id, email FROM email_verification
                        WHERE token_sha256 = ? AND used_epoch IS NULL AND expires_epoch > ?""")
                .params(sha256, now.getEpochSecond())
                .query((rs, n) -> new Verification(rs.getLong(1), rs.getString(2))).optional();
        verification.ifPresent(v -> jdbc.sql("UPDATE email_verification SET used_epoch = ? WHERE token_sha256 = ?")
                .params(now.getEpochSecond(), sha256).update());
        return verification;
    }

    // invitations

    void insertInvitation(String sha256, long createdBy, Instant now, Instant expires) {
        jdbc.sql("INSERT INTO invitation (code_sha256, created_by, created_epoch, expires_epoch) VALUES (?, ?, ?, ?)")
                .params(sha256, createdBy, now.getEpochSecond(), expires.getEpochSecond()).update();
    }

    /** Marks an invitation used, if it was unused and not expired: a code works once. */
    boolean useInvitation(String sha256, Instant now) {
        return jdbc.sql("""
                        UPDATE invitation SET used_epoch = ?
                        WHERE code_sha256 = ? AND used_epoch IS NULL AND expires_epoch > ?""")
                .params(now.getEpochSecond(), sha256, now.getEpochSecond()).update() == 1;
    }

    void invitationUsedBy(String sha256, long accountId) {
        jdbc.sql("UPDATE invitation SET used_by = ? WHERE code_sha256 = ?").params(accountId, sha256).update();
    }

    private static Account account(ResultSet rs, int row) throws SQLException {
        return new Account(rs.getLong("id"), rs.getString("email"), rs.getString("name"), rs.getString("language"),
                rs.getBoolean("has_password"), rs.getBoolean("administrator"), rs.getBoolean("email_verified"));
    }

    private static Instant epoch(Object value) {
        return value == null ? null : Instant.ofEpochSecond(((Number) value).longValue());
    }

    /** An API token as its owner sees it in the list: never the token itself, which is shown once. */
    public record ApiToken(long id, String name, Instant created, Instant lastUsed, Instant revoked) {
    }

    record Verification(long accountId, String email) {
    }

    record TokenOwner(long tokenId, SignedIn signedIn, Instant lastUsed) {
    }
}
