package org.meterkast.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.TestHousehold;
import org.meterkast.server.TestServer;
import org.meterkast.server.account.Browser;
import org.meterkast.server.account.Browser.Answer;
import org.meterkast.server.security.Endpoints.Endpoint;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every call that changes something, on every endpoint the application maps, is refused with 403 when a browser's
 * session cookie comes without the CSRF header, as a forged cross-site request would; only a push meter's telegram
 * endpoint (its own bearer token) is left to itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CsrfSecurityTest {
    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("csrf.db"));
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @Test
    void everyChangeWithoutTheCsrfHeaderIsRefused() {
        Browser victim = Probe.registered(port, "victim@brugge.be");
        TestHousehold.token(context, "home");
        List<Endpoint> changing = Endpoints.of(context).all().stream()
                .filter(Endpoint::changes)
                .filter(e -> !e.pattern().equals("/api/meters/{name}/telegrams"))
                .toList();
        assertThat(changing).as("the changing endpoints found").hasSizeGreaterThanOrEqualTo(15);

        SoftAssertions softly = new SoftAssertions();
        for (Endpoint endpoint : changing) {
            Answer forged = victim.call(endpoint.method().name(), endpoint.path("home"), "application/json", "{}",
                    null, false, null);
            softly.assertThat(forged.status()).as("%s without the CSRF header", endpoint).isEqualTo(403);
        }
        // a stranger's browser (no session) is refused the same way: logging in or registering on its behalf
        Browser anonymous = new Browser(port).open();
        softly.assertThat(anonymous.postWithoutCsrf("/api/account/login",
                "{\"email\":\"victim@brugge.be\",\"password\":\"" + Probe.PASSWORD + "\"}").status()).isEqualTo(403);
        softly.assertThat(anonymous.postWithoutCsrf("/api/account/register",
                "{\"email\":\"planted@brugge.be\",\"password\":\"" + Probe.PASSWORD + "\"}").status()).isEqualTo(403);
        softly.assertAll();

        // nothing was changed: no token issued, still signed in (logout refused), no address added
        assertThat(victim.get("/api/account/tokens").json()).isEmpty();
        assertThat(victim.get("/api/locations").json()).isEmpty();
        assertThat(victim.get("/api/account").status()).isEqualTo(200);
        // and the same calls with the header go through (the refusals above were the CSRF check's)
        assertThat(victim.post("/api/account/tokens", "{\"name\":\"mine\"}").status()).isIn(200, 201);
        assertThat(victim.post("/api/account/logout", null).status()).isEqualTo(204);
        assertThat(victim.get("/api/account").status()).isEqualTo(401);
    }

    @Test
    void aForgedCsrfHeaderIsRefusedToo() {
        Browser victim = Probe.registered(port, "forged@brugge.be");
        Answer forged = victim.call("POST", "/api/account/tokens", "application/json", "{\"name\":\"x\"}", null,
                false, null);
        assertThat(forged.status()).isEqualTo(403);
        Browser attacker = new Browser(port).open();
        String attackersToken = attacker.csrf();
        assertThat(attackersToken).isNotNull().isNotEqualTo(victim.csrf());
        // the attacker's own CSRF token, sent with the victim's cookies, is not the victim's
        Answer planted = victim.call("POST", "/api/account/tokens?_csrf=" + attackersToken, "application/json",
                "{\"name\":\"x\"}", null, false, null);
        assertThat(planted.status()).isEqualTo(403);
        assertThat(victim.get("/api/account/tokens").json()).isEmpty();
    }
}
