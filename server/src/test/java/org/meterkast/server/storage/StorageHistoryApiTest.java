package org.meterkast.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.BatteryStatus;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.device.Power;
import org.meterkast.server.MovableClock;
import org.meterkast.server.TestHousehold;
import org.meterkast.server.account.Browser;
import org.meterkast.server.control.BatteryRead;
import org.meterkast.server.control.BoilerRead;
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
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.QuarterRepository;

/**
 * The batteries' and boilers' history over HTTP, from readings published as the control loop publishes them, under
 * an all-in tariff saved through the API: 0.30 €/kWh taken, 0.05 €/kWh injected.
 *
 * <p>By hand. Tuesday 24 November 2026 (Brussels, UTC+1). The battery charges at 2,000 W from 10:00 to 10:15, read
 * every 5 s: 2,000 W × 900 s = 500 Wh stored, its charge from 40 % to 45 %. It discharges at 3,000 W from 19:00 to
 * 19:15, read every 5 s but for 19:05–19:10 (no reading: not integrated): 3,000 W × 600 s = 500 Wh delivered. The
 * saving: 0.5 kWh × 0.30 € (the offtake it displaced) − 0.5 kWh × 0.05 € (the injection it forwent) = 0.125 €,
 * € 0.13 to the cent. The boiler heats at 2,400 W from 07:00 to 07:15 with the water from 40 °C to 50 °C in a
 * straight line: 2,400 W × 900 s = 600 Wh at 45 °C on average.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StorageHistoryApiTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final MovableClock CLOCK = new MovableClock(local("2026-11-24T09:00"));

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("storage.db"));
        registry.add("meterkast.meters.home.type", () -> "none");
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
    StorageHistoryRepository repository;

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

    private long locationOf(Browser owner) {
        for (JsonNode m : owner.get("/api/meters").json()) {
            if (m.get("id").asString().equals("home")) {
                return m.get("location").asLong();
            }
        }
        throw new AssertionError("no address for meter home");
    }

    /** Readings every 5 s from {@code from} for {@code seconds} inclusive, leaving out (gapFrom, gapTo). */
    private void battery(long location, String from, long seconds, long watts, double soc0, double soc1,
                         long gapFrom, long gapTo) {
        Instant start = local(from);
        CLOCK.set(start);
        for (long s = 0; s <= seconds; s += 5) {
            if (s > gapFrom && s < gapTo) {
                continue;
            }
            double soc = soc0 + (soc1 - soc0) * s / seconds;
            BatteryStatus status = watts > 0 ? BatteryStatus.CHARGING : BatteryStatus.DISCHARGING;
            context.publishEvent(new BatteryRead(location, "battery",
                    new BatteryReading(start.plusSeconds(s), status, soc, Power.ofWatts(watts))));
        }
    }

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

    private static JsonNode quarterAt(JsonNode day, Instant start) {
        for (JsonNode q : day.get("quarters")) {
            if (Instant.parse(q.get("start").asString()).equals(start)) {
                return q;
            }
        }
        throw new AssertionError("no quarter " + start + " in " + day);
    }

    @Test
    void aBatterysDayWeekAndYearWithTheSavingAtTheHouseholdsOwnPrices() throws Exception {
        Browser owner = homeOwner();
        long id = locationOf(owner);
        String base = "/api/locations/" + id + "/batteries";
        assertThat(owner.post("/api/meters/home/tariffs", """
                {"validFrom":"2026-01-01","tariff":{"form":"simple","purchase":0.30,"injection":0.05}}""")
                .status()).isEqualTo(201);

        battery(id, "2026-11-24T10:00", 900, 2000, 40, 45, -1, -1);
        battery(id, "2026-11-24T19:00", 900, -3000, 45, 40, 300, 600);
        CLOCK.set(local("2026-11-24T19:20"));

        JsonNode day = until(owner, base + "/battery/day?date=2026-11-24",
                d -> d.get("coverage").get("measuredQuarters").asInt() == 2);
        assertThat(day.get("quarters")).hasSize(96);
        assertThat(day.get("chargedWh").asLong()).isEqualTo(500);
        assertThat(day.get("deliveredWh").asLong()).isEqualTo(500);
        assertThat(day.get("priced").asBoolean()).isTrue();
        assertThat(day.get("saving").get("euros").decimalValue()).isEqualByComparingTo("0.13");
        assertThat(day.get("saving").get("displacedEuros").decimalValue()).isEqualByComparingTo("0.15");
        assertThat(day.get("saving").get("forgoneEuros").decimalValue()).isEqualByComparingTo("0.03");
        assertThat(day.get("noData").asBoolean()).isFalse();
        JsonNode charging = quarterAt(day, local("2026-11-24T10:00"));
        assertThat(charging.get("measured").asBoolean()).isTrue();
        assertThat(charging.get("socPercent").asDouble()).isEqualTo(45.0);
        assertThat(charging.get("socMin").asDouble()).isEqualTo(40.0);
        // 0.5 kWh × −0.05 €
        assertThat(charging.get("savingEuros").decimalValue()).isEqualByComparingTo("-0.025");
        JsonNode discharging = quarterAt(day, local("2026-11-24T19:00"));
        assertThat(discharging.get("deliveredWh").asLong()).isEqualTo(500);
        assertThat(discharging.get("savingEuros").decimalValue()).isEqualByComparingTo("0.15");
        JsonNode unmeasured = quarterAt(day, local("2026-11-24T12:00"));
        assertThat(unmeasured.get("measured").asBoolean()).isFalse();
        assertThat(unmeasured.get("socPercent").isNull()).isTrue();

        // the live tile: the last reading, 19:15:00 discharging at 40 %
        JsonNode list = owner.get("/api/locations/" + id + "/batteries").json();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("device").asString()).isEqualTo("battery");
        assertThat(list.get(0).get("reading").get("status").asString()).isEqualTo("DISCHARGING");
        assertThat(list.get(0).get("reading").get("socPercent").asDouble()).isEqualTo(40.0);
        assertThat(list.get(0).get("reading").get("powerWatts").asLong()).isEqualTo(-3000);

        // the week of Monday 23 November: the Tuesday measured, the other days no data
        JsonNode week = owner.get(base + "/battery/period?period=week&date=2026-11-26").json();
        assertThat(week.get("from").asString()).isEqualTo("2026-11-23");
        assertThat(week.get("buckets")).hasSize(7);
        assertThat(week.get("buckets").get(1).get("start").asString()).isEqualTo("2026-11-24");
        assertThat(week.get("buckets").get(1).get("chargedWh").asLong()).isEqualTo(500);
        assertThat(week.get("buckets").get(1).get("saving").get("euros").decimalValue())
                .isEqualByComparingTo("0.13");
        assertThat(week.get("buckets").get(0).get("noData").asBoolean()).isTrue();
        assertThat(week.get("buckets").get(0).get("saving").isNull()).isTrue();
        assertThat(week.get("buckets").get(1).get("coverage").get("measuredQuarters").asInt()).isEqualTo(2);
        assertThat(week.get("buckets").get(1).get("coverage").get("quarters").asInt()).isEqualTo(96);

        JsonNode year = owner.get(base + "/battery/period?period=year&date=2026-11-24").json();
        assertThat(year.get("buckets")).hasSize(12);
        assertThat(year.get("buckets").get(10).get("start").asString()).isEqualTo("2026-11-01");
        assertThat(year.get("buckets").get(10).get("deliveredWh").asLong()).isEqualTo(500);
        // November has 30 days of 96 quarters
        assertThat(year.get("buckets").get(10).get("coverage").get("quarters").asInt()).isEqualTo(2880);
        assertThat(year.get("saving").get("euros").decimalValue()).isEqualByComparingTo("0.13");
        JsonNode month = owner.get(base + "/battery/period?period=month&date=2026-11-24").json();
        assertThat(month.get("buckets")).hasSize(30);

        // the advice of December tells what the battery saved in November: the same € 0.13 for 500 Wh delivered,
        // measured on 1 of November's 30 days
        JsonNode advice = owner.get("/api/locations/" + id + "/advice?month=2026-12").json();
        JsonNode stored = null;
        for (JsonNode piece : advice.get("advice")) {
            if (piece.get("key").asString().equals("advice.storage.battery")) {
                stored = piece;
            }
        }
        assertThat(stored).as("%s", advice).isNotNull();
        assertThat(stored.get("key").asString()).isEqualTo("advice.storage.battery");
        assertThat(stored.get("figures").get("device").asString()).isEqualTo("battery");
        assertThat(stored.get("figures").get("movedWh").asLong()).isEqualTo(500);
        assertThat(stored.get("figures").get("saved").decimalValue()).isEqualByComparingTo("0.13");
        assertThat(stored.get("coverage").get("days").asInt()).isEqualTo(30);
        assertThat(stored.get("coverage").get("measuredDays").asInt()).isEqualTo(1);

        // a day without readings says so rather than 0 kWh
        JsonNode empty = owner.get(base + "/battery/day?date=2026-11-20").json();
        assertThat(empty.get("noData").asBoolean()).isTrue();
        assertThat(empty.get("chargedWh").isNull()).isTrue();
        assertThat(empty.get("saving").isNull()).isTrue();

        // bad input is named; someone else's address and an unknown battery are not there
        assertThat(owner.get(base + "/battery/period?period=decade&date=2026-11-24").status()).isEqualTo(400);
        assertThat(owner.get(base + "/battery/day?date=24-11-2026").status()).isEqualTo(400);
        assertThat(owner.get(base + "/garage/day?date=2026-11-24").status()).isEqualTo(404);
        Browser other = new Browser(port).open();
        assertThat(other.post("/api/account/register",
                "{\"email\":\"other@storage.be\",\"password\":\"a-long-password\"}").status()).isEqualTo(201);
        assertThat(other.get(base + "/battery/day?date=2026-11-24").status()).isEqualTo(404);
        assertThat(other.get(base).status()).isEqualTo(404);
        assertThat(other.get("/api/locations/" + id + "/boilers").status()).isEqualTo(404);
    }

    @Test
    void theDaysTheClockChangesHaveOneHundredAndNinetyTwoQuarters() {
        Browser owner = homeOwner();
        long id = locationOf(owner);
        String base = "/api/locations/" + id + "/batteries/dst/";
        // Sunday 25 October 2026: 02:00–03:00 comes twice, at 00:00Z (summer time) and at 01:00Z (winter time)
        Instant summer = Instant.parse("2026-10-25T00:00:00Z");
        Instant winter = Instant.parse("2026-10-25T01:00:00Z");
        repository.save(new BatteryQuarter(id, "dst", summer, 300, 0, 60, 55, 60, 900_000, summer,
                summer.plusSeconds(900)));
        repository.save(new BatteryQuarter(id, "dst", winter, 0, 200, 58, 58, 60, 900_000, winter,
                winter.plusSeconds(900)));
        JsonNode autumn = owner.get(base + "day?date=2026-10-25").json();
        assertThat(autumn.get("quarters")).hasSize(100);
        assertThat(autumn.get("coverage").get("quarters").asInt()).isEqualTo(100);
        // local midnight is 22:00Z the day before (summer time): the repeated hour is quarters 8 and 12
        assertThat(autumn.get("quarters").get(8).get("start").asString()).isEqualTo("2026-10-25T00:00:00Z");
        assertThat(autumn.get("quarters").get(8).get("chargedWh").asLong()).isEqualTo(300);
        assertThat(autumn.get("quarters").get(12).get("start").asString()).isEqualTo("2026-10-25T01:00:00Z");
        assertThat(autumn.get("quarters").get(12).get("deliveredWh").asLong()).isEqualTo(200);
        // without a tariff: no saving, and it says so
        assertThat(autumn.get("priced").asBoolean()).isFalse();
        assertThat(autumn.get("saving").isNull()).isTrue();
        assertThat(autumn.get("chargedWh").asLong()).isEqualTo(300);
        // Sunday 29 March 2026: 02:00–03:00 never comes
        Instant spring = Instant.parse("2026-03-29T08:00:00Z");
        repository.save(new BatteryQuarter(id, "dst", spring, 100, 0, 20, 10, 20, 900_000, spring,
                spring.plusSeconds(900)));
        JsonNode march = owner.get(base + "day?date=2026-03-29").json();
        assertThat(march.get("quarters")).hasSize(92);
        assertThat(march.get("quarters").get(0).get("start").asString()).isEqualTo("2026-03-28T23:00:00Z");
        // the week of Monday 19 October ends with the 25-hour Sunday
        JsonNode week = owner.get(base + "period?period=week&date=2026-10-25").json();
        assertThat(week.get("buckets")).hasSize(7);
        assertThat(week.get("buckets").get(6).get("coverage").get("quarters").asInt()).isEqualTo(100);
        assertThat(week.get("buckets").get(6).get("coverage").get("measuredQuarters").asInt()).isEqualTo(2);
        assertThat(week.get("coverage").get("quarters").asInt()).isEqualTo(6 * 96 + 100);
        JsonNode year = owner.get(base + "period?period=year&date=2026-03-29").json();
        // March 2026: 31 days less the hour that never came
        assertThat(year.get("buckets").get(2).get("coverage").get("quarters").asInt()).isEqualTo(31 * 96 - 4);
        assertThat(year.get("buckets").get(2).get("chargedWh").asLong()).isEqualTo(100);
    }

    @Test
    void aBoilersDayAndMonthWithItsAverageTemperature() throws Exception {
        Browser owner = homeOwner();
        long id = locationOf(owner);
        Instant start = local("2026-11-24T07:00");
        CLOCK.set(start);
        for (long s = 0; s <= 900; s += 5) {
            double temperature = 40 + 10.0 * s / 900;
            context.publishEvent(new BoilerRead(id, "boiler", new BoilerReading(start.plusSeconds(s),
                    BoilerStatus.HEATING, OptionalDouble.of(temperature), Power.ofWatts(2400), true)));
        }
        String base = "/api/locations/" + id + "/boilers";
        JsonNode day = until(owner, base + "/boiler/day?date=2026-11-24", d -> !d.get("noData").asBoolean());
        assertThat(day.get("quarters")).hasSize(96);
        assertThat(day.get("energyWh").asLong()).isEqualTo(600);
        assertThat(day.get("temperatureC").asDouble()).isEqualTo(45.0);
        assertThat(day.get("temperatureMin").asDouble()).isEqualTo(40.0);
        assertThat(day.get("temperatureMax").asDouble()).isEqualTo(50.0);
        JsonNode q = quarterAt(day, start);
        assertThat(q.get("energyWh").asLong()).isEqualTo(600);
        assertThat(q.get("temperatureC").asDouble()).isEqualTo(45.0);

        JsonNode month = owner.get(base + "/boiler/period?period=month&date=2026-11-03").json();
        assertThat(month.get("buckets")).hasSize(30);
        assertThat(month.get("buckets").get(23).get("energyWh").asLong()).isEqualTo(600);
        assertThat(month.get("buckets").get(23).get("temperatureC").asDouble()).isEqualTo(45.0);
        assertThat(month.get("buckets").get(22).get("noData").asBoolean()).isTrue();
        assertThat(month.get("energyWh").asLong()).isEqualTo(600);

        // the meter took 100 Wh from the grid in that quarter: 600 − 100 = 500 Wh of the boiler's came from the
        // household's own power, worth 0.5 kWh × (0.30 − 0.05) € = € 0.125, € 0.13 to the cent, in December's advice
        owner.post("/api/meters/home/tariffs", """
                {"validFrom":"2026-01-01","tariff":{"form":"simple","purchase":0.30,"injection":0.05}}""");
        int meterId = context.getBean(MeterRepository.class).find("home").orElseThrow().id();
        context.getBean(QuarterRepository.class).save(meterId, List.of(new ClosedQuarter(new Quarter(start), 0,
                new QuarterEnergy(100, 0, 0, 0), false)));
        JsonNode heated = null;
        for (JsonNode piece : owner.get("/api/locations/" + id + "/advice?month=2026-12").json().get("advice")) {
            if (piece.get("key").asString().equals("advice.storage.boiler")) {
                heated = piece;
            }
        }
        assertThat(heated).isNotNull();
        assertThat(heated.get("figures").get("device").asString()).isEqualTo("boiler");
        assertThat(heated.get("figures").get("movedWh").asLong()).isEqualTo(500);
        assertThat(heated.get("figures").get("saved").decimalValue()).isEqualByComparingTo("0.13");
        assertThat(heated.get("coverage").get("measuredDays").asInt()).isEqualTo(1);

        JsonNode list = owner.get(base).json();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("reading").get("temperatureC").asDouble()).isEqualTo(50.0);
        assertThat(list.get(0).get("reading").get("status").asString()).isEqualTo("HEATING");
        assertThat(list.get(0).get("reading").get("switchedOn").asBoolean()).isTrue();
    }
}
