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
 * A meter this server reads (configured in {@code meterkast.meters.*}) is a household's own: a stranger who
 * registers neither sees it among the free meters nor takes it; only an administrator gives it to an address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FreeMeterSecurityTest {
    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("free-meters.db"));
        registry.add("meterkast.meters.garage.type", () -> "none");
    }

    @LocalServerPort
    int port;
    @Autowired
    AccountService accounts;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void household() {
        if (accounts.fresh()) {
            assertThat(accounts.register("owner@example.be", "the-owners-password", "Owner", "en").administrator()).isTrue();
        }
    }

    @Test
    void aStrangerNeitherSeesNorTakesAConfiguredMeterTheAdministratorDoes() {
        Browser stranger = Probe.registered(port, "stranger@example.be", "a-strangers-word");
        Answer free = stranger.get("/api/locations/free-meters");
        assertThat(free.status()).isEqualTo(200);
        assertThat(free.json()).isEmpty();
        Answer taken = stranger.post("/api/locations", "{\"name\":\"Mine\",\"source\":\"configured\",\"meter\":\"garage\"}");
        assertThat(taken.status()).isEqualTo(403);
        assertThat(taken.json().get("error").asString()).startsWith("Only an administrator of this server");
        assertThat(stranger.get("/api/locations").json()).isEmpty();
        // the rest of the "+" flow stays the stranger's: an address for a Fluvius export
        assertThat(stranger.post("/api/locations", "{\"name\":\"Mine\",\"source\":\"import\"}").status()).isEqualTo(201);

        Browser owner = Probe.loggedIn(port, "owner@example.be", "the-owners-password");
        assertThat(owner.get("/api/locations/free-meters").json().toString()).contains("garage");
        Answer given = owner.post("/api/locations", "{\"name\":\"Garage\",\"source\":\"configured\",\"meter\":\"garage\"}");
        assertThat(given.status()).isEqualTo(201);
        assertThat(given.json().get("meter").asString()).isEqualTo("garage");
        assertThat(jdbc.sql("""
                        SELECT a.email FROM location l JOIN account a ON a.id = l.account_id JOIN meter m ON m.id = l.meter_id
                        WHERE m.name = 'garage'""").query(String.class).list()).containsExactly("owner@example.be");
    }
}
