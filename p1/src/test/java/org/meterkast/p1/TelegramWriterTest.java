package org.meterkast.p1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TelegramWriterTest {

    private final TelegramParser parser = new TelegramParser();

    static List<String> fixtures() {
        return TestTelegrams.all().stream()
                .filter(name -> !name.contains("missing-crc"))     // no footer: nothing to parse
                .toList();
    }

    /** Frames a written telegram strictly (CRC required) and parses it. */
    private Telegram frameAndParse(byte[] written) {
        List<Telegram> out = new ArrayList<>();
        TelegramFramer framer = new TelegramFramer(new FrameListener() {
            @Override
            public void onFrame(Frame frame) {
                out.add(parser.parse(frame));
            }

            @Override
            public void onRejected(Rejection reason, String detail) {
                throw new AssertionError(reason + ": " + detail + "\n" + new String(written, StandardCharsets.ISO_8859_1));
            }
        });
        framer.accept(written);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void aParsedTelegramWrittenBackParsesToTheSameTelegram(String name) {
        Telegram parsed = parser.parse(TestTelegrams.bytes(name));
        Telegram again = frameAndParse(TelegramWriter.toBytes(parsed));
        assertThat(again).isEqualTo(parsed);
        assertThat(again.dialect()).isEqualTo(parsed.dialect());
    }

    @Test
    void writesABelgianTelegramFromValues() {
        Telegram t = Telegram.builder(Dialect.BELGIAN)
                .header("FLU5\\253769484_A").version("50217")
                .equipmentId("1SAG3105209493")
                .timestamp(Instant.parse("2026-10-25T00:30:00Z"))
                .energyImported(Tariff.DAY, 1_234_567).energyImported(Tariff.NIGHT, 2_000_001)
                .energyExported(Tariff.DAY, 345).energyExported(Tariff.NIGHT, 0)
                .tariff(Tariff.NIGHT)
                .set(Measurement.CURRENT_AVERAGE_DEMAND, 2351)
                .monthPeak(new DemandPeak(Instant.parse("2026-10-09T11:45:00Z"), 4509))
                .peakHistory(List.of(new MonthlyPeak(Instant.parse("2026-09-30T22:00:00Z"),
                        Instant.parse("2026-09-12T17:15:00Z"), 3100)))
                .set(Measurement.POWER_IMPORTED, 338).set(Measurement.POWER_EXPORTED, 0)
                .set(Measurement.VOLTAGE_L1, 231_450).set(Measurement.CURRENT_L1, 2_270)
                .set(Measurement.BREAKER_STATE, 1).set(Measurement.LIMITER_THRESHOLD, 999_900)
                .set(Measurement.FUSE_THRESHOLD_L1, 999_000)
                .addMbusDevice(new MbusDevice(1, 3, "7FLO2123015189", null,
                        new MbusReading(Instant.parse("2026-10-25T00:25:00Z"), 107_812, "m3"), 1, -1))
                .addMbusDevice(new MbusDevice(2, 7, "8SET0000837964", null,
                        new MbusReading(Instant.parse("2026-10-25T00:29:12Z"), 3_830, "m3"), -1, -1))
                .build();
        String text = TelegramWriter.write(t);
        assertThat(text).startsWith("/FLU5\\253769484_A\r\n\r\n0-0:96.1.4(50217)\r\n"
                + "0-0:96.1.1(3153414733313035323039343933)\r\n"
                + "0-0:1.0.0(261025023000S)\r\n"
                + "1-0:1.8.1(001234.567*kWh)\r\n1-0:1.8.2(002000.001*kWh)\r\n"
                + "1-0:2.8.1(000000.345*kWh)\r\n1-0:2.8.2(000000.000*kWh)\r\n0-0:96.14.0(0002)\r\n");
        assertThat(text).contains("1-0:1.4.0(02.351*kW)\r\n1-0:1.6.0(261009134500S)(04.509*kW)\r\n"
                + "0-0:98.1.0(1)(1-0:1.6.0)(1-0:1.6.0)(261001000000S)(260912191500S)(03.100*kW)\r\n");
        assertThat(text).contains("1-0:32.7.0(231.45*V)\r\n", "1-0:31.7.0(002.27*A)\r\n",
                "0-0:17.0.0(999.9*kW)\r\n", "1-0:31.4.0(999*A)\r\n", "0-0:96.13.0()\r\n",
                "0-1:24.1.0(003)\r\n0-1:96.1.1(37464C4F32313233303135313839)\r\n0-1:24.4.0(1)\r\n"
                        + "0-1:24.2.3(261025022500S)(00107.812*m3)\r\n",
                "0-2:24.1.0(007)\r\n", "0-2:24.2.1(261025022912S)(00003.830*m3)\r\n");
        assertThat(text).matches("(?s).*\r\n![0-9A-F]{4}\r\n");

        Telegram parsed = frameAndParse(text.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(parsed).isEqualTo(t);
        assertThat(parsed.tariff()).hasValue(Tariff.NIGHT);
        assertThat(parsed.peakHistory().get(0).month()).hasToString("2026-09");
    }

    @Test
    void writesADutchTelegramWithItsOwnCodes() {
        Telegram t = Telegram.builder(Dialect.DUTCH).header("ISk5\\2MT382-1000").version("50")
                .timestamp(Instant.parse("2026-01-15T11:00:00Z")).equipmentId("E0044007382246019")
                .energyImported(Tariff.NIGHT, 2_130_115).energyImported(Tariff.DAY, 245_467).tariff(Tariff.DAY)
                .set(Measurement.CURRENT_L1, 3_000).set(Measurement.CURRENT_L2, 2_320)
                .addMbusDevice(new MbusDevice(1, 3, "G0039001936990619", null,
                        new MbusReading(Instant.parse("2026-01-15T10:55:00Z"), 246_138, "m3"), -1, -1))
                .build();
        String text = TelegramWriter.write(t);
        assertThat(text).contains("1-3:0.2.8(50)\r\n0-0:1.0.0(260115120000W)\r\n",
                "1-0:1.8.1(002130.115*kWh)\r\n1-0:1.8.2(000245.467*kWh)\r\n", "0-0:96.14.0(0002)\r\n",
                "1-0:31.7.0(003*A)\r\n", "1-0:51.7.0(002.32*A)\r\n",
                "0-1:96.1.0(4730303339303031393336393930363139)\r\n", "0-1:24.2.1(260115115500W)(00246.138*m3)\r\n");
        assertThat(text).doesNotContain("96.1.4");
        assertThat(frameAndParse(text.getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(t);
    }

    @Test
    void randomTelegramsBuiltFromValuesSurviveWritingAndParsing() {
        Random random = new Random(5);
        Measurement[] all = Measurement.values();
        for (int i = 0; i < 5_000; i++) {
            Dialect dialect = random.nextBoolean() ? Dialect.BELGIAN : Dialect.DUTCH;
            Telegram.Builder b = Telegram.builder(dialect)
                    .header(dialect == Dialect.BELGIAN ? "FLU5\\253769484_A" : "ISk5\\2M550T-1012")
                    .version(dialect == Dialect.BELGIAN ? "50217" : "50")
                    .timestamp(Instant.ofEpochSecond(1_600_000_000L + random.nextInt(300_000_000)));
            for (Measurement m : all) {
                if (random.nextInt(3) > 0) {
                    long value = m.unit() == null ? random.nextInt(10_000) : random.nextLong() % 1_000_000_000_000L;
                    b.set(m, m.unit() == null ? value : Math.abs(value));
                }
            }
            if (random.nextBoolean()) {
                b.monthPeak(new DemandPeak(random.nextBoolean() ? null
                        : Instant.ofEpochSecond(1_600_000_000L + 900L * random.nextInt(300_000)), random.nextInt(99_999)));
            }
            if (random.nextBoolean()) {
                b.textMessage("Meterkast " + random.nextInt());
            }
            Telegram t = b.build();
            assertThat(frameAndParse(TelegramWriter.toBytes(t))).as("case %d", i).isEqualTo(t);
        }
    }

    @Test
    void formatsFixedPointValuesWithoutLosingDigits() {
        assertThat(TelegramWriter.fixed(34, 6, 3)).isEqualTo("000000.034");
        assertThat(TelegramWriter.fixed(234_700, 3, 1)).isEqualTo("234.7");
        assertThat(TelegramWriter.fixed(234_750, 3, 1)).isEqualTo("234.75");
        assertThat(TelegramWriter.fixed(999_000, 3, 0)).isEqualTo("999");
        assertThat(TelegramWriter.fixed(999_990, 3, 0)).isEqualTo("999.99");
        assertThat(TelegramWriter.fixed(-1_500, 2, 3)).isEqualTo("-01.500");
        assertThat(TelegramWriter.stamp(null)).isEqualTo("632525252525W");
    }
}
