package org.meterkast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.server.TestHousehold;
import org.meterkast.server.TestServer;
import org.meterkast.server.account.Browser;
import org.meterkast.server.account.Browser.Answer;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.QuarterRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/start} over real HTTP: each of its parts is the very answer of the endpoint the app would otherwise ask,
 * a household only ever gets its own addresses' figures, and what cannot be answered is left for the app to ask.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StartApiTest {
    private static final String MONTHS = "from=2026-01&to=2026-12";

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        Path folder = Files.createTempDirectory("start-api");
        folder.toFile().deleteOnExit();
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("start.db"));
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    MeterRepository meters;
    @Autowired
    QuarterRepository quarters;

    /** An account holding "start-home" (with a tariff and four hours of quarters) and "start-mum" (neither). */
    String household;
    /** Another account's address. */
    String stranger;

    /**
     * On Tuesday 10 November 2026, 10:00–11:00 UTC: four quarters of 1,000 Wh taken, then 11:00–11:30 two of 500 Wh
     * given; net offtake 4 × 1,000 − 2 × 500 = 3,000 Wh, in November's row.
     */
    @BeforeAll
    void fill() {
        int home = meters.register("start-home", "none").id();
        meters.register("start-mum", "none");
        var stored = new ArrayList<ClosedQuarter>();
        Quarter q = Quarter.parse("2026-11-10T10:00:00Z");
        for (int i = 0; i < 4; i++, q = q.plus(1)) {
            stored.add(new ClosedQuarter(q, 0, new QuarterEnergy(1_000, 0, 0, 0), false));
        }
        for (int i = 0; i < 2; i++, q = q.plus(1)) {
            stored.add(new ClosedQuarter(q, 0, new QuarterEnergy(0, 0, 500, 0), false));
        }
        quarters.save(home, stored);
        household = TestHousehold.bearer(context, "start-home", "start-mum");
        stranger = TestHousehold.bearer(context, "start-stranger");
        Answer tariff = new Browser(port).call("POST", "/api/meters/start-home/tariffs", "application/json", """
                {"validFrom":"2026-01-01","tariff":{"form":"flemish","area":"IMEWO",
                 "offtake":{"type":"single","price":0.30},"fixedPerYear":365}}""", null, false, household);
        assertThat(tariff.status()).isEqualTo(201);
    }

    private JsonNode get(String path, String authorization) {
        Answer answer = new Browser(port).get(path, authorization);
        assertThat(answer.status()).as(path).isEqualTo(200);
        return answer.json();
    }

    @Test
    void eachPartIsTheAnswerOfItsOwnEndpoint() {
        JsonNode start = get("/api/start?meter=start-home&" + MONTHS, household);
        assertThat(start.get("session")).isEqualTo(get("/api/session", household));
        assertThat(start.get("meters")).isEqualTo(get("/api/meters", household));
        JsonNode dashboard = start.get("dashboard");
        assertThat(dashboard.get("meter").asString()).isEqualTo("start-home");
        assertThat(dashboard.get("tariffs")).isEqualTo(get("/api/meters/start-home/tariffs", household));
        assertThat(dashboard.get("months")).isEqualTo(get("/api/meters/start-home/costs/months?" + MONTHS, household));
        // the meter has sent no telegram: /latest answers 204, here null
        assertThat(new Browser(port).get("/api/meters/start-home/latest", household).status()).isEqualTo(204);
        assertThat(dashboard.get("latest").isNull()).isTrue();

        List<String> listed = new ArrayList<>();
        dashboard.get("months").forEach(m -> listed.add(m.get("month").asString()));
        assertThat(listed).hasSize(12).startsWith("2026-01").endsWith("2026-12");
        JsonNode november = dashboard.get("months").get(10);
        assertThat(november.get("month").asString()).isEqualTo("2026-11");
        assertThat(november.get("netOfftakeWh").asLong()).isEqualTo(3_000);
        assertThat(november.get("quarters").asInt()).isEqualTo(6);
    }

    @Test
    void twelveMonthsAreTheLastTwelveInBrusselsAsTheDashboardCountsThem() {
        JsonNode dashboard = get("/api/start?meter=start-home&months=12", household).get("dashboard");
        // dashboard.js: this month in Brussels and the eleven before it
        YearMonth now = YearMonth.now(ZoneId.of("Europe/Brussels"));
        String from = now.minusMonths(11).toString();
        assertThat(dashboard.get("from").asString()).isEqualTo(from);
        assertThat(dashboard.get("to").asString()).isEqualTo(now.toString());
        assertThat(dashboard.get("months")).isEqualTo(
                get("/api/meters/start-home/costs/months?from=" + from + "&to=" + now, household));
        assertThat(dashboard.get("months")).hasSize(12);
        assertThat(new Browser(port).language("fr").get("/api/start?months=0", household).json().get("detail")
                .asString()).contains("'0'");
        assertThat(new Browser(port).get("/api/start?months=25", household).status()).isEqualTo(400);
    }

    @Test
    void anAddressWithoutATariffHasNoMonthsThereTheAppAsksAndIsToldWhy() {
        JsonNode dashboard = get("/api/start?meter=start-mum&" + MONTHS, household).get("dashboard");
        assertThat(dashboard.get("meter").asString()).isEqualTo("start-mum");
        assertThat(dashboard.get("tariffs").get("versions")).isEmpty();
        assertThat(dashboard.get("months").isNull()).isTrue();
        assertThat(new Browser(port).get("/api/meters/start-mum/costs/months?" + MONTHS, household).status())
                .isEqualTo(409);
    }

    @Test
    void anotherHouseholdsAddressIsNeverAnswered() {
        // asked for someone else's meter (or one that is gone), the answer is the account's own first address
        JsonNode dashboard = get("/api/start?meter=start-home&" + MONTHS, stranger).get("dashboard");
        assertThat(dashboard.get("meter").asString()).isEqualTo("start-stranger");
        assertThat(dashboard.get("months").isNull()).isTrue();
        JsonNode mine = get("/api/start?meter=start-stranger&" + MONTHS, household).get("dashboard");
        assertThat(mine.get("meter").asString()).isEqualTo("start-home");
        assertThat(mine.get("months").get(10).get("netOfftakeWh").asLong()).isEqualTo(3_000);
    }

    @Test
    void withoutTheDashboardsMonthsOnlyTheSessionAndTheAddresses() {
        JsonNode start = get("/api/start?meter=start-home", household);
        assertThat(start.get("meters")).hasSize(2);
        assertThat(start.get("dashboard").isNull()).isTrue();
    }

    @Test
    void nobodySignedInGetsTheSessionOnly() {
        Answer answer = new Browser(port).get("/api/start?meter=start-home&" + MONTHS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("session").get("account").isNull()).isTrue();
        assertThat(answer.json().get("session").get("registration").asString())
                .isEqualTo(new Browser(port).get("/api/session").json().get("registration").asString());
        assertThat(answer.json().get("meters").isNull()).isTrue();
        assertThat(answer.json().get("dashboard").isNull()).isTrue();
        assertThat(answer.header("Cache-Control")).contains("no-store");
    }

    @Test
    void aMalformedMonthIsRefusedInTheUsersLanguage() {
        Answer answer = new Browser(port).language("nl").get("/api/start?meter=start-home&from=2026-13&to=2026-12",
                household);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("detail").asString()).contains("'2026-13' is geen maand");
    }
}
