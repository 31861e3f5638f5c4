package org.meterkast.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.TestServer;
import org.meterkast.server.TestSmtp;
import org.meterkast.server.account.AccountService;
import org.meterkast.server.account.Browser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A password change or reset ends what the old password opened: a change ends every other session of the account
 * (this browser stays signed in, under a new session id) and revokes its API tokens; a reset ends every session and
 * revokes every token, then signs in the browser that reset it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SessionEndSecurityTest {
    @TempDir
    static Path folder;
    @RegisterExtension
    static final TestSmtp smtp = new TestSmtp();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("sessions.db"));
        smtp.mail(registry, "https://meterkast.example.be");
    }

    @LocalServerPort
    int port;
    @Autowired
    AccountService accounts;
    @Autowired
    JdbcClient jdbc;

    private long sessionsOf(long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?").param(Long.toString(accountId))
                .query(Long.class).single();
    }

    @Test
    void aPasswordChangeEndsTheOtherSessionsAndRevokesTheTokens() {
        long id = accounts.register("change@example.be", "the-old-password", "Change", "en").id();
        Browser here = Probe.loggedIn(port, "change@example.be", "the-old-password");
        Browser elsewhere = Probe.loggedIn(port, "change@example.be", "the-old-password");
        String bearer = Probe.token(here);
        Browser script = new Browser(port);
        assertThat(elsewhere.get("/api/account").status()).isEqualTo(200);
        assertThat(script.get("/api/account", bearer).status()).isEqualTo(200);
        assertThat(sessionsOf(id)).isEqualTo(2);
        String before = here.cookie("SESSION");

        assertThat(here.put("/api/account/password", "{\"current\":\"the-old-password\",\"password\":\"the-new-password\"}")
                .status()).isEqualTo(204);

        assertThat(elsewhere.get("/api/account").status()).isEqualTo(401);
        assertThat(script.get("/api/account", bearer).status()).isEqualTo(401);
        assertThat(here.get("/api/account").status()).isEqualTo(200);
        assertThat(here.cookie("SESSION")).isNotEqualTo(before);
        assertThat(sessionsOf(id)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM api_token WHERE account_id = ? AND revoked_epoch IS NULL").param(id)
                .query(Long.class).single()).isZero();
        // the browser that changed it goes on working
        assertThat(here.post("/api/account/tokens", "{\"name\":\"again\"}").status()).isEqualTo(201);
    }

    @Test
    void aPasswordResetEndsEverySessionAndRevokesTheTokens() throws Exception {
        long id = accounts.register("reset@example.be", "the-old-password", "Reset", "en").id();
        Browser one = Probe.loggedIn(port, "reset@example.be", "the-old-password");
        Browser two = Probe.loggedIn(port, "reset@example.be", "the-old-password");
        String bearer = Probe.token(one);
        Browser script = new Browser(port);
        assertThat(script.get("/api/account", bearer).status()).isEqualTo(200);

        smtp.purgeEmailFromAllMailboxes();
        Browser resetting = new Browser(port).open();
        assertThat(resetting.post("/api/account/password-reset", "{\"email\":\"reset@example.be\"}").status())
                .isEqualTo(202);
        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        Matcher link = Pattern.compile("#reset/([A-Za-z0-9_-]{43})")
                .matcher(smtp.getReceivedMessages()[0].getContent().toString());
        assertThat(link.find()).isTrue();
        assertThat(resetting.post("/api/account/password-reset/confirm",
                "{\"token\":\"" + link.group(1) + "\",\"password\":\"the-new-password\"}").status()).isEqualTo(200);

        assertThat(one.get("/api/account").status()).isEqualTo(401);
        assertThat(two.get("/api/account").status()).isEqualTo(401);
        assertThat(script.get("/api/account", bearer).status()).isEqualTo(401);
        assertThat(resetting.get("/api/account").json().get("email").asString()).isEqualTo("reset@example.be");
        assertThat(sessionsOf(id)).isEqualTo(1);
    }
}
