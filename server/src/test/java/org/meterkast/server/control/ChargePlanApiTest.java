package org.meterkast.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.server.MovableClock;
import org.meterkast.server.TestHousehold;
import org.meterkast.server.account.Browser;
import org.meterkast.server.device.SimulatedCharger;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.QuarterRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A charger in mode plan over HTTP, on the server's own clock moved by the test: the simulated charger of the
 * properties (6–16 A on three phases, 4,140–11,040 W; its car 60 kWh at 40 %, unplugged at the start), a day/night
 * tariff saved through the API, and a week of the household's quarters stored.
 *
 * <p>By hand. Tuesday 24 November 2026 (Brussels, UTC+1). The week: 125 Wh every quarter (a 500 W household), but
 * Thursday 19 November 12:00, 1,500 Wh: the month's peak, 6 kW, the plan's limit. IMEWO in November 2026: a kWh by
 * day costs (0.30 + 0.0522864 network + 0.046 excise) × 1.06 = 0.422184 €, by night (0.20 + …) × 1.06 = 0.316184 €
 * (night from 22:00). A night quarter may import 6 kW × 15 min = 1,500 Wh; the house takes 125: 1,375 Wh are left
 * for the car (5,500 W), within the charger's 2,760 Wh.
 *
 * <p>Plugged in at 18:06, 40 % → 80 % by 07:00 at 90 %: 60,000 × 40 % / 0.9 = 26,667 Wh (rounded up). All in the
 * night at the same price, the earlier quarters first: 19 × 1,375 = 26,125 Wh from 22:00 to 02:45, then 542 Wh
 * (2,168 W) in 02:45–03:00. Cost 26.667 kWh × 0.316184 = 8.4317 → 8.43 €.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChargePlanApiTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final MovableClock CLOCK = new MovableClock(local("2026-11-24T17:50"));

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("plan.db"));
        registry.add("meterkast.meters.home.type", () -> "none");
        registry.add("meterkast.meters.home.devices.carport.kind", () -> "charger");
        registry.add("meterkast.meters.home.devices.carport.type", () -> "sim");
        registry.add("meterkast.meters.home.devices.carport.battery-kwh", () -> "60");
        registry.add("meterkast.meters.home.devices.carport.soc", () -> "40");
        registry.add("meterkast.meters.home.devices.carport.plugged", () -> "false");
        registry.add("meterkast.control.interval", () -> "100ms");
        registry.add("meterkast.accounts.registrations-per-address", () -> "100");
    }

    @TestConfiguration
    static class ServerClock {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    MeterRepository meters;
    @Autowired
    QuarterRepository quarters;
    @Autowired
    Devices devices;

    private static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(BRUSSELS).toInstant();
    }

    private Browser homeOwner() {
        TestHousehold.Login login = TestHousehold.login(context, "home");
        Browser browser = new Browser(port).open();
        assertThat(browser.post("/api/account/login", "{\"email\":\"" + login.email() + "\",\"password\":\""
                + login.password() + "\"}").status()).isEqualTo(200);
        return browser;
    }

    /** Asks until the answer satisfies the condition (the loop runs every 100 ms), at most 20 s. */
    private static JsonNode until(Browser browser, String path, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode answer = browser.get(path).json();
        while (!condition.test(answer) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            answer = browser.get(path).json();
        }
        assertThat(condition.test(answer)).as("waited for %s, last answer %s", path, answer).isTrue();
        return answer;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asString() : null;
    }

    private static Predicate<JsonNode> decision(String action, String reasonKey) {
        return control -> {
            for (JsonNode d : control.get("decisions")) {
                if ("carport".equals(text(d, "device")) && action.equals(text(d, "action"))
                        && reasonKey.equals(d.get("reason").get("key").asString())) {
                    return true;
                }
            }
            return false;
        };
    }

    private static JsonNode newest(JsonNode control) {
        for (JsonNode d : control.get("decisions")) {
            if ("carport".equals(text(d, "device"))) {
                return d;
            }
        }
        throw new AssertionError("no decision for carport in " + control);
    }

    private static JsonNode quarter(JsonNode plan, String start) {
        for (JsonNode q : plan.get("quarters")) {
            if (Instant.parse(q.get("start").asString()).equals(local(start))) {
                return q;
            }
        }
        throw new AssertionError("no quarter " + start + " in " + plan);
    }

    /** The quarters with energy planned, as "HH:mm Wh" in local time. */
    private static List<String> charging(JsonNode plan) {
        List<String> out = new ArrayList<>();
        for (JsonNode q : plan.get("quarters")) {
            if (q.get("energyWh").asLong() > 0) {
                out.add(Instant.parse(q.get("start").asString()).atZone(BRUSSELS).toLocalTime() + " "
                        + q.get("energyWh").asLong());
            }
        }
        return out;
    }

    /** A week and a half of the household's quarters, 125 Wh each, and the month's 6 kW peak on Thursday noon. */
    private void storeTheHouseholdsWeek() {
        int meter = meters.require("home").id();
        List<ClosedQuarter> week = new ArrayList<>();
        for (Quarter q = Quarter.containing(local("2026-11-14T00:00")); q.start().isBefore(local("2026-11-24T17:45"));
             q = q.plus(1)) {
            long wh = q.start().equals(local("2026-11-19T12:00")) ? 1500 : 125;
            week.add(new ClosedQuarter(q, 0, new QuarterEnergy(wh, 0, 0, 0), false));
        }
        quarters.save(meter, week);
    }

    @Test
    void aChargerInModePlanChargesByThePlanInTheNightWithinThePeakAndSaysWhyWhenItCannot() throws Exception {
        Browser owner = homeOwner();
        String id = owner.get("/api/locations").json().get(0).get("id").asString();
        String plan = "/api/locations/" + id + "/chargers/carport/plan";
        String control = "/api/locations/" + id + "/control";
        String preferences = "/api/locations/" + id + "/chargers/carport/preferences";

        // not in mode plan, or without a whole goal: an explanation, not an error
        JsonNode now = owner.get(plan).json();
        assertThat(now.get("state").asString()).isEqualTo("notPlanMode");
        assertThat(now.get("mode").asString()).isEqualTo("NOW");
        assertThat(owner.put(preferences, "{\"mode\":\"plan\",\"targetSoc\":80}").status()).isEqualTo(200);
        JsonNode noGoal = owner.get(plan).json();
        assertThat(noGoal.get("state").asString()).isEqualTo("noGoal");
        assertThat(noGoal.get("missing").toString()).isEqualTo("[\"departure\",\"batteryKwh\",\"soc\"]");
        // another account's address is not found
        Browser other = new Browser(port).open();
        assertThat(other.post("/api/account/register", "{\"email\":\"other@plan.be\",\"password\":\"a-long-password\"}")
                .status()).isEqualTo(201);
        assertThat(other.get(plan).status()).isEqualTo(404);
        assertThat(owner.get("/api/locations/" + id + "/chargers/garage/plan").status()).isEqualTo(404);

        storeTheHouseholdsWeek();
        assertThat(owner.post("/api/meters/home/tariffs", """
                {"validFrom":"2026-01-01","tariff":{"form":"flemish","area":"IMEWO",
                 "offtake":{"type":"dayNight","day":0.30,"night":0.20},"injection":{"type":"single","price":0.05}}}""")
                .status()).isEqualTo(201);
        assertThat(owner.put(preferences, """
                {"mode":"plan","targetSoc":80,"departure":"07:00","batteryKwh":60,"soc":30}""").status())
                .isEqualTo(200);

        // 18:06, the car not plugged in yet: from the household's 30 %, 60,000 × 50 % / 0.9 = 33,334 Wh
        CLOCK.set(local("2026-11-24T18:06"));
        // a plan from a reading the loop took after the clock moved (it may have made one at 17:50, and the API
        // answers from the last reading it has)
        JsonNode entered = until(owner, plan, p -> p.get("state").asString().equals("planned")
                && !Instant.parse(p.get("readAt").asString()).isBefore(local("2026-11-24T18:06")));
        assertThat(entered.get("socSource").asString()).isEqualTo("entered");
        assertThat(entered.get("socPercent").asInt()).isEqualTo(30);
        assertThat(entered.get("neededWh").asLong()).isEqualTo(33_334);
        assertThat(entered.get("peakLimitW").asLong()).isEqualTo(6000);

        // plugged in: a session, and the car's own 40 %
        ((SimulatedCharger) devices.site("home", false).orElseThrow().devices.get("carport").port()).plugIn();
        JsonNode planned = until(owner, plan, p -> "reported".equals(text(p, "socSource")));
        assertThat(planned.get("socPercent").asInt()).isEqualTo(40);
        assertThat(planned.get("departure").asString()).isEqualTo(local("2026-11-25T07:00").toString());
        assertThat(planned.get("neededWh").asLong()).isEqualTo(26_667);
        assertThat(planned.get("plannedWh").asLong()).isEqualTo(26_667);
        assertThat(planned.get("reachesTarget").asBoolean()).isTrue();
        assertThat(planned.get("expectedSocPercent").asInt()).isEqualTo(80);
        assertThat(planned.get("reason").get("key").asString()).isEqualTo("ev.plan.reaches");
        assertThat(planned.get("cost").decimalValue()).isEqualByComparingTo("8.43");
        assertThat(planned.get("priced").asBoolean()).isTrue();
        assertThat(planned.get("quarters")).hasSize(52);    // 18:00 to 07:00
        List<String> expected = new ArrayList<>();
        for (LocalDateTime t = LocalDateTime.parse("2026-11-24T22:00"); t.isBefore(LocalDateTime.parse(
                "2026-11-25T02:45")); t = t.plusMinutes(15)) {
            expected.add(t.toLocalTime() + " 1375");
        }
        expected.add("02:45 542");
        assertThat(charging(planned)).isEqualTo(expected);
        JsonNode night = quarter(planned, "2026-11-24T22:00");
        assertThat(night.get("powerW").asLong()).isEqualTo(5500);
        assertThat(night.get("price").decimalValue()).isEqualByComparingTo("0.316184");
        assertThat(night.get("priceSource").asString()).isEqualTo("tariff");
        assertThat(night.get("householdLoadW").asLong()).isEqualTo(500);
        assertThat(quarter(planned, "2026-11-25T02:45").get("powerW").asLong()).isEqualTo(2168);
        JsonNode evening = quarter(planned, "2026-11-24T21:45");
        assertThat(evening.get("price").decimalValue()).isEqualByComparingTo("0.422184");
        assertThat(evening.get("energyWh").asLong()).isZero();
        // the peak limit: no quarter's import (the house and the car) above 6 kW
        for (JsonNode q : planned.get("quarters")) {
            assertThat(q.get("householdLoadW").asLong() + q.get("powerW").asLong()).as("%s", q)
                    .isLessThanOrEqualTo(6000);
        }

        // the loop: nothing in the evening quarter...
        JsonNode idle = until(owner, control, decision("pause", "ev.plan.idle"));
        assertThat(newest(idle).get("amps").asDouble()).isZero();
        assertThat(newest(idle).get("reason").get("key").asString()).isEqualTo("ev.plan.idle");

        // ...and at 22:05 the night quarter's planned power: replanned for the quarter's last 600 s, 6 kW × 600 s =
        // 1,000 Wh less the house's 84 (500 W × 600 s, rounded up) = 916 Wh, 5,496 W: 7.9 A on three phases
        CLOCK.set(local("2026-11-24T22:05"));
        JsonNode charging = until(owner, control, decision("offer", "ev.plan.charging"));
        JsonNode offer = newest(charging);
        assertThat(offer.get("action").asString()).isEqualTo("offer");
        assertThat(offer.get("amps").asDouble()).isEqualTo(7.9);
        assertThat(offer.get("phases").asInt()).isEqualTo(3);
        assertThat(offer.get("reason").get("values").get("plannedW").asLong()).isEqualTo(5496);
        assertThat(offer.get("outcome").asString()).isEqualTo("applied");
        JsonNode replanned = owner.get(plan).json();
        assertThat(quarter(replanned, "2026-11-24T22:00").get("energyWh").asLong()).isEqualTo(916);
        // 26,667 − 916 = 25,751: 18 quarters of 1,375 from 22:15, then 1,001 Wh at 02:45
        assertThat(charging(replanned)).hasSize(20).startsWith("22:00 916", "22:15 1375").endsWith("02:30 1375",
                "02:45 1001");

        // a goal out of reach: 100 % by 01:45 needs 40,000 Wh; the charger alone would fit 1,840 + 14 × 2,760 =
        // 40,480, but within the 6 kW peak only 916 + 14 × 1,375 = 20,166: 40 + 20,166 × 0.9 / 600 = 70 %
        assertThat(owner.put(preferences, """
                {"mode":"plan","targetSoc":100,"departure":"01:45","batteryKwh":60,"soc":30}""").status())
                .isEqualTo(200);
        JsonNode shortOf = owner.get(plan).json();
        assertThat(shortOf.get("reachesTarget").asBoolean()).isFalse();
        assertThat(shortOf.get("neededWh").asLong()).isEqualTo(40_000);
        assertThat(shortOf.get("plannedWh").asLong()).isEqualTo(20_166);
        assertThat(shortOf.get("expectedSocPercent").asInt()).isEqualTo(70);
        JsonNode why = shortOf.get("reason");
        assertThat(why.get("key").asString()).isEqualTo("ev.plan.short.peakLimit");
        assertThat(why.get("values").get("neededWh").asLong()).isEqualTo(40_000);
        assertThat(why.get("values").get("fitsWh").asLong()).isEqualTo(20_166);
        assertThat(why.get("values").get("peakLimitW").asLong()).isEqualTo(6000);
        assertThat(why.get("values").get("reachableSocPercent").asLong()).isEqualTo(70);
        assertThat(why.get("values").get("departureEpochSecond").asLong())
                .isEqualTo(local("2026-11-25T01:45").getEpochSecond());
    }
}
