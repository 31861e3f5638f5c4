package org.meterkast.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.p1.Tariff;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramWriter;
import org.meterkast.server.MeterkastApplication;
import org.meterkast.sim.EmbeddedBroker;
import org.meterkast.sim.Household;
import org.meterkast.sim.HouseholdSettings;
import org.meterkast.sim.SimulatedMeter;
import org.meterkast.sim.TelegramMqttPublisher;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The whole server reading two meters from a real broker (Moquette, in this JVM) over one connection: a simulated
 * household's telegrams, published as fast as the broker takes them, end up as exact quarters; broken messages
 * are counted and the telegrams after them still go in.
 */
class MqttIngestEndToEndTest {
    static final String HOME_TOPIC = "meters/home/telegram";
    /**
     * 50 simulated minutes from 21:28 Brussels time on the last weekday before today (recent enough for the server
     * to take the telegrams as live): the quarters of 21:30, 21:45 and 22:00 close, across the night tariff.
     */
    static final Instant START = lastWeekdayBeforeToday().atTime(21, 28).atZone(ZoneId.of("Europe/Brussels")).toInstant();
    static final int SECONDS = 50 * 60;

    static LocalDate lastWeekdayBeforeToday() {
        LocalDate day = LocalDate.now(ZoneId.of("Europe/Brussels")).minusDays(1);
        while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            day = day.minusDays(1);
        }
        return day;
    }

    @TempDir
    static Path folder;
    static EmbeddedBroker broker;
    static ConfigurableApplicationContext server;
    static ApiClient api;

    @BeforeAll
    static void start() throws InterruptedException {
        broker = EmbeddedBroker.started();
        server = new SpringApplicationBuilder(MeterkastApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:sqlite:" + folder.resolve("meterkast.db"),
                "--logging.level.io.moquette=WARN",
                "--meterkast.mqtt.url=" + broker.url(),
                "--meterkast.mqtt.client-id=meterkast-test",
                "--meterkast.meters.home.type=mqtt",
                "--meterkast.meters.home.topic=" + HOME_TOPIC,
                "--meterkast.meters.flaky.type=mqtt",
                "--meterkast.meters.flaky.topic=meters/flaky/+");
        api = ApiClient.signedIn(server, "home", "flaky");
        MeterCounts.await(api, "home", c -> c.get("connected").asBoolean(), "subscribed");
        MeterCounts.await(api, "flaky", c -> c.get("connected").asBoolean(), "subscribed");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        broker.close();
    }

    @Test
    void bothMetersReadOverOneConnection() {
        assertThat(broker.connectedClients()).isEqualTo(1);
        JsonNode home = MeterCounts.of(api, "home");
        assertThat(home.get("source").asString()).isEqualTo("mqtt " + HOME_TOPIC + " on " + broker.url());
        assertThat(home.get("connects").asLong()).isEqualTo(1);
        assertThat(home.get("openFailures").asLong()).isZero();
    }

    @Test
    void storesTheQuartersOfTheRegistersPublished() throws Exception {
        SimulatedMeter meter = new SimulatedMeter(new Household(HouseholdSettings.defaults(7)), START);
        Map<Instant, Telegram> sent = new HashMap<>();
        Telegram last = null;
        try (TelegramMqttPublisher publisher = TelegramMqttPublisher.connect(broker.url(), HOME_TOPIC)) {
            for (int s = 1; s <= SECONDS; s++) {
                last = meter.next(START.plusSeconds(s));
                sent.put(last.timestamp().orElseThrow(), last);
                publisher.publish(TelegramWriter.toBytes(last));
            }
        }

        JsonNode counts = api.awaitTelegrams("home", SECONDS);

        // each boundary has a telegram of its own, so a quarter is exactly the difference of the registers sent
        Quarter first = Quarter.containing(START).plus(1);
        List<ClosedQuarter> expected = new ArrayList<>();
        for (Quarter q = first; !q.end().isAfter(START.plusSeconds(SECONDS)); q = q.plus(1)) {
            expected.add(new ClosedQuarter(q, 0, energy(sent.get(q.start()), sent.get(q.end())), false));
        }
        assertThat(expected).hasSize(3);
        assertThat(expected.get(0).energy().importNight()).as("21:30 local is on the day tariff").isZero();
        assertThat(expected.get(2).energy().importDay()).as("22:00 local is on the night tariff").isZero();
        assertThat(expected.get(2).energy().importNight()).isPositive();
        assertThat(api.quarters("home", START.minusSeconds(3600), START.plusSeconds(2 * 3600)))
                .containsExactlyElementsOf(expected);
        assertThat(counts.get("quartersStored").asLong()).isEqualTo(3);
        assertThat(counts.get("rejected").get("BAD_CRC").asLong()).isZero();
        assertThat(counts.get("parseErrors").asLong()).isZero();
        assertThat(counts.get("failures").asLong()).isZero();
        assertThat(counts.get("ignoredReadings").asLong()).isZero();

        JsonNode latest = api.latest("home");
        assertThat(latest.get("time").asString()).isEqualTo(START.plusSeconds(SECONDS).toString());
        assertThat(latest.get("tariff").asString()).isEqualTo("night");
        assertThat(latest.get("importW").asLong()).isEqualTo(last.powerImported().getAsLong());
        assertThat(latest.get("exportW").asLong()).isEqualTo(last.powerExported().getAsLong());
        assertThat(latest.get("registers").get("importDay").asLong())
                .isEqualTo(last.energyImported(Tariff.DAY).getAsLong());
        assertThat(latest.get("registers").get("importNight").asLong())
                .isEqualTo(last.energyImported(Tariff.NIGHT).getAsLong());
        assertThat(latest.get("registers").get("exportDay").asLong())
                .isEqualTo(last.energyExported(Tariff.DAY).getAsLong());
    }

    private static QuarterEnergy energy(Telegram start, Telegram end) {
        return new QuarterEnergy(
                end.energyImported(Tariff.DAY).getAsLong() - start.energyImported(Tariff.DAY).getAsLong(),
                end.energyImported(Tariff.NIGHT).getAsLong() - start.energyImported(Tariff.NIGHT).getAsLong(),
                end.energyExported(Tariff.DAY).getAsLong() - start.energyExported(Tariff.DAY).getAsLong(),
                end.energyExported(Tariff.NIGHT).getAsLong() - start.energyExported(Tariff.NIGHT).getAsLong());
    }

    @Test
    void brokenMessagesAreCountedAndTheNextTelegramStillGoesIn() throws Exception {
        byte[] good = TelegramWriter.toBytes(MeterFeed.telegram(0));
        byte[] flipped = TelegramWriter.toBytes(MeterFeed.telegram(1));
        int digit = new String(flipped, StandardCharsets.US_ASCII).indexOf("1-0:1.8.1(") + 12;
        flipped[digit] ^= 0x01;                                   // one digit of the day import register
        byte[] json = "{\"electricity_currently_delivered\": 3.6}".getBytes(StandardCharsets.US_ASCII);
        byte[] whole = TelegramWriter.toBytes(MeterFeed.telegram(2));
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        byte[] next = TelegramWriter.toBytes(MeterFeed.telegram(3));

        try (TelegramMqttPublisher publisher = TelegramMqttPublisher.connect(broker.url(), "meters/flaky/p1")) {
            for (byte[] message : List.of(good, flipped, json, cut, new byte[0], next)) {
                publisher.publish(message);
            }
        }

        JsonNode counts = api.awaitTelegrams("flaky", 2);
        counts = MeterCounts.await(api, "flaky", c -> c.get("parseErrors").asLong() == 2, "two parse errors");
        assertThat(counts.get("rejected").get("BAD_CRC").asLong()).isEqualTo(1);
        assertThat(counts.get("rejected").get("TRUNCATED").asLong()).isEqualTo(1);
        // neither the JSON nor the empty message holds a telegram; the last one is named
        assertThat(counts.get("parseErrors").asLong()).isEqualTo(2);
        assertThat(counts.get("lastProblem").asString()).isEqualTo("message on 'meters/flaky/p1' holds no telegram: it is empty");
        assertThat(counts.get("failures").asLong()).isZero();
        assertThat(counts.get("connected").asBoolean()).isTrue();
        assertThat(api.latest("flaky").get("time").asString())
                .isEqualTo(MeterFeed.START.plusSeconds(3).toString());
        assertThat(api.latest("flaky").get("registers").get("importDay").asLong())
                .isEqualTo(MeterFeed.IMPORT_DAY_0 + 3);
    }
}
