package org.meterkast.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.quarter.Registers;
import org.meterkast.server.TestServer;
import org.meterkast.server.account.Browser;
import org.meterkast.server.account.Browser.Answer;
import org.meterkast.server.store.MeterRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/fleet/node}: what this node's fleet ingest does, from its memory, for administrators only; it says
 * when storing fails and how many readings wait, and that it is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FleetNodeApiTest {
    static final String METER = "1SAG1100000292";

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("fleet-node.db"));
        registry.add("meterkast.fleet.enabled", () -> "true");
        // no broker answers there: the intake is driven directly, as a carrier would
        registry.add("meterkast.mqtt.url", () -> "tcp://127.0.0.1:9");
        registry.add("meterkast.fleet.node", () -> "node-7");
        registry.add("meterkast.fleet.most-waiting", () -> "5000");
        registry.add("meterkast.fleet.status-interval", () -> "200ms");
        registry.add("meterkast.accounts.registrations-per-address", () -> "100");
        // the counts for Prometheus are kept only with metrics on
        registry.add("meterkast.metrics.enabled", () -> "true");
        registry.add("meterkast.metrics.token", () -> "prometheus-0123456789-abcdefgh");
    }

    @LocalServerPort
    int port;
    @Autowired
    TelegramIntake intake;
    @Autowired
    MeterRepository meters;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Clock clock;
    @Autowired
    MeterRegistry registry;

    private Browser registered(String email) {
        Browser browser = new Browser(port).open();
        Answer answer = browser.post("/api/account/register",
                "{\"email\":\"" + email + "\",\"password\":\"a-long-password\"}");
        assertThat(answer.status()).as("%s", answer.json()).isEqualTo(201);
        return browser;
    }

    private JsonNode await(Browser operator, Predicate<JsonNode> until, String what) throws InterruptedException {
        JsonNode state = null;
        for (int i = 0; i < 100; i++) {
            Answer answer = operator.get("/api/fleet/node");
            assertThat(answer.status()).as("%s", answer.json()).isEqualTo(200);
            state = answer.json();
            if (until.test(state)) {
                return state;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + ": " + state);
    }

    @Test
    void theNodeSaysWhetherItStoresHowManyReadingsWaitAndWhenItIsBack() throws Exception {
        // the first account of a fresh install is its administrator
        Browser operator = registered("ops@provider.be");
        Browser household = registered("an@gent.be");
        assertThat(new Browser(port).open().get("/api/fleet/node").status()).isEqualTo(401);
        Answer refused = household.get("/api/fleet/node");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").asString()).isEqualTo("This is not allowed for your account.");

        JsonNode fresh = operator.get("/api/fleet/node").json();
        assertThat(fresh.get("node").asString()).isEqualTo("node-7");
        assertThat(fresh.get("storing").asString()).isEqualTo("ok");
        assertThat(fresh.has("failingSince")).isFalse();
        assertThat(fresh.get("waiting").asInt()).isZero();
        assertThat(fresh.get("mostWaiting").asInt()).isEqualTo(5000);
        assertThat(fresh.get("droppedAtBound").asLong()).isZero();

        meters.register(METER, "fleet");
        Instant at = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Registers r = new Registers(1_000, 2_000, 3, 4);
        intake.accept(METER, FleetIngestTest.telegram(at, r)).get(10, TimeUnit.SECONDS);
        JsonNode stored = operator.get("/api/fleet/node").json();
        assertThat(stored.get("telegrams").asLong()).isEqualTo(1);
        // the node's first reading of a meter: after its quarter's start, and before its end if that is near
        long first = stored.get("candidates").asLong();
        assertThat(first).isBetween(1L, 2L);
        assertThat(stored.get("rowsWritten").asLong()).isEqualTo(first);

        // the boundary table away: the node's writes fail, and it says so without the database
        jdbc.execute("ALTER TABLE register_boundary RENAME TO register_boundary_away");
        // older than the node's newest: stored on both sides of its quarter
        CompletableFuture<Void> late = intake.accept(METER, FleetIngestTest.telegram(at.minusSeconds(1), r));
        assertThat(late).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class);
        JsonNode failing = await(operator, s -> s.get("storing").asString().equals("failing"), "failing");
        assertThat(Instant.parse(failing.get("failingSince").asString())).isBetween(at, clock.instant());
        assertThat(failing.get("failingForSeconds").asLong()).isBetween(0L, 60L);
        // the pair after its quarter's start, and the one before its end unless the node has a nearer one
        int waiting = failing.get("waiting").asInt();
        assertThat(waiting).isBetween(1, 2);
        assertThat(failing.get("failedWrites").asLong()).isPositive();
        assertThat(failing.get("lastWriteProblem").asString())
                .startsWith("cannot store " + waiting + " boundary readings")
                .contains("register_boundary");
        assertThat(failing.get("telegrams").asLong()).isEqualTo(2);

        jdbc.execute("ALTER TABLE register_boundary_away RENAME TO register_boundary");
        JsonNode back = await(operator, s -> s.get("storing").asString().equals("ok"), "back");
        assertThat(back.has("failingSince")).isFalse();
        assertThat(back.get("waiting").asInt()).isZero();
        assertThat(back.get("rowsWritten").asLong()).isGreaterThan(first);
        long lateAt = at.getEpochSecond() - 1;
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM register_boundary WHERE before_epoch = ? "
                + "OR after_epoch = ?", Integer.class, lateAt, lateAt)).isEqualTo(waiting);

        // the same counts for Prometheus (docs/METRICS.md), and the delay of both telegrams taken
        assertThat(registry.get("meterkast.fleet.telegrams").functionCounter().count()).isEqualTo(2.0);
        assertThat(registry.get("meterkast.fleet.failed.writes").functionCounter().count())
                .isEqualTo(failing.get("failedWrites").asDouble());
        assertThat(registry.get("meterkast.fleet.rows.written").functionCounter().count())
                .isEqualTo(back.get("rowsWritten").asDouble());
        assertThat(registry.get("meterkast.fleet.storing.failing").gauge().value()).isZero();
        assertThat(registry.get("meterkast.fleet.delay").timer().count()).isEqualTo(2);
    }
}
