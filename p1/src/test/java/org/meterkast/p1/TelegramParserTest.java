package org.meterkast.p1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rules of the parser, each on a small hand-written telegram. */
class TelegramParserTest {

    private final TelegramParser parser = new TelegramParser();

    private Telegram belgian(String lines) {
        return parser.parse("/FLU5\\253769484_A\r\n\r\n0-0:96.1.4(50217)\r\n" + lines + "!0000\r\n");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
        # meter time    | instant
          261025023000S | 2026-10-25T00:30:00Z
          261025023000W | 2026-10-25T01:30:00Z
          260329015959W | 2026-03-29T00:59:59Z
          260329030000S | 2026-03-29T01:00:00Z
          200512135409S | 2020-05-12T11:54:09Z
          240229235959W | 2024-02-29T22:59:59Z
        """)
    void summerAndWinterFlagsFixTheOffsetSoTheRepeatedOctoberHourIsNotAmbiguous(String stamp, Instant expected) {
        assertThat(belgian("0-0:1.0.0(" + stamp + ")\r\n").timestamp()).hasValue(expected);
    }

    @Test
    void aStampWithoutFlagUsesBrusselsRules() {
        Telegram t = parser.parse("/ISk5\\2MT382-1000\r\n\r\n0-0:1.0.0(200115120000)\r\n!\r\n");
        assertThat(t.timestamp()).hasValue(Instant.parse("2020-01-15T11:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        632525252525W
        230230120000W
        231301120000W
        230101240000W
        230101120000X
        2301011200S
        """)
    void anInvalidTimeLeavesOnlyThatValueOut(String stamp) {
        Telegram t = belgian("0-0:1.0.0(" + stamp + ")\r\n1-0:1.8.1(000123.456*kWh)\r\n");
        assertThat(t.timestamp()).isEmpty();
        assertThat(t.get(Measurement.ENERGY_IMPORTED_TARIFF_1)).hasValue(123_456);
        assertThat(t.warnings()).singleElement().asString()
                .isEqualTo("line 4 '0-0:1.0.0(" + stamp + ")': meter time '" + stamp
                        + "' is not a valid YYMMDDhhmmss time with S or W");
    }

    @Test
    void anInvalidNumberLeavesOnlyThatValueOutAndNamesTheLine() {
        Telegram t = belgian("1-0:1.7.0(00.338*kW)\r\n1-0:2.7.0(0x.338*kW)\r\n1-0:32.7.0(234.7*V)\r\n");
        assertThat(t.powerImported()).hasValue(338);
        assertThat(t.powerExported()).isEmpty();
        assertThat(t.get(Measurement.VOLTAGE_L1)).hasValue(234_700);
        assertThat(t.warnings()).containsExactly(
                "line 5 '1-0:2.7.0(0x.338*kW)': '0x.338*kW' is not a valid power exported");
    }

