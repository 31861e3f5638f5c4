package org.meterkast.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.TestServer;
import org.meterkast.server.TestSmtp;
import org.meterkast.server.account.Browser.Answer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Accounts over real HTTP, as the web app uses them: sessions, CSRF, throttling, reset mails, API tokens. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccountApiTest {
    @TempDir
    static Path folder;
    @RegisterExtension
    static final TestSmtp smtp = new TestSmtp();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("accounts.db"));
        smtp.mail(registry, "https://meterkast.example.be");
        registry.add("meterkast.mail.from", () -> "meterkast@test.local");
        registry.add("meterkast.accounts.administrators", () -> "Boss@example.be, other@example.be");
        // every test here registers from 127.0.0.1
        registry.add("meterkast.accounts.registrations-per-address", () -> "100");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AccountService accounts;

    /** The household's own account comes first, whichever test runs first: it is the administrator. */
    @BeforeEach
    void firstAccount() {
        if (jdbc.sql("SELECT COUNT(*) FROM account WHERE email = 'owner@example.be'").query(Long.class).single() == 0) {
            assertThat(accounts.register("owner@example.be", "the-first-owner", "Owner", "nl").administrator()).isTrue();
        }
    }

    @Test
    void registerLogOutAndLogInAgain() {
        Browser browser = new Browser(port).open();
        Answer registered = browser.post("/api/account/register",
                "{\"email\":\" Sofie@Example.be \",\"password\":\"gent-2026-zon\",\"name\":\"Sofie\",\"language\":\"nl\"}");
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().get("email").asString()).isEqualTo("sofie@example.be");
        assertThat(browser.get("/api/account").json().get("name").asString()).isEqualTo("Sofie");
        assertThat(browser.get("/api/session").json().get("account").get("language").asString()).isEqualTo("nl");

        assertThat(browser.post("/api/account/logout", null).status()).isEqualTo(204);
        Answer anonymous = browser.get("/api/account");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("error").asString()).isEqualTo("Log in first.");

        Answer wrong = browser.language("nl").post("/api/account/login",
                "{\"email\":\"sofie@example.be\",\"password\":\"gent-2026-maan\"}");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").asString()).isEqualTo("Het e-mailadres of het wachtwoord klopt niet.");
        Answer right = browser.post("/api/account/login", "{\"email\":\"SOFIE@example.be\",\"password\":\"gent-2026-zon\"}");
        assertThat(right.status()).isEqualTo(200);
        assertThat(browser.get("/api/account").json().get("email").asString()).isEqualTo("sofie@example.be");

        // stored as a bcrypt hash, never as the password
        String hash = jdbc.sql("SELECT password_hash FROM account WHERE email = 'sofie@example.be'").query(String.class)
                .single();
        assertThat(hash).startsWith("{bcrypt}$2a$10$").doesNotContain("gent-2026-zon");
    }

    @Test
    void aSecondAccountWithTheSameEmailAndABadPasswordAreRefusedClearly() {
        Browser browser = new Browser(port).open().language("fr");
        browser.post("/api/account/register", "{\"email\":\"karim@example.be\",\"password\":\"antwerpen-40\"}");
        Answer twice = new Browser(port).open().language("fr").post("/api/account/register",
                "{\"email\":\"karim@example.be\",\"password\":\"antwerpen-41\"}");
        assertThat(twice.status()).isEqualTo(409);
        // short and generic: the address is not echoed back
        assertThat(twice.json().get("error").asString()).doesNotContain("karim").contains("existe déjà");
        Answer shortPassword = new Browser(port).open().language("fr").post("/api/account/register",
                "{\"email\":\"els@example.be\",\"password\":\"leuven\"}");
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.json().get("parameter").asString()).isEqualTo("password");
        assertThat(shortPassword.json().get("error").asString()).isEqualTo("Un mot de passe compte au moins 10 caractères.");
        Answer notAnEmail = new Browser(port).open().post("/api/account/register",
                "{\"email\":\"els.example.be\",\"password\":\"leuven-3000\"}");
        assertThat(notAnEmail.json().get("error").asString()).isEqualTo("'els.example.be' is not an e-mail address.");
    }

    @Test
    void aChangeWithoutTheCsrfTokenIsRefused() {
        Browser browser = new Browser(port).open();
        browser.post("/api/account/register", "{\"email\":\"csrf@example.be\",\"password\":\"csrf-proof-1\"}");
        Answer forged = browser.postWithoutCsrf("/api/account/tokens", "{\"name\":\"evil\"}");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(browser.get("/api/account/tokens").json()).isEmpty();
        assertThat(browser.post("/api/account/tokens", "{\"name\":\"good\"}").status()).isEqualTo(201);
    }

    @Test
    void afterFiveWrongPasswordsTheNextAttemptsWaitEvenWithTheRightOne() {
        new Browser(port).open().post("/api/account/register",
                "{\"email\":\"guess@example.be\",\"password\":\"hard-to-guess\"}");
        Browser attacker = new Browser(port).open();
        for (int i = 0; i < LoginThrottle.PER_EMAIL; i++) {
            Answer wrong = attacker.post("/api/account/login", "{\"email\":\"guess@example.be\",\"password\":\"guess" + i + "\"}");
            assertThat(wrong.status()).as("attempt %d", i + 1).isEqualTo(401);
        }
        Answer throttled = attacker.post("/api/account/login",
                "{\"email\":\"guess@example.be\",\"password\":\"hard-to-guess\"}");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 15 * 60L);
        assertThat(throttled.json().get("error").asString()).isEqualTo("Too many failed attempts. Try again in 15 minutes.");
        assertThat(attacker.get("/api/account").status()).isEqualTo(401);
    }

    @Test
    void changingThePasswordAsksForTheCurrentOne() {
        Browser browser = new Browser(port).open();
        browser.post("/api/account/register", "{\"email\":\"change@example.be\",\"password\":\"first-password\"}");
        Answer wrong = browser.put("/api/account/password", "{\"current\":\"not-it-at-all\",\"password\":\"second-password\"}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("parameter").asString()).isEqualTo("current");
        assertThat(browser.put("/api/account/password", "{\"current\":\"first-password\",\"password\":\"second-password\"}")
                .status()).isEqualTo(204);
        Browser other = new Browser(port).open();
        assertThat(other.post("/api/account/login", "{\"email\":\"change@example.be\",\"password\":\"first-password\"}")
                .status()).isEqualTo(401);
        assertThat(other.post("/api/account/login", "{\"email\":\"change@example.be\",\"password\":\"second-password\"}")
                .status()).isEqualTo(200);
    }

    @Test
    void forgottenPasswordSendsAOneTimeLinkByMailInTheAccountsLanguage() throws Exception {
        new Browser(port).open().post("/api/account/register",
                "{\"email\":\"vergeten@example.be\",\"password\":\"oud-wachtwoord\",\"name\":\"An\",\"language\":\"nl\"}");
        smtp.purgeEmailFromAllMailboxes();
        Browser browser = new Browser(port).open();
        assertThat(browser.post("/api/account/password-reset", "{\"email\":\"nobody@example.be\"}").status()).isEqualTo(202);
        assertThat(browser.post("/api/account/password-reset", "{\"email\":\"Vergeten@example.be\"}").status()).isEqualTo(202);

        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).hasSize(1);
        MimeMessage mail = mails[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("vergeten@example.be");
        assertThat(mail.getSubject()).isEqualTo("Meterkast: kies een nieuw wachtwoord");
        String body = mail.getContent().toString();
        assertThat(body).startsWith("Hallo An,").doesNotContain("oud-wachtwoord");
        Matcher link = Pattern.compile("https://meterkast\\.example\\.be/#reset/([A-Za-z0-9_-]{43})").matcher(body);
        assertThat(link.find()).as(body).isTrue();
        String secret = link.group(1);

        Answer reset = browser.post("/api/account/password-reset/confirm",
                "{\"token\":\"" + secret + "\",\"password\":\"nieuw-wachtwoord\"}");
        assertThat(reset.status()).isEqualTo(200);
        assertThat(browser.get("/api/account").json().get("email").asString()).isEqualTo("vergeten@example.be");
        Answer again = new Browser(port).open().language("nl").post("/api/account/password-reset/confirm",
                "{\"token\":\"" + secret + "\",\"password\":\"derde-wachtwoord\"}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("error").asString()).startsWith("Deze link is niet geldig");
        Browser login = new Browser(port).open();
        assertThat(login.post("/api/account/login", "{\"email\":\"vergeten@example.be\",\"password\":\"oud-wachtwoord\"}")
                .status()).isEqualTo(401);
        assertThat(login.post("/api/account/login", "{\"email\":\"vergeten@example.be\",\"password\":\"nieuw-wachtwoord\"}")
                .status()).isEqualTo(200);
    }

    @Test
    void anApiTokenSignsInUntilItIsRevoked() {
        Browser browser = new Browser(port).open();
        browser.post("/api/account/register", "{\"email\":\"tokens@example.be\",\"password\":\"token-owner-1\"}");
        Answer issued = browser.post("/api/account/tokens", "{\"name\":\"Home Assistant\"}");
        assertThat(issued.status()).isEqualTo(201);
        String token = issued.json().get("token").asString();
        assertThat(token).startsWith("mk_").hasSize(46);

        Browser script = new Browser(port);
        Answer me = script.get("/api/account", "Bearer " + token);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("email").asString()).isEqualTo("tokens@example.be");
        // a token needs no CSRF token: no browser sends it by itself
        assertThat(script.get("/api/locations", "Bearer " + token).status()).isEqualTo(200);

        Answer list = browser.get("/api/account/tokens");
        assertThat(list.json()).hasSize(1);
        assertThat(list.json().get(0).get("name").asString()).isEqualTo("Home Assistant");
        assertThat(list.json().get(0).get("lastUsed").isNull()).isFalse();
        assertThat(list.json().get(0).has("token")).isFalse();
        assertThat(jdbc.sql("SELECT token_sha256 FROM api_token").query(String.class).list()).doesNotContain(token);

        long id = issued.json().get("id").asLong();
        assertThat(browser.delete("/api/account/tokens/" + id).status()).isEqualTo(204);
        Answer revoked = script.get("/api/account", "Bearer " + token);
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.json().get("error").asString()).isEqualTo("This API token is unknown or was revoked.");
        assertThat(browser.delete("/api/account/tokens/" + id).status()).isEqualTo(404);
    }

    @Test
    void theLanguageIsKeptPerAccount() {
        Browser browser = new Browser(port).open();
        browser.post("/api/account/register", "{\"email\":\"taal@example.be\",\"password\":\"meertalig-1\"}");
        Answer changed = browser.put("/api/account", "{\"language\":\"fr\",\"name\":\"Marie\"}");
        assertThat(changed.status()).isEqualTo(200);
        Browser later = new Browser(port).open();
        later.post("/api/account/login", "{\"email\":\"taal@example.be\",\"password\":\"meertalig-1\"}");
        assertThat(later.get("/api/session").json().get("account").get("language").asString()).isEqualTo("fr");
        assertThat(later.get("/api/account").json().get("name").asString()).isEqualTo("Marie");
        Answer unknown = later.put("/api/account", "{\"language\":\"de\"}");
        assertThat(unknown.status()).isEqualTo(400);
    }

    @Test
    void onlyAnAdministratorUploadsTheDayAheadPricesEveryHouseholdShares() throws Exception {
        String prices = "{\"unix_seconds\":[1777888800],\"price\":[12.5],\"unit\":\"EUR / MWh\"}";
        Browser household = new Browser(port).open();
        household.post("/api/account/register", "{\"email\":\"household@example.be\",\"password\":\"just-a-household\"}");
        Answer refused = household.post("/api/prices", prices);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").asString()).isEqualTo("This is not allowed for your account.");
        assertThat(new Browser(port).open().post("/api/prices", prices).status()).isEqualTo(401);

        // named, but anyone could have registered the address: it counts once its mailbox is proven
        Browser boss = new Browser(port).open();
        boss.post("/api/account/register", "{\"email\":\"boss@example.be\",\"password\":\"the-administrator\"}");
        assertThat(boss.get("/api/account").json().get("administrator").asBoolean()).isFalse();
        assertThat(boss.post("/api/prices", prices).status()).isEqualTo(403);
        smtp.purgeEmailFromAllMailboxes();
        assertThat(boss.post("/api/account/email-verification", null).status()).isEqualTo(202);
        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        Matcher link = Pattern.compile("https://meterkast\\.example\\.be/#verify/([A-Za-z0-9_-]{43})")
                .matcher(smtp.getReceivedMessages()[0].getContent().toString());
        assertThat(link.find()).isTrue();
        Answer verified = boss.post("/api/account/email-verification/confirm", "{\"token\":\"" + link.group(1) + "\"}");
        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.json().get("emailVerified").asBoolean()).isTrue();
        assertThat(verified.json().get("administrator").asBoolean()).isTrue();
        assertThat(boss.post("/api/prices", prices).status()).isEqualTo(200);
        // reading them is everyone's
        assertThat(household.get("/api/prices?from=2026-05-04&to=2026-05-05").status()).isEqualTo(200);
    }
}
