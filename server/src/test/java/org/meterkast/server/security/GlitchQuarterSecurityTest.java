package org.meterkast.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.p1.Measurement;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramParser;
import org.meterkast.p1.TelegramWriter;
import org.meterkast.server.TestHousehold;
import org.meterkast.server.TestServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A CRC-valid telegram whose 1.8.2 jumps by 100,000 kWh, pushed over HTTP among real telegrams: it must never
 * become a quarter (nor a bill) of 100 MWh. A spike that comes back is dropped and the quarters around it are exact;
 * a jump that stays is kept in quarantine, never billed; either way the user sees it with its readings.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GlitchQuarterSecurityTest {
    static final String TOKEN = "glitch-0123456789-abcdef";
    static final Path FOLDER;
    /** 100,000 kWh on the night import register (1.8.2). */
    static final long GLITCH_WH = 100_000_000;
    /** A quarter boundary three hours ago: the telegrams are live ones for the server's clock check. */
    static final Instant Q0 = Quarter.containing(Instant.now()).start().minusSeconds(3 * 3600);
    static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    /** A telegram of a Fluvius meter (test resources), whose registers and time each test sets. */
    static final Telegram REAL = real("/telegrams/fluvius-v217-ha-core-107813-1.txt");

    static {
        try {
            FOLDER = Files.createTempDirectory("meterkast-glitch");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, FOLDER.resolve("meterkast.db"));
        for (String meter : List.of("boundary", "inside", "jump", "fine")) {
            TestServer.pushMeter(registry, meter, TOKEN);
        }
        registry.add("meterkast.meters.jump.max-power", () -> "3x40A");
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private String bearer;

    private static Telegram real(String resource) {
        try (InputStream in = GlitchQuarterSecurityTest.class.getResourceAsStream(resource)) {
            return new TelegramParser().parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The registers s seconds after Q0 on the good trajectory: the real telegram's, with 1.8.2 counting 1 Wh a
     * second (3.6 kW) and 2.8.1 2 Wh every 10 s, so a boundary between two good readings is exact.
     */
    static Telegram good(long s) {
        return REAL.toBuilder().timestamp(Q0.plusSeconds(s))
                .set(Measurement.ENERGY_IMPORTED_TARIFF_2, 62_192 + 10_000 + s)
                .set(Measurement.ENERGY_EXPORTED_TARIFF_1, 112_716 + s / 5)
                .build();
    }

    /** The same telegram with 1.8.2 100,000 kWh higher: still a valid telegram with a good CRC. */
    static Telegram glitched(long s) {
        return good(s).toBuilder()
                .set(Measurement.ENERGY_IMPORTED_TARIFF_2, 62_192 + 10_000 + s + GLITCH_WH).build();
    }

    /** Pushes the telegrams of seconds [from, to), one every 10 s, in bodies well under the push's 64 KiB. */
    private void push(String meter, long from, long to, LongFunction<Telegram> telegram) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int n = 0;
        for (long s = from; s < to; s += 10) {
            body.writeBytes(TelegramWriter.toBytes(telegram.apply(s)));
            if (++n % 30 == 0) {
                bodies.add(body.toByteArray());
                body.reset();
            }
        }
        if (body.size() > 0) {
            bodies.add(body.toByteArray());
        }
        for (byte[] b : bodies) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/meters/" + meter + "/telegrams"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(b)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }
    }

    private JsonNode get(String path, Object... arguments) throws Exception {
        if (bearer == null) {
            bearer = TestHousehold.bearer(context, "boundary", "inside", "jump", "fine");
        }
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + String.format(path, arguments)))
                .header("Authorization", bearer).header("Accept-Language", "en").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        return json.readTree(answer.body());
    }

    /** The meter's bill for the days around Q0, at € 0.30 a kWh; its offtake in Wh. */
    private long billedWh(String meter) throws Exception {
        HttpResponse<String> saved = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/meters/" + meter + "/tariffs"))
                .header("Authorization", bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"validFrom":"2020-01-01","tariff":{"form":"simple","purchase":0.30,"injection":0.05}}"""))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        LocalDate day = Q0.atZone(BRUSSELS).toLocalDate();
        JsonNode bill = get("/api/meters/%s/bill?from=%s&to=%s", meter, day.minusDays(1), day.plusDays(2));
        // 1.8 kWh at € 0.30 less 0.36 kWh at € 0.05: cents, not the € 30,000 of 100 MWh
        assertThat(bill.get("totalInclVat").asDouble()).isLessThan(1.0);
        // the capacity tariff's peak of the month is a 3.6 kW quarter, not 400 MW
        JsonNode capacity = get("/api/meters/%s/capacity?to=%s&months=1", meter, YearMonth.from(Q0.atZone(BRUSSELS)));
        assertThat(capacity.get(0).get("peakW").asLong()).isEqualTo(3600);
        return bill.get("offtakeWh").asLong();
    }

    private JsonNode quarters(String meter) throws Exception {
        return get("/api/meters/%s/quarters?from=%s&to=%s", meter, Q0.minusSeconds(3600), Q0.plusSeconds(3 * 3600));
    }

    private long quarantined(String meter) throws Exception {
        for (JsonNode m : get("/api/meters")) {
            if (m.get("id").asString().equals(meter)) {
                return m.get("counts").get("quarantined").asLong();
            }
        }
        throw new AssertionError("no meter " + meter);
    }

    /** What the meter's day(s) around Q0 sum to, by the daily sums the charts read. */
    private long dayImportWh(String meter) throws Exception {
        LocalDate day = Q0.atZone(BRUSSELS).toLocalDate();
        long wh = 0;
        for (JsonNode b : get("/api/meters/%s/buckets?size=day&from=%s&to=%s", meter,
                day.minusDays(1).atStartOfDay(BRUSSELS).toInstant(), day.plusDays(2).atStartOfDay(BRUSSELS).toInstant())) {
            wh += b.get("energy").get("importDay").asLong() + b.get("energy").get("importNight").asLong();
        }
        return wh;
    }

    private static void assertQuarter(JsonNode q, Instant start, int segment) {
        assertThat(q.get("quarter").get("start").asString()).isEqualTo(start.toString());
        assertThat(q.get("segment").asInt()).isEqualTo(segment);
        // the good registers' differences: 900 s at 1 Wh/s on 1.8.2, 180 Wh on 2.8.1, nothing else
        assertThat(q.get("energy").get("importNight").asLong()).isEqualTo(900);
        assertThat(q.get("energy").get("exportDay").asLong()).isEqualTo(180);
        assertThat(q.get("energy").get("importDay").asLong()).isZero();
        assertThat(q.get("energy").get("exportNight").asLong()).isZero();
        assertThat(q.get("estimated").asBoolean()).isFalse();
        assertThat(q.get("importPowerW").asLong()).isEqualTo(3600);
    }

    @Test
    void aSpikeAtAQuarterBoundaryIsDroppedAndShownAndTheQuartersAroundItAreExact() throws Exception {
        long before = quarantined("boundary");

        push("boundary", -30, 900, GlitchQuarterSecurityTest::good);
        push("boundary", 900, 910, GlitchQuarterSecurityTest::glitched);       // the telegram of Q0 + 15 min
        push("boundary", 910, 1810, GlitchQuarterSecurityTest::good);

        JsonNode quarters = quarters("boundary");
        assertThat(quarters).hasSize(2);
        assertQuarter(quarters.get(0), Q0, 0);
        assertQuarter(quarters.get(1), Q0.plusSeconds(900), 0);
        assertThat(dayImportWh("boundary")).isEqualTo(1800);
        assertThat(billedWh("boundary")).isEqualTo(1800);

        JsonNode quarantine = get("/api/meters/boundary/quarantine");
        assertThat(quarantine).hasSize(1);
        JsonNode spike = quarantine.get(0);
        assertThat(spike.get("quarter").get("start").asString()).isEqualTo(Q0.toString());
        assertThat(spike.get("resolution").asString()).isEqualTo("spike_discarded");
        assertThat(spike.get("before").get("at").asString()).isEqualTo(Q0.plusSeconds(890).toString());
        assertThat(spike.get("before").get("registers").get("importNight").asLong()).isEqualTo(62_192 + 10_000 + 890);
        assertThat(spike.get("after").get("at").asString()).isEqualTo(Q0.plusSeconds(900).toString());
        assertThat(spike.get("after").get("registers").get("importNight").asLong())
                .isEqualTo(62_192 + 10_000 + 900 + GLITCH_WH);
        assertThat(spike.get("importWh").asLong()).isEqualTo(GLITCH_WH + 10);
        assertThat(spike.get("limitW").asLong()).isEqualTo(43_470);
        assertThat(spike.get("limitWh").asDouble()).isEqualTo(10_867.5);
        assertThat(spike.get("explanation").asString()).contains("glitch");
        assertThat(quarantined("boundary")).isEqualTo(before + 1);
    }

    @Test
    void aSpikeInsideAQuarterNoLongerDropsIt() throws Exception {
        push("inside", -30, 450, GlitchQuarterSecurityTest::good);
        push("inside", 450, 460, GlitchQuarterSecurityTest::glitched);
        push("inside", 460, 1810, GlitchQuarterSecurityTest::good);

        JsonNode quarters = quarters("inside");
        assertThat(quarters).hasSize(2);
        assertQuarter(quarters.get(0), Q0, 0);
        assertQuarter(quarters.get(1), Q0.plusSeconds(900), 0);
        assertThat(get("/api/meters/inside/quarantine").get(0).get("resolution").asString())
                .isEqualTo("spike_discarded");
        assertThat(quarantined("inside")).isEqualTo(1);
    }

    @Test
    void aJumpThatStaysIsKeptInQuarantineNeverBilledAndTheMeterGoesOnFromTheNewLevel() throws Exception {
        push("jump", -30, 1000, GlitchQuarterSecurityTest::good);
        push("jump", 1000, 2710, GlitchQuarterSecurityTest::glitched);        // from Q0 + 16:40, for good

        JsonNode quarters = quarters("jump");
        // Q0 before the jump; Q0 + 15 min, in which it happened, never; Q0 + 30 min on, from the new level
        assertThat(quarters).hasSize(2);
        assertQuarter(quarters.get(0), Q0, 0);
        assertQuarter(quarters.get(1), Q0.plusSeconds(1800), 1);
        assertThat(dayImportWh("jump")).isEqualTo(1800);
        assertThat(billedWh("jump")).isEqualTo(1800);

        JsonNode quarantine = get("/api/meters/jump/quarantine");
        assertThat(quarantine).hasSize(1);
        JsonNode jump = quarantine.get(0);
        assertThat(jump.get("quarter").get("start").asString()).isEqualTo(Q0.plusSeconds(900).toString());
        assertThat(jump.get("resolution").asString()).isEqualTo("new_level");
        assertThat(jump.get("before").get("at").asString()).isEqualTo(Q0.plusSeconds(990).toString());
        assertThat(jump.get("after").get("at").asString()).isEqualTo(Q0.plusSeconds(1000).toString());
        assertThat(jump.get("importWh").asLong()).isEqualTo(GLITCH_WH + 10);
        assertThat(jump.get("limitW").asLong()).isEqualTo(27_600);     // meterkast.meters.jump.max-power=3x40A
        assertThat(jump.get("explanation").asString()).contains("never billed");
        assertThat(quarantined("jump")).isEqualTo(1);
    }

    @Test
    void ordinaryTelegramsPutNothingInQuarantine() throws Exception {
        push("fine", -30, 1810, GlitchQuarterSecurityTest::good);

        JsonNode quarters = quarters("fine");
        assertThat(quarters).hasSize(2);
        assertQuarter(quarters.get(0), Q0, 0);
        assertThat(get("/api/meters/fine/quarantine")).isEmpty();
        assertThat(quarantined("fine")).isZero();
    }
}
