package org.meterkast.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.TestServer;
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
 * Password rules: longer than bcrypt's 72 bytes is refused with 400 (it gave 500), so is one of the most common
 * passwords, in the user's language; the demo account's password and e-mail, which everyone shares, stay as they are.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PasswordRulesSecurityTest {
    /** 37 characters, 74 bytes in UTF-8. */
    static final String ACCENTS = "é".repeat(37);

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("passwords.db"));
        registry.add("meterkast.accounts.registrations-per-address", () -> "100");
    }

    @LocalServerPort
    int port;
    @Autowired
    AccountService accounts;
    @Autowired
    JdbcClient jdbc;

    /** The demo account as the simulated household makes it. */
    @BeforeEach
    void demo() {
        Probe.demoAccount(accounts, jdbc);
    }

    private Answer register(String language, String email, String password) {
        return new Browser(port).open().language(language).post("/api/account/register",
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    @Test
    void aPasswordLongerThan72BytesIsRefusedClearly() {
        Answer accents = register("fr", "accents@example.be", ACCENTS);
        assertThat(accents.status()).isEqualTo(400);
        assertThat(accents.json().get("parameter").asString()).isEqualTo("password");
        assertThat(accents.json().get("error").asString()).contains("72 octets").contains("UTF-8");
        Answer ascii = register("nl", "ascii@example.be", "x".repeat(200));
        assertThat(ascii.status()).isEqualTo(400);
        assertThat(ascii.json().get("error").asString()).contains("72 bytes").contains("UTF-8");
        // 72 bytes is still fine
        assertThat(register("en", "just@example.be", "é".repeat(36)).status()).isEqualTo(201);

        Browser browser = Probe.registered(port, "change-long@example.be", "a-fine-password");
        Answer change = browser.put("/api/account/password", "{\"current\":\"a-fine-password\",\"password\":\"" + ACCENTS + "\"}");
        assertThat(change.status()).isEqualTo(400);
        assertThat(change.json().get("error").asString()).contains("72 bytes");
        // a long guess at login is a wrong password, not an error
        Answer login = new Browser(port).open().post("/api/account/login",
                "{\"email\":\"change-long@example.be\",\"password\":\"" + "y".repeat(100) + "\"}");
        assertThat(login.status()).isEqualTo(401);

        String secret = accounts.createReset("change-long@example.be").orElseThrow().secret();
        Answer reset = new Browser(port).open().post("/api/account/password-reset/confirm",
                "{\"token\":\"" + secret + "\",\"password\":\"" + ACCENTS + "\"}");
        assertThat(reset.status()).isEqualTo(400);
        assertThat(reset.json().get("error").asString()).contains("72 bytes");
    }

    @Test
    void aCommonPasswordIsRefusedInTheUsersLanguage() {
        Answer en = register("en", "common-en@example.be", "Password123");
        assertThat(en.status()).isEqualTo(400);
        assertThat(en.json().get("error").asString()).startsWith("This password is among the most common");
        Answer nl = register("nl", "common-nl@example.be", "qwertyuiop");
        assertThat(nl.status()).isEqualTo(400);
        assertThat(nl.json().get("error").asString()).startsWith("Dit wachtwoord hoort bij de meest gebruikte");
        Answer fr = register("fr", "common-fr@example.be", "1234567890");
        assertThat(fr.status()).isEqualTo(400);
        assertThat(fr.json().get("error").asString()).startsWith("Ce mot de passe est parmi les plus courants");

        Browser browser = Probe.registered(port, "common-change@example.be", "an-uncommon-one");
        assertThat(browser.put("/api/account/password", "{\"current\":\"an-uncommon-one\",\"password\":\"iloveyou12\"}")
                .status()).isEqualTo(400);
    }

    @Test
    void theDemoAccountKeepsItsPasswordAndEmail() {
        Browser demo = Probe.loggedIn(port, "demo@meterkast.local", "meterkast-demo");
        Answer password = demo.put("/api/account/password",
                "{\"current\":\"meterkast-demo\",\"password\":\"taken-over-now\"}");
        assertThat(password.status()).isEqualTo(403);
        assertThat(password.json().get("error").asString()).startsWith("The demo account's password and e-mail address cannot be changed");
        Answer email = demo.put("/api/account", "{\"email\":\"mine@example.be\"}");
        assertThat(email.status()).isEqualTo(403);
        // no reset link for it either
        assertThat(accounts.createReset("demo@meterkast.local")).isEmpty();
        Browser again = Probe.loggedIn(port, "demo@meterkast.local", "meterkast-demo");
        assertThat(again.get("/api/account").json().get("email").asString()).isEqualTo("demo@meterkast.local");
    }
}