    @Test
    void valuesMoreExactThanTheKeptUnitAreRefusedRatherThanRounded() {
        Telegram t = belgian("1-0:1.8.1(000123.4567*kWh)\r\n1-0:1.8.2(000123.4560*kWh)\r\n");
        assertThat(t.get(Measurement.ENERGY_IMPORTED_TARIFF_1)).isEmpty();
        assertThat(t.get(Measurement.ENERGY_IMPORTED_TARIFF_2)).hasValue(123_456);
        assertThat(t.warnings()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        1-0:31.7.0(002*A)      | 2000
        1-0:31.7.0(002.32*A)   | 2320
        1-0:31.7.0(000.27*A)   | 270
        1-0:31.7.0(001.5A)     | 1500
        1-0:31.7.0(001.5_A)    | 1500
        1-0:31.7.0(001.5*a)    | 1500
        1-0:31.7.0(001.5)      | 1500
        1-0:31.7.0.255(003*A)  | 3000
        """)
    void currentsWithOrWithoutDecimalsUnitSeparatorsAndValueGroupF(String line, long milliamps) {
        assertThat(belgian(line + "\r\n").get(Measurement.CURRENT_L1)).hasValue(milliamps);
    }

    @Test
    void tariffOneIsDayInBelgiumAndNightInTheNetherlands() {
        String registers = "1-0:1.8.1(000001.000*kWh)\r\n1-0:1.8.2(000002.000*kWh)\r\n"
                + "1-0:2.8.1(000003.000*kWh)\r\n1-0:2.8.2(000004.000*kWh)\r\n0-0:96.14.0(0001)\r\n";
        Telegram be = belgian(registers);
        assertThat(be.dialect()).isEqualTo(Dialect.BELGIAN);
        assertThat(be.tariff()).hasValue(Tariff.DAY);
        assertThat(be.energyImported(Tariff.DAY)).hasValue(1000);
        assertThat(be.energyImported(Tariff.NIGHT)).hasValue(2000);
        assertThat(be.energyExported(Tariff.DAY)).hasValue(3000);
        assertThat(be.energyExported(Tariff.NIGHT)).hasValue(4000);

        Telegram nl = parser.parse("/ISk5\\2M550T-1012\r\n\r\n1-3:0.2.8(50)\r\n" + registers + "!0000\r\n");
        assertThat(nl.dialect()).isEqualTo(Dialect.DUTCH);
        assertThat(nl.version()).hasValue("50");
        assertThat(nl.tariff()).hasValue(Tariff.NIGHT);
        assertThat(nl.energyImported(Tariff.NIGHT)).hasValue(1000);
        assertThat(nl.energyImported(Tariff.DAY)).hasValue(2000);
        assertThat(nl.energyExported(Tariff.NIGHT)).hasValue(3000);
    }

    @Test
    void peakHistoryIsSortedOldestFirstWhateverTheOrderSent() {
        String newestFirst = "0-0:98.1.0(2)(1-0:1.6.0)(1-0:1.6.0)(240101000000W)(231204180000W)(03.100*kW)"
                + "(231201000000W)(231110071500W)(02.200*kW)\r\n";
        List<MonthlyPeak> peaks = belgian(newestFirst).peakHistory();
        assertThat(peaks).extracting(MonthlyPeak::month)
                .containsExactly(YearMonth.of(2023, 11), YearMonth.of(2023, 12));
        assertThat(peaks).extracting(MonthlyPeak::watts).containsExactly(2200L, 3100L);
        assertThat(peaks.get(1).occurredAt()).hasValue(Instant.parse("2023-12-04T17:00:00Z"));
    }

    @Test
    void anEmptyPeakHistoryIsPresentButEmpty() {
        Telegram t = belgian("0-0:98.1.0(0)(1-0:1.6.0)(1-0:1.6.0)()\r\n");
        assertThat(t.hasPeakHistory()).isTrue();
        assertThat(t.peakHistory()).isEmpty();
        assertThat(t.warnings()).isEmpty();
        assertThat(belgian("").hasPeakHistory()).isFalse();
    }

    @Test
    void aPeakHistoryWithFewerMonthsThanAnnouncedKeepsTheWholeOnesAndWarns() {
        Telegram t = belgian("0-0:98.1.0(2)(1-0:1.6.0)(1-0:1.6.0)(240101000000W)(231204180000W)(03.100*kW)\r\n");
        assertThat(t.peakHistory()).extracting(MonthlyPeak::watts).containsExactly(3100L);
        assertThat(t.warnings()).singleElement().asString().contains("announces 2 months but carries 1");
    }

    @Test
    void mbusMediumComesFromTheDeviceTypeNotTheChannelOrCode() {
        Telegram t = belgian("""
                0-1:24.1.0(007)\r
                0-1:96.1.1(3853455430303030383337393634)\r
                0-1:24.2.3(230421165102S)(00003.830*m3)\r
                0-2:24.1.0(003)\r
                0-2:24.2.1(230421164959S)(00107.812*m3)\r
                """);
        assertThat(t.waterMeter()).hasValueSatisfying(w -> {
            assertThat(w.channel()).isEqualTo(1);
            assertThat(w.equipmentId()).hasValue("8SET0000837964");
            assertThat(w.reading().orElseThrow().thousandths()).isEqualTo(3830);
        });
        assertThat(t.gasMeter()).hasValueSatisfying(g -> {
            assertThat(g.channel()).isEqualTo(2);
            assertThat(g.reading().orElseThrow().capturedAt()).isEqualTo(Instant.parse("2023-04-21T14:49:59Z"));
            assertThat(g.reading().orElseThrow().value()).isEqualByComparingTo("107.812");
        });
    }

    @Test
    void aValueSplitOverTwoLinesIsJoined() {
        Telegram t = belgian("0-0:96.13.0(48656C6C6F2C\r\n20776F726C64)\r\n1-0:1.7.0(01.000*kW)\r\n");
        assertThat(t.textMessage()).hasValue("Hello, world");
        assertThat(t.powerImported()).hasValue(1000);
    }

    @Test
    void unknownObjectsAreKeptAsSent() {
        Telegram t = belgian("1-0:94.32.1(400)\r\n1-0:99.97.0(1)(0-0:96.7.19)(190326095015W)(0000002014*s)\r\n");
        assertThat(t.unknownObjects()).containsExactly(
                new RawObject("1-0:94.32.1", List.of("400")),
                new RawObject("1-0:99.97.0", List.of("1", "0-0:96.7.19", "190326095015W", "0000002014*s")));
    }

    @Test
    void aBrokenLineIsSkippedWithAWarningAndTheRestIsRead() {
        Telegram t = belgian("garbage here\r\n1-0:1.7.0(00.5*kW\r\n1-0:2.7.0(01.250*kW)\r\n1-0:21.7.0\r\n");
        assertThat(t.powerExported()).hasValue(1250);
        assertThat(t.powerImported()).isEmpty();
        assertThat(t.warnings()).hasSize(3);
        assertThat(t.warnings().get(0)).startsWith("line 4 'garbage here': not an OBIS code");
        assertThat(t.warnings().get(1)).startsWith("line 5 '1-0:1.7.0(00.5*kW").endsWith("a '(' is not closed by ')'");
        assertThat(t.warnings().get(2)).isEqualTo("line 7 '1-0:21.7.0': no value after the OBIS code");
    }

    @Test
    void limiterAndFuseSentinelsMeanNoLimit() {
        Telegram none = belgian("0-0:17.0.0(999.9*kW)\r\n1-0:31.4.0(999*A)\r\n");
        assertThat(none.powerLimit()).isEmpty();
        assertThat(none.fuseLimit()).isEmpty();
        assertThat(none.get(Measurement.LIMITER_THRESHOLD)).hasValue(999_900);
        Telegram limited = belgian("0-0:17.0.0(002.3*kW)\r\n1-0:31.4.0(010*A)\r\n0-0:96.3.10(0)\r\n");
        assertThat(limited.powerLimit()).hasValue(2300);
        assertThat(limited.fuseLimit()).hasValue(10_000);
        assertThat(limited.breakerState()).hasValue(BreakerState.DISCONNECTED);
    }

    @Test
    void aFrameWithoutHeaderOrEndIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> parser.parse("1-0:1.8.1(000001.000*kWh)\r\n!1234"))
                .isInstanceOf(P1FormatException.class)
                .hasMessage("a telegram starts with '/', this one with '1-0:1.8.1(000001.000'");
        assertThatThrownBy(() -> parser.parse("/FLU5\\253769484_A\r\n\r\n1-0:1.8.1(000001.000*kWh)\r\n"))
                .isInstanceOf(P1FormatException.class)
                .hasMessageContaining("has no '!' end line: it is truncated");
        assertThatThrownBy(() -> parser.parse(""))
                .hasMessage("a telegram starts with '/', this one with nothing");
    }

    @Test
    void consecutiveTelegramsFromOneMeterShareUnchangedTexts() {
        Telegram first = parser.parse(TestTelegrams.bytes("fluvius-v171-dsmr_parser-1.txt"));
        Telegram second = parser.parse(TestTelegrams.bytes("fluvius-v171-dsmr_parser-1.txt"));
        assertThat(second).isEqualTo(first);
        assertThat(second.equipmentId().orElseThrow()).isSameAs(first.equipmentId().orElseThrow());
        assertThat(second.peakHistory()).isSameAs(first.peakHistory());
        Telegram other = parser.parse(TestTelegrams.bytes("fluvius-v171-dsmr_parser-2.txt"));
        assertThat(other.equipmentId()).hasValue("1SAG3100721326");
    }
}
