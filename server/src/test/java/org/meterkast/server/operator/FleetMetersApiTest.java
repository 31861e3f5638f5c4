package org.meterkast.server.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.TestServer;
import org.meterkast.server.account.Browser;
import org.meterkast.server.account.Browser.Answer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The operator's list of fleet meters from fleet_meter_status rows as two nodes write them: summed per meter, joined
 * with the addresses and accounts, searched, filtered and paged; for administrators only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FleetMetersApiTest {
    private static final long MINUTE = 60_000;

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("fleet-meters.db"));
        registry.add("meterkast.accounts.administrators", () -> "ops@provider.be");
        registry.add("meterkast.accounts.registrations-per-address", () -> "100");
        registry.add("meterkast.accounts.registrations-per-email", () -> "100");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private Browser operator;
    private static long now;

    private Browser registered(String email) {
        Browser browser = new Browser(port).open();
        Answer answer = browser.post("/api/account/register",
                "{\"email\":\"" + email + "\",\"password\":\"a-long-password\"}");
        if (answer.status() == 409 || answer.status() == 400) {
            assertThat(browser.post("/api/account/login",
                    "{\"email\":\"" + email + "\",\"password\":\"a-long-password\"}").status()).isEqualTo(200);
        } else {
            assertThat(answer.status()).as("%s", answer.json()).isEqualTo(201);
        }
        return browser;
    }

    /**
     * Twelve meters on nodes n1 and n2: ten at households' addresses (one of them silent, one split over both nodes,
     * one rejecting, one that never sent a good telegram), and two dongles nobody assigned.
     */
    @BeforeEach
    void fleet() {
        operator = registered("ops@provider.be");
        // a named administrator whose e-mail is proven (the verification link's work, here done directly)
        jdbc.sql("UPDATE account SET email_verified = ? WHERE email = 'ops@provider.be'").param(true).update();
        registered("an@gent.be");
        registered("bert@liege.be");
        if (jdbc.sql("SELECT COUNT(*) FROM fleet_meter_status").query(Long.class).single() > 0) {
            return;
        }
        now = System.currentTimeMillis();
        for (int i = 1; i <= 10; i++) {
            FleetRows.assigned(jdbc, i % 2 == 0 ? "an@gent.be" : "bert@liege.be", "meter-" + i, FleetRows.ean(i));
        }
        for (int i = 1; i <= 6; i++) {
            FleetRows.heard(jdbc, "meter-" + i, "n" + (i % 2 + 1), now - 60 * MINUTE, now - MINUTE / 2, 3600, 0, null,
                    null);
        }
        // split over both nodes: the newest telegram is n1's, the counters add up, the first heard is n2's
        FleetRows.heard(jdbc, "meter-7", "n1", now - 30 * MINUTE, now - MINUTE, 1500, 0, null, null);
        FleetRows.heard(jdbc, "meter-7", "n2", now - 90 * MINUTE, now - 25 * MINUTE, 2100, 0, null, null);
        // silent for half an hour, on both nodes
        FleetRows.heard(jdbc, "meter-8", "n1", now - 120 * MINUTE, now - 30 * MINUTE, 500, 0, null, null);
        FleetRows.heard(jdbc, "meter-8", "n2", now - 120 * MINUTE, now - 31 * MINUTE, 400, 0, null, null);
        // rejecting now on n1; n2's problem is older
        FleetRows.heard(jdbc, "meter-9", "n1", now - 60 * MINUTE, now - MINUTE, 900, 4, "CRC mismatch: 0x1A2B",
                now - 2 * MINUTE);
        FleetRows.heard(jdbc, "meter-9", "n2", now - 60 * MINUTE, now - 3 * MINUTE, 800, 1, "no telegram end",
                now - 20 * MINUTE);
        // never a good telegram: silent and rejecting
        FleetRows.heard(jdbc, "meter-10", "n2", now - 5 * MINUTE, null, 0, 7, "not a P1 telegram", now - MINUTE);
        // dongles nobody assigned
        FleetRows.heard(jdbc, "dongle-a1", "n1", now - 10 * MINUTE, now - MINUTE, 300, 0, null, null);
        FleetRows.heard(jdbc, "dongle-b2", "n2", now - 10 * MINUTE, now - MINUTE, 200, 0, null, null);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(m -> ids.add(m.get("meterId").asString()));
        return ids;
    }

    @Test
    void everyMeterOnceWithProblemsFirstAndTheCountsOnTop() {
        Answer answer = operator.get("/api/fleet/meters");
        assertThat(answer.status()).as("%s", answer.json()).isEqualTo(200);
        JsonNode page = answer.json();
        assertThat(page.get("meters").asLong()).isEqualTo(12);
        assertThat(page.get("unknown").asLong()).isEqualTo(2);
        assertThat(page.get("silent").asLong()).isEqualTo(2);
        assertThat(page.get("rejecting").asLong()).isEqualTo(2);
        assertThat(page.get("total").asLong()).isEqualTo(12);
        assertThat(page.get("silentAfter").asString()).isEqualTo("PT10M");
        // rejecting, then silent, then unknown, then the rest, each by meter id
        assertThat(ids(page)).containsExactly("meter-10", "meter-9", "meter-8", "dongle-a1", "dongle-b2", "meter-1",
                "meter-2", "meter-3", "meter-4", "meter-5", "meter-6", "meter-7");

        JsonNode split = page.get("items").get(11);
        assertThat(split.get("known").asBoolean()).isTrue();
        assertThat(split.get("telegrams").asLong()).isEqualTo(3600);
        assertThat(split.get("lastTelegram").asString()).isEqualTo(java.time.Instant.ofEpochMilli(now - MINUTE)
                .toString());
        assertThat(split.get("firstHeard").asString()).isEqualTo(java.time.Instant.ofEpochMilli(now - 90 * MINUTE)
                .toString());
        assertThat(split.get("silent").asBoolean()).isFalse();
        assertThat(split.get("email").asString()).isEqualTo("bert@liege.be");
        assertThat(split.get("ean").asString()).isEqualTo(FleetRows.ean(7));

        JsonNode rejecting = page.get("items").get(1);
        assertThat(rejecting.get("rejected").asLong()).isEqualTo(5);
        assertThat(rejecting.get("lastProblem").asString()).isEqualTo("CRC mismatch: 0x1A2B");
        assertThat(rejecting.get("rejecting").asBoolean()).isTrue();
        assertThat(rejecting.get("silent").asBoolean()).isFalse();

        JsonNode never = page.get("items").get(0);
        assertThat(never.has("lastTelegram")).isFalse();
        assertThat(never.get("silent").asBoolean()).isTrue();

        JsonNode unknown = page.get("items").get(3);
        assertThat(unknown.get("known").asBoolean()).isFalse();
        assertThat(unknown.has("email")).isFalse();
        assertThat(unknown.has("ean")).isFalse();
    }

    @Test
    void searchByEanOrMeterIdPrefix() {
        JsonNode byEan = operator.get("/api/fleet/meters?q=" + FleetRows.ean(4)).json();
        assertThat(ids(byEan)).containsExactly("meter-4");
        assertThat(byEan.get("total").asLong()).isEqualTo(1);
        assertThat(byEan.get("meters").asLong()).isEqualTo(12);
        assertThat(byEan.get("items").get(0).get("email").asString()).isEqualTo("an@gent.be");
        // as printed on a bill, in groups
        String grouped = FleetRows.ean(4).replaceAll("(\\d{4})(?=\\d)", "$1%20");
        assertThat(ids(operator.get("/api/fleet/meters?q=" + grouped).json())).containsExactly("meter-4");
        // a prefix of the EAN: every meter of this test's range
        assertThat(operator.get("/api/fleet/meters?q=541448820000000").json().get("total").asLong()).isEqualTo(10);
        assertThat(ids(operator.get("/api/fleet/meters?q=dongle").json())).containsExactly("dongle-a1", "dongle-b2");
        // problems first: meter-10 is rejecting
        assertThat(ids(operator.get("/api/fleet/meters?q=meter-1").json())).containsExactly("meter-10", "meter-1");
        assertThat(operator.get("/api/fleet/meters?q=nothing-like-it").json().get("total").asLong()).isZero();
    }

    @Test
    void filterByStateAndPage() {
        assertThat(ids(operator.get("/api/fleet/meters?state=silent").json())).containsExactly("meter-10", "meter-8");
        assertThat(ids(operator.get("/api/fleet/meters?state=unknown").json()))
                .containsExactly("dongle-a1", "dongle-b2");
        assertThat(ids(operator.get("/api/fleet/meters?state=rejecting").json()))
                .containsExactly("meter-10", "meter-9");

        JsonNode second = operator.get("/api/fleet/meters?size=5&page=1").json();
        assertThat(second.get("total").asLong()).isEqualTo(12);
        assertThat(ids(second)).containsExactly("meter-1", "meter-2", "meter-3", "meter-4", "meter-5");
        JsonNode last = operator.get("/api/fleet/meters?size=5&page=2").json();
        assertThat(ids(last)).containsExactly("meter-6", "meter-7");
        JsonNode beyond = operator.get("/api/fleet/meters?size=5&page=7").json();
        assertThat(ids(beyond)).isEmpty();
        assertThat(beyond.get("total").asLong()).isEqualTo(12);

        Answer tooLarge = operator.get("/api/fleet/meters?size=501");
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.json().get("parameter").asString()).isEqualTo("size");
        Answer wrongState = operator.get("/api/fleet/meters?state=sleeping");
        assertThat(wrongState.status()).isEqualTo(400);
        assertThat(wrongState.json().get("error").asString())
                .isEqualTo("parameter 'state': 'sleeping' is not one of all, silent, unknown, rejecting");
    }

    @Test
    void aNodeNotInFleetModeSaysSo() {
        Answer answer = operator.get("/api/fleet/node");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("detail").asString())
                .isEqualTo("This node takes no fleet telegrams (meterkast.fleet.enabled is not true).");
        assertThat(registered("an@gent.be").get("/api/fleet/node").status()).isEqualTo(403);
    }

    @Test
    void onlyForAdministrators() {
        Answer household = registered("an@gent.be").get("/api/fleet/meters");
        assertThat(household.status()).isEqualTo(403);
        assertThat(household.json().get("error").asString()).isEqualTo("This is not allowed for your account.");
        Answer anonymous = new Browser(port).open().get("/api/fleet/meters");
        assertThat(anonymous.status()).isEqualTo(401);
    }
}
