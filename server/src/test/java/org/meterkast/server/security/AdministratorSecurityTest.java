package org.meterkast.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.TestServer;
import org.meterkast.server.TestSmtp;
import org.meterkast.server.account.AccountService;
import org.meterkast.server.account.Browser;
import org.meterkast.server.account.Browser.Answer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Administrators are explicit: the first account a person registers on a fresh install, or an account named in
 * {@code meterkast.accounts.administrators} whose e-mail is verified. The demo account, which everyone can log in
 * to, and any other household upload no day-ahead prices.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdministratorSecurityTest {
    static final String PRICES = "{\"unix_seconds\":[1777888800],\"price\":[12.5],\"unit\":\"EUR / MWh\"}";

    @TempDir
    static Path folder;
    @RegisterExtension
    static final TestSmtp smtp = new TestSmtp();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("administrators.db"));
        smtp.mail(registry, "https://meterkast.example.be");
        // the demo named too: naming it still makes it none
        registry.add("meterkast.accounts.administrators", () -> "named@example.be, demo@meterkast.local");
        registry.add("meterkast.accounts.registrations-per-address", () -> "100");
    }

    @LocalServerPort
    int port;
    @Autowired
    AccountService accounts;
    @Autowired
    JdbcClient jdbc;

    /** A fresh install: the demo household's account comes first (as at the first start), then the household's own. */
    @BeforeEach
    void freshInstall() {
        if (accounts.fresh()) {
            Probe.demoAccount(accounts, jdbc);
            Probe.registered(port, "first@example.be");
        }
    }

    @Test
    void theFirstPersonIsTheAdministratorAndTheDemoIsNot() {
        Browser first = Probe.loggedIn(port, "first@example.be", Probe.PASSWORD);
        assertThat(first.get("/api/account").json().get("administrator").asBoolean()).isTrue();
        assertThat(first.get("/api/session").json().get("account").get("administrator").asBoolean()).isTrue();
        assertThat(first.post("/api/prices", PRICES).status()).isEqualTo(200);

        Browser demo = Probe.loggedIn(port, "demo@meterkast.local", "meterkast-demo");
        assertThat(demo.get("/api/account").json().get("administrator").asBoolean()).isFalse();
        Answer refused = demo.post("/api/prices", PRICES);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").asString()).isEqualTo("This is not allowed for your account.");
    }

    @Test
    void aSecondAccountIsNoAdministrator() {
        Browser second = Probe.registered(port, "second@example.be");
        assertThat(second.get("/api/account").json().get("administrator").asBoolean()).isFalse();
        assertThat(second.post("/api/prices", PRICES).status()).isEqualTo(403);
    }

    @Test
    void aNamedAccountIsOneOnceItsEmailIsVerified() throws Exception {
        Browser named = Probe.registered(port, "named@example.be");
        Answer before = named.get("/api/account");
        assertThat(before.json().get("administrator").asBoolean()).isFalse();
        assertThat(before.json().get("emailVerified").asBoolean()).isFalse();
        assertThat(named.post("/api/prices", PRICES).status()).isEqualTo(403);

        smtp.purgeEmailFromAllMailboxes();
        assertThat(named.post("/api/account/email-verification", null).status()).isEqualTo(202);
        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        Matcher link = Pattern.compile("https://meterkast\\.example\\.be/#verify/([A-Za-z0-9_-]{43})")
                .matcher(smtp.getReceivedMessages()[0].getContent().toString());
        assertThat(link.find()).isTrue();
        // a wrong link proves nothing
        assertThat(named.post("/api/account/email-verification/confirm", "{\"token\":\"made-up\"}").status())
                .isEqualTo(400);
        Answer verified = named.post("/api/account/email-verification/confirm", "{\"token\":\"" + link.group(1) + "\"}");
        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.json().get("emailVerified").asBoolean()).isTrue();
        assertThat(named.get("/api/session").json().get("account").get("administrator").asBoolean()).isTrue();
        assertThat(named.post("/api/prices", PRICES).status()).isEqualTo(200);

        // a new address is not verified: the administrator's rights wait for it to be proven again
        assertThat(named.put("/api/account", "{\"email\":\"renamed@example.be\"}").status()).isEqualTo(200);
        assertThat(named.post("/api/prices", PRICES).status()).isEqualTo(403);
    }
}
