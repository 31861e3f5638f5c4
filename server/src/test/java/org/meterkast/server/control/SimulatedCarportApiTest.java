package org.meterkast.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.TestHousehold;
import org.meterkast.server.account.Browser;
import org.meterkast.server.live.LiveState;
import org.meterkast.sim.EvSettings;
import org.meterkast.sim.Household;
import org.meterkast.sim.HouseholdSettings;
import org.meterkast.sim.ev.DepartureHabits;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The demo household's carport: the simulated household (meter "home", seed 2026) comes with an {@code ocpp16}
 * charger "carport" whose simulated charge point connects to this server's own {@code /ocpp/sim-home} once the web
 * server is up, with a password made at random and written nowhere. The demo account sees it on the charger page,
 * online; its car is at home or away by the household's habits, and when it charges the meter's telegrams carry its
 * draw.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class SimulatedCarportApiTest {
    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("carport.db"));
        registry.add("meterkast.meters.home.type", () -> "sim");
        registry.add("meterkast.meters.home.history-days", () -> "2");
        registry.add("meterkast.ocpp.meter-value-interval", () -> "1s");
        // its battery would cover part of the car's draw on its own: the meter's figures below are the carport's
        registry.add("meterkast.meters.home.simulated-battery", () -> "false");
        // the counts for Prometheus are kept only with metrics on
        registry.add("meterkast.metrics.enabled", () -> "true");
        registry.add("meterkast.metrics.token", () -> "prometheus-0123456789-abcdefgh");
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SimulatedCarports carports;
    @Autowired
    LiveState live;
    @Autowired
    MeterRegistry registry;

    /** The visit of the household's car under way now, by the same habits the charge point follows. */
    private static Optional<DepartureHabits.Visit> visitNow() {
        Household household = new Household(HouseholdSettings.defaults(2026).withEv(EvSettings.DEFAULT));
        return new DepartureHabits(household, 60_000, 80).visitAt(Instant.now());
    }

    @Test
    void theDemoShowsItsCarportChargingByTheHouseholdsHabits(CapturedOutput output) {
        Optional<DepartureHabits.Visit> visit = visitNow();
        TestHousehold.Login demo = TestHousehold.login(context, "home");
        assertThat(demo.email()).isEqualTo("demo@meterkast.local");
        Browser browser = new Browser(port).open();
        assertThat(browser.post("/api/account/login", "{\"email\":\"" + demo.email() + "\",\"password\":\""
                + demo.password() + "\"}").status()).isEqualTo(200);
        String location = browser.get("/api/locations").json().get(0).get("id").asString();
        String chargers = "/api/locations/" + location + "/chargers";

        JsonNode[] carport = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode list = browser.get(chargers).json();
            carport[0] = list.isEmpty() ? null : list.get(0);
            if (carport[0] == null || !carport[0].get("online").asBoolean()) {
                return false;
            }
            // at home it charges at the car's 11 kW (it comes home at 80 % or less); away, the charger stands by
            return visit.isPresent() ? carport[0].get("powerWatts").asLong() == 11_000
                    : "STANDBY".equals(carport[0].get("status").asString());
        });
        assumeThat(visitNow()).as("the car came or went while the test ran").isEqualTo(visit);
        assertThat(carport[0].get("device").asString()).isEqualTo("carport");
        assertThat(carport[0].get("chargePointId").asString()).isEqualTo("sim-home");
        assertThat(carport[0].get("model").asString()).isEqualTo("SimulatedWallbox");
        assertThat(carport[0].get("status").asString()).isEqualTo(visit.isPresent() ? "CHARGING" : "STANDBY");
        if (visit.isPresent()) {
            // the meter's telegrams carry the car's 11 kW: whatever the roof gives (4.5 kWp at most), the house
            // takes at least 6.5 kW from the grid
            await().atMost(Duration.ofSeconds(10)).until(() -> live.latest("home")
                    .map(s -> s.netW() >= 11_000 - 4_500).orElse(false));
        }

        // a charger of its own for the smart-charging programme
        assertThat(browser.get("/api/locations/" + location + "/smart-charging/eligibility").json().get("unmet")
                .toString()).contains("smartCharging.reason.supplyContract")
                .doesNotContain("smartCharging.reason.noHomeCharger");

        // the carport is a device of the server's (read-only in the app), its password shown by name only
        JsonNode adapter = browser.get("/api/locations/" + location + "/adapters").json();
        JsonNode shown = null;
        for (JsonNode a : adapter) {
            if ("carport".equals(a.get("device").asString())) {
                shown = a;
            }
        }
        assertThat(shown).isNotNull();
        assertThat(shown.get("configured").asBoolean()).isTrue();
        assertThat(shown.get("type").asString()).isEqualTo("ocpp16");
        assertThat(shown.get("secrets").get(0).asString()).isEqualTo("password");
        // made at random at the start and written nowhere: not in the log, the answers or the database
        String password = carports.settings("home", 0, true, List.of()).orElseThrow().values().get("password");
        assertThat(password).hasSize(32);
        assertThat(output.getAll()).doesNotContain(password);
        assertThat(adapter.toString()).doesNotContain(password);
        assertThat(jdbc.sql("SELECT password_hash FROM charge_point WHERE charge_point_id = 'sim-home'")
                .query(String.class).single()).startsWith("{bcrypt}").doesNotContain(password);

        // the loop's decisions about the carport, as the app lists them, are counted for Prometheus by action (a
        // decision is listed, then counted: the counts catch up within a moment)
        String control = "/api/locations/" + location + "/control";
        JsonNode decisions = browser.get(control).json().get("decisions");
        for (JsonNode d : decisions) {
            String action = d.get("action").asString();
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.find("meterkast.control.decisions")
                    .tag("action", action).counters().stream().mapToDouble(c -> c.count()).sum() > 0);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.find("meterkast.control.decisions").counters()
                .stream().mapToDouble(c -> c.count()).sum() >= decisions.size());
    }
}
