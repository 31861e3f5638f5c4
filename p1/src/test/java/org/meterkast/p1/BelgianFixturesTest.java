package org.meterkast.p1;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.meterkast.p1.FixtureSupport.assertDevices;
import static org.meterkast.p1.FixtureSupport.assertMonthPeak;
import static org.meterkast.p1.FixtureSupport.assertNumbers;
import static org.meterkast.p1.FixtureSupport.assertPeakHistory;
import static org.meterkast.p1.FixtureSupport.assertWarnings;
import static org.meterkast.p1.FixtureSupport.at;
import static org.meterkast.p1.FixtureSupport.bytes;
import static org.meterkast.p1.FixtureSupport.crc16Arc;
import static org.meterkast.p1.FixtureSupport.device;
import static org.meterkast.p1.FixtureSupport.frame;
import static org.meterkast.p1.FixtureSupport.parseFramed;
import static org.meterkast.p1.FixtureSupport.peak;
import static org.meterkast.p1.FixtureSupport.text;
import static org.meterkast.p1.Measurement.BREAKER_STATE;
import static org.meterkast.p1.Measurement.CURRENT_AVERAGE_DEMAND;
import static org.meterkast.p1.Measurement.CURRENT_L1;
import static org.meterkast.p1.Measurement.CURRENT_L2;
import static org.meterkast.p1.Measurement.CURRENT_L3;
import static org.meterkast.p1.Measurement.ENERGY_EXPORTED_TARIFF_1;
import static org.meterkast.p1.Measurement.ENERGY_EXPORTED_TARIFF_2;
import static org.meterkast.p1.Measurement.ENERGY_IMPORTED_TARIFF_1;
import static org.meterkast.p1.Measurement.ENERGY_IMPORTED_TARIFF_2;
import static org.meterkast.p1.Measurement.FUSE_THRESHOLD_L1;
import static org.meterkast.p1.Measurement.LIMITER_THRESHOLD;
import static org.meterkast.p1.Measurement.POWER_EXPORTED;
import static org.meterkast.p1.Measurement.POWER_EXPORTED_L1;
import static org.meterkast.p1.Measurement.POWER_EXPORTED_L2;
import static org.meterkast.p1.Measurement.POWER_EXPORTED_L3;
import static org.meterkast.p1.Measurement.POWER_IMPORTED;
import static org.meterkast.p1.Measurement.POWER_IMPORTED_L1;
import static org.meterkast.p1.Measurement.POWER_IMPORTED_L2;
import static org.meterkast.p1.Measurement.POWER_IMPORTED_L3;
import static org.meterkast.p1.Measurement.TARIFF_INDICATOR;
import static org.meterkast.p1.Measurement.VOLTAGE_L1;
import static org.meterkast.p1.Measurement.VOLTAGE_L2;
import static org.meterkast.p1.Measurement.VOLTAGE_L3;
import static org.meterkast.p1.Medium.GAS;
import static org.meterkast.p1.Medium.WATER;

import java.time.YearMonth;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every Belgian (Fluvius e-MUCS) fixture decoded field by field. The expected values are read off the telegram
 * text by hand: kWh to Wh, kW to W, V to mV, A to mA, m3 to litres; register 1 is day and 2 is night; a stamp
 * with S is UTC+2 and with W is UTC+1 (written below as the local time with its offset); equipment ids are the
 * hex-decoded ASCII. Line numbers in the comments are those of the fixture file.
 */
class BelgianFixturesTest {
    static final String V171_SPEC_EXAMPLE = "fluvius-v171-dsmr_parser-1.txt";
    static final String V171_REAL_METER = "fluvius-v171-dsmr_parser-2.txt";
    static final String V213_OPENHAB = "fluvius-v213-openhab-flu5.txt";
    static final String V213_INVALID_GAS = "edge-fluvius-v213-invalid-gasmeter-openhab.txt";
    static final String V215_SINGLE_PHASE = "fluvius-v215-1phase-homebridge-p1-47.txt";
    static final String V215_OPENHAB_EXTRA = "fluvius-v215-openhab-flu5_extra.txt";
    static final String V217_HA_CORE = "fluvius-v217-ha-core-107813-1.txt";
    static final String V217_WATER_GAS = "fluvius-v217-water-ch1-gas-ch2-p1dongel.txt";
    static final String V221_EXAMPLE_1 = "fluvius-v221-emucs-spec-example-1-node-dsmr-parser.txt";
    static final String V221_EXAMPLE_2 = "fluvius-v221-emucs-spec-example-2-node-dsmr-parser.txt";

    /** "1234567890123456789012345678" hex-decoded: bytes 12 34 56 78 90, three times (the last without 90). */
    /** openHAB's synthetic serial is not hex-encoded text (bytes 12 34 56 78 90 ...), so it is kept as sent. */
    private static final String OPENHAB_SERIAL = "1234567890123456789012345678";

    /**
     * The Fluvius e-MUCS 1.7.1 spec example (3 phases, gas on channel 1 via 24.2.3, water on channel 2 via
     * 24.2.1, a 3-month history sent newest first). Shared with the bad-CRC fixture, which lacks line 6.
     */
    @Test
    void v171SpecExample() {
        Telegram t = parseFramed(V171_SPEC_EXAMPLE, 0x3AD7);
        assertFluviusV171Example(t, 34L);
        assertWarnings(t, V171_SPEC_EXAMPLE);
    }

    /**
     * The content of fluvius-v171-dsmr_parser-1.txt; {@code dayImport} null when line 6
     * {@code 1-0:1.8.1(000000.034*kWh)} was taken out.
     */
    static void assertFluviusV171Example(Telegram t, Long dayImport) {
        assertThat(t.header()).isEqualTo("FLU5\\253769484_A");
        assertThat(t.dialect()).isEqualTo(Dialect.BELGIAN);
        assertThat(t.version()).hasValue("50217");
        assertThat(t.equipmentId()).hasValue("1SAG3101021605");
        assertThat(t.ean()).isEmpty();
        assertThat(t.timestamp()).hasValue(at("2020-05-12T13:54:09+02:00"));          // 200512135409S
        if (dayImport == null) {
            assertThat(t.energyImported(Tariff.DAY)).isEmpty();
        } else {
            assertThat(t.energyImported(Tariff.DAY)).hasValue(dayImport);            // 1.8.1 000000.034 kWh
        }
        assertThat(t.energyImported(Tariff.NIGHT)).hasValue(15_758);                  // 1.8.2 000015.758 kWh
        assertThat(t.energyExported(Tariff.DAY)).hasValue(0);                         // 2.8.1 000000.000 kWh
        assertThat(t.energyExported(Tariff.NIGHT)).hasValue(11);                      // 2.8.2 000000.011 kWh
        assertThat(t.currentAverageDemand()).hasValue(2_351);                         // 1.4.0 02.351 kW
        assertMonthPeak(t, at("2020-05-09T13:45:58+02:00"), 2_589);                   // 1.6.0
        // 98.1.0 sent newest first: April, March, February 2020; the stamps are the local midnight after the month
        assertPeakHistory(t,
                peak(YearMonth.of(2020, 2), at("2020-03-01T00:00+02:00"), at("2020-02-10T03:54:21+01:00"), 4_318),
                peak(YearMonth.of(2020, 3), at("2020-04-01T00:00+02:00"), at("2020-03-05T12:21:39+02:00"), 5_980),
                peak(YearMonth.of(2020, 4), at("2020-05-01T00:00+02:00"), at("2020-04-23T19:25:38+02:00"), 3_695));
        assertThat(t.tariff()).hasValue(Tariff.DAY);                                  // 96.14.0(0001)
        assertThat(t.powerImported()).hasValue(0);
        assertThat(t.powerExported()).hasValue(0);
        assertThat(t.breakerState()).hasValue(BreakerState.CONNECTED);                // 96.3.10(1)
        assertThat(t.powerLimit()).isEmpty();                                         // 17.0.0(999.9*kW): none
        assertThat(t.fuseLimit()).isEmpty();                                          // 31.4.0(999*A): none
        assertThat(t.textMessage()).isEmpty();                                        // 96.13.0()
        Map<Measurement, Long> numbers = new EnumMap<>(Map.ofEntries(
                entry(ENERGY_IMPORTED_TARIFF_2, 15_758L),
                entry(ENERGY_EXPORTED_TARIFF_1, 0L),
                entry(ENERGY_EXPORTED_TARIFF_2, 11L),
                entry(CURRENT_AVERAGE_DEMAND, 2_351L),
                entry(TARIFF_INDICATOR, 1L),
                entry(POWER_IMPORTED, 0L),
                entry(POWER_EXPORTED, 0L),
                entry(POWER_IMPORTED_L1, 0L),
                entry(POWER_IMPORTED_L2, 0L),
                entry(POWER_IMPORTED_L3, 0L),
                entry(POWER_EXPORTED_L1, 0L),
                entry(POWER_EXPORTED_L2, 0L),
                entry(POWER_EXPORTED_L3, 0L),
                entry(VOLTAGE_L1, 234_700L),
                entry(VOLTAGE_L2, 234_700L),
                entry(VOLTAGE_L3, 234_700L),
                entry(CURRENT_L1, 0L),
                entry(CURRENT_L2, 0L),
                entry(CURRENT_L3, 0L),
                entry(BREAKER_STATE, 1L),
                entry(LIMITER_THRESHOLD, 999_900L),
                entry(FUSE_THRESHOLD_L1, 999_000L)));
        if (dayImport != null) {
            numbers.put(ENERGY_IMPORTED_TARIFF_1, dayImport);
        }
        assertNumbers(t, numbers);
        assertDevices(t,
                device(1).type(3, GAS).id("7FLO2119033733").valve(1)
                        .reading(at("2020-05-12T13:45:58+02:00"), 112_384, "m3"),
                device(2).type(7, WATER).id("8SAG1234567890")
                        .reading(at("2020-05-12T13:45:58+02:00"), 872_234, "m3"));
        assertThat(t.gasMeter()).get().extracting(MbusDevice::channel).isEqualTo(1);
        assertThat(t.waterMeter()).get().extracting(MbusDevice::channel).isEqualTo(2);
        assertThat(t.unknownObjects()).isEmpty();
    }

    /**
     * A real 3-phase 50217 meter: history of 4 months sent oldest first, whose first month has the invalid
     * occurrence 632525252525W and 0 kW (the month after installation); line 13 is the only warning.
     */
    @Test
    void v171RealMeterWithInvalidFirstHistoryOccurrence() {
        Telegram t = parseFramed(V171_REAL_METER, 0xC4B0);
        assertThat(t.header()).isEqualTo("FLU5\\253769484_A");
        assertThat(t.dialect()).isEqualTo(Dialect.BELGIAN);
        assertThat(t.version()).hasValue("50217");
        assertThat(t.equipmentId()).hasValue("1SAG3100721326");
        assertThat(t.ean()).isEmpty();
        assertThat(t.timestamp()).hasValue(at("2023-11-02T12:15:48+01:00"));          // 231102121548W
        assertThat(t.energyImported(Tariff.DAY)).hasValue(301_548);
        assertThat(t.energyImported(Tariff.NIGHT)).hasValue(270_014);
        assertThat(t.energyExported(Tariff.DAY)).hasValue(5);
        assertThat(t.energyExported(Tariff.NIGHT)).hasValue(0);
        assertThat(t.tariff()).hasValue(Tariff.DAY);                                  // 0001
        assertThat(t.currentAverageDemand()).hasValue(52);                            // 00.052 kW
        assertMonthPeak(t, at("2023-11-02T11:45:00+01:00"), 3_064);                   // 231102114500W, 03.064 kW
        assertPeakHistory(t,
                peak(YearMonth.of(2023, 7), at("2023-08-01T00:00+02:00"), null, 0),   // (632525252525W)(00.000*kW)
                peak(YearMonth.of(2023, 8), at("2023-09-01T00:00+02:00"), at("2023-08-31T18:15:00+02:00"), 1_862),
                peak(YearMonth.of(2023, 9), at("2023-10-01T00:00+02:00"), at("2023-09-10T18:30:00+02:00"), 4_229),
                peak(YearMonth.of(2023, 10), at("2023-11-01T00:00+01:00"), at("2023-10-16T13:00:00+02:00"), 4_927));
        assertThat(t.powerImported()).hasValue(338);
        assertThat(t.powerExported()).hasValue(0);
        assertThat(t.breakerState()).hasValue(BreakerState.CONNECTED);
        assertThat(t.powerLimit()).isEmpty();
        assertThat(t.fuseLimit()).isEmpty();
        assertThat(t.textMessage()).isEmpty();
        assertNumbers(t, Map.ofEntries(
                entry(ENERGY_IMPORTED_TARIFF_1, 301_548L),
                entry(ENERGY_IMPORTED_TARIFF_2, 270_014L),
                entry(ENERGY_EXPORTED_TARIFF_1, 5L),
                entry(ENERGY_EXPORTED_TARIFF_2, 0L),
                entry(TARIFF_INDICATOR, 1L),
                entry(CURRENT_AVERAGE_DEMAND, 52L),
                entry(POWER_IMPORTED, 338L),
                entry(POWER_EXPORTED, 0L),
                entry(POWER_IMPORTED_L1, 47L),
                entry(POWER_IMPORTED_L2, 179L),
                entry(POWER_IMPORTED_L3, 111L),
                entry(POWER_EXPORTED_L1, 0L),
                entry(POWER_EXPORTED_L2, 0L),
                entry(POWER_EXPORTED_L3, 0L),
                entry(VOLTAGE_L1, 232_900L),
                entry(VOLTAGE_L2, 228_100L),
                entry(VOLTAGE_L3, 228_100L),
                entry(CURRENT_L1, 270L),                                               // 000.27 A
                entry(CURRENT_L2, 880L),
                entry(CURRENT_L3, 520L),
                entry(BREAKER_STATE, 1L),
                entry(LIMITER_THRESHOLD, 999_900L),
                entry(FUSE_THRESHOLD_L1, 999_000L)));
        assertDevices(t,
                device(1).type(3, GAS).id("7FLO2123088027").valve(1)
                        .reading(at("2023-11-02T12:10:02+01:00"), 92_287, "m3"),
                device(2).type(7, WATER).id("8SET0000961173")
                        .reading(at("2023-11-02T12:15:32+01:00"), 8_579, "m3"));
        assertThat(t.unknownObjects()).isEmpty();
        assertWarnings(t, V171_REAL_METER, 13);
        assertThat(t.warnings().get(0)).contains("'632525252525W'");
    }

    /**
     * openHAB's synthetic single-phase 50213 telegram: units written without '*' (Kamstrup style), a serial
     * that is hex but not ASCII, gas with valve open.
     */
    @Test
    void v213OpenhabSinglePhaseWithUnitsWithoutStar() {
        Telegram t = parseFramed(V213_OPENHAB, 0x6EFB);
        assertV213Openhab(t);
        assertDevices(t,
                device(1).type(3, GAS).id(OPENHAB_SERIAL).valve(1)
                        .reading(at("2019-11-28T00:00:00+01:00"), 99_999, "m3"));           // 191128000000W
        assertWarnings(t, V213_OPENHAB);
    }

    /**
     * The same telegram with the gas valve closed and the gas reading 0-1:24.2.3(632525252525W)(00000.000): the
     * reading is left out with one warning on line 22; everything else decodes.
     */
    @Test
    void v213InvalidGasReading() {
        Telegram t = parseFramed(V213_INVALID_GAS, 0x70AC);
        assertV213Openhab(t);
        assertDevices(t, device(1).type(3, GAS).id(OPENHAB_SERIAL).valve(0));
        assertWarnings(t, V213_INVALID_GAS, 22);
        assertThat(t.warnings().get(0)).contains("'632525252525W'");
    }

    /** Lines 1 to 18 of the two openHAB flu5 telegrams, which are the same. */
    private static void assertV213Openhab(Telegram t) {
        assertThat(t.header()).isEqualTo("FLU5\\123456789_A");
        assertThat(t.dialect()).isEqualTo(Dialect.BELGIAN);
        assertThat(t.version()).hasValue("50213");
        assertThat(t.equipmentId()).hasValue(OPENHAB_SERIAL);
        assertThat(t.ean()).isEmpty();
        assertThat(t.timestamp()).hasValue(at("2019-11-28T00:00:00+01:00"));          // 191128000000W
        assertThat(t.energyImported(Tariff.DAY)).hasValue(123_456);                   // 1.8.1 000123.456kWh
        assertThat(t.energyImported(Tariff.NIGHT)).hasValue(234_567);
        assertThat(t.energyExported(Tariff.DAY)).hasValue(345_678);
        assertThat(t.energyExported(Tariff.NIGHT)).hasValue(456_789);
        assertThat(t.tariff()).hasValue(Tariff.DAY);
        assertThat(t.powerImported()).hasValue(1_234);
        assertThat(t.powerExported()).hasValue(0);
        assertThat(t.currentAverageDemand()).isEmpty();
        assertThat(t.monthPeak()).isEmpty();
        assertThat(t.hasPeakHistory()).isFalse();
        assertThat(t.breakerState()).hasValue(BreakerState.CONNECTED);
        assertThat(t.powerLimit()).isEmpty();                                         // 999.9kW
        assertThat(t.fuseLimit()).isEmpty();                                          // 999A
        assertThat(t.textMessage()).isEmpty();
        assertNumbers(t, Map.ofEntries(
                entry(ENERGY_IMPORTED_TARIFF_1, 123_456L),
                entry(ENERGY_IMPORTED_TARIFF_2, 234_567L),
                entry(ENERGY_EXPORTED_TARIFF_1, 345_678L),
                entry(ENERGY_EXPORTED_TARIFF_2, 456_789L),
                entry(TARIFF_INDICATOR, 1L),
                entry(POWER_IMPORTED, 1_234L),
                entry(POWER_EXPORTED, 0L),
                entry(VOLTAGE_L1, 234_500L),                                           // 234.5V
                entry(CURRENT_L1, 5_000L),                                             // 005A
                entry(BREAKER_STATE, 1L),
                entry(LIMITER_THRESHOLD, 999_900L),
                entry(FUSE_THRESHOLD_L1, 999_000L)));
        assertThat(t.unknownObjects()).isEmpty();
    }

    /** A real single-phase Sagemcom S211 on 50215 firmware: no capacity-tariff objects, tariff 2 (night). */
    @Test
    void v215SinglePhaseWithoutCapacityObjects() {
        Telegram t = parseFramed(V215_SINGLE_PHASE, 0x85AF);
        assertThat(t.header()).isEqualTo("FLU5\\253770234_A");
        assertThat(t.dialect()).isEqualTo(Dialect.BELGIAN);
        assertThat(t.version()).hasValue("50215");
        assertThat(t.equipmentId()).hasValue("1SAG1100076616");
        assertThat(t.ean()).isEmpty();
        assertThat(t.timestamp()).hasValue(at("2021-03-20T21:46:36+01:00"));          // 210320214636W
        assertThat(t.energyImported(Tariff.DAY)).hasValue(1_311_025);
        assertThat(t.energyImported(Tariff.NIGHT)).hasValue(1_651_825);
        assertThat(t.energyExported(Tariff.DAY)).hasValue(1_885_818);
        assertThat(t.energyExported(Tariff.NIGHT)).hasValue(750_923);
        assertThat(t.tariff()).hasValue(Tariff.NIGHT);                                // 0002
        assertThat(t.powerImported()).hasValue(433);
        assertThat(t.powerExported()).hasValue(0);
        assertThat(t.currentAverageDemand()).isEmpty();
        assertThat(t.monthPeak()).isEmpty();
        assertThat(t.hasPeakHistory()).isFalse();
        assertThat(t.peakHistory()).isEmpty();
        assertThat(t.breakerState()).hasValue(BreakerState.CONNECTED);
        assertThat(t.powerLimit()).isEmpty();
        assertThat(t.fuseLimit()).isEmpty();
        assertThat(t.textMessage()).isEmpty();
        assertNumbers(t, Map.ofEntries(
                entry(ENERGY_IMPORTED_TARIFF_1, 1_311_025L),
                entry(ENERGY_IMPORTED_TARIFF_2, 1_651_825L),
                entry(ENERGY_EXPORTED_TARIFF_1, 1_885_818L),
                entry(ENERGY_EXPORTED_TARIFF_2, 750_923L),
                entry(TARIFF_INDICATOR, 2L),
                entry(POWER_IMPORTED, 433L),
                entry(POWER_EXPORTED, 0L),
                entry(POWER_IMPORTED_L1, 438L),
                entry(POWER_EXPORTED_L1, 0L),
                entry(VOLTAGE_L1, 240_900L),
                entry(CURRENT_L1, 2_220L),                                             // 002.22 A
                entry(BREAKER_STATE, 1L),
                entry(LIMITER_THRESHOLD, 999_900L),
                entry(FUSE_THRESHOLD_L1, 999_000L)));
        assertDevices(t,
                device(1).type(3, GAS).id("7FLO2119031964").valve(1)
                        .reading(at("2021-03-20T21:46:26+01:00"), 2_559_077, "m3"));
        assertThat(t.unknownObjects()).isEmpty();
        assertWarnings(t, V215_SINGLE_PHASE);
    }

    /** openHAB's 3-phase 50215 telegram: units without '*', 2-decimal currents, export on L3, tariff 2. */
    @Test
    void v215OpenhabThreePhaseWithExport() {
        Telegram t = parseFramed(V215_OPENHAB_EXTRA, 0x70C0);
        assertThat(t.header()).isEqualTo("FLU5\\123456789_A");
        assertThat(t.dialect()).isEqualTo(Dialect.BELGIAN);
        assertThat(t.version()).hasValue("50215");
        // "A234567890123456789012345678": bytes A2 34 56 78 90 12 34 56 78 90 12 34 56 78
        assertThat(t.equipmentId()).hasValue("A234567890123456789012345678");
        assertThat(t.ean()).isEmpty();
        assertThat(t.timestamp()).hasValue(at("2021-02-27T14:49:33+01:00"));          // 210227144933W
        assertThat(t.energyImported(Tariff.DAY)).hasValue(1_247_747);
        assertThat(t.energyImported(Tariff.NIGHT)).hasValue(2_330_879);
        assertThat(t.energyExported(Tariff.DAY)).hasValue(2_159_427);
        assertThat(t.energyExported(Tariff.NIGHT)).hasValue(812_563);
        assertThat(t.tariff()).hasValue(Tariff.NIGHT);
        assertThat(t.powerImported()).hasValue(0);
        assertThat(t.powerExported()).hasValue(149);
        assertThat(t.currentAverageDemand()).isEmpty();
        assertThat(t.monthPeak()).isEmpty();
        assertThat(t.hasPeakHistory()).isFalse();
        assertThat(t.breakerState()).hasValue(BreakerState.CONNECTED);
        assertThat(t.powerLimit()).isEmpty();
        assertThat(t.fuseLimit()).isEmpty();
        assertThat(t.textMessage()).isEmpty();
        assertNumbers(t, Map.ofEntries(
                entry(ENERGY_IMPORTED_TARIFF_1, 1_247_747L),
                entry(ENERGY_IMPORTED_TARIFF_2, 2_330_879L),
                entry(ENERGY_EXPORTED_TARIFF_1, 2_159_427L),
                entry(ENERGY_EXPORTED_TARIFF_2, 812_563L),
                entry(TARIFF_INDICATOR, 2L),
                entry(POWER_IMPORTED, 0L),
                entry(POWER_EXPORTED, 149L),
                entry(POWER_IMPORTED_L1, 13L),
                entry(POWER_IMPORTED_L2, 108L),
                entry(POWER_IMPORTED_L3, 0L),
                entry(POWER_EXPORTED_L1, 0L),
                entry(POWER_EXPORTED_L2, 0L),
                entry(POWER_EXPORTED_L3, 271L),
                entry(VOLTAGE_L1, 234_500L),
                entry(VOLTAGE_L2, 234_000L),
                entry(VOLTAGE_L3, 235_100L),
                entry(CURRENT_L1, 190L),                                               // 000.19A
                entry(CURRENT_L2, 800L),
                entry(CURRENT_L3, 1_390L),
                entry(BREAKER_STATE, 1L),
                entry(LIMITER_THRESHOLD, 999_900L),
                entry(FUSE_THRESHOLD_L1, 999_000L)));
        assertDevices(t,
                device(1).type(3, GAS).id(OPENHAB_SERIAL).valve(1)
                        .reading(at("2021-02-27T14:46:00+01:00"), 996_617, "m3"));
        assertThat(t.unknownObjects()).isEmpty();
        assertWarnings(t, V215_OPENHAB_EXTRA);
    }

    /** A real 3-phase Sagemcom on 50217 (Home Assistant issue): winter stamps, 3 months of history oldest first. */
    @Test
    void v217RealMeterWithThreeMonthsOfHistory() {
        Telegram t = parseFramed(V217_HA_CORE, 0x2579);
        assertThat(t.header()).isEqualTo("FLU5\\253769484_A");
        assertThat(t.dialect()).isEqualTo(Dialect.BELGIAN);
        assertThat(t.version()).hasValue("50217");
        assertThat(t.equipmentId()).hasValue("1SAG3105056625");
        assertThat(t.ean()).isEmpty();
        assertThat(t.timestamp()).hasValue(at("2024-01-12T23:17:55+01:00"));          // 240112231755W
        assertThat(t.energyImported(Tariff.DAY)).hasValue(116_372);
        assertThat(t.energyImported(Tariff.NIGHT)).hasValue(62_192);
        assertThat(t.energyExported(Tariff.DAY)).hasValue(112_716);
        assertThat(t.energyExported(Tariff.NIGHT)).hasValue(42_757);
        assertThat(t.tariff()).hasValue(Tariff.NIGHT);
        assertThat(t.currentAverageDemand()).hasValue(25);
        assertMonthPeak(t, at("2024-01-07T19:00:00+01:00"), 2_485);
        assertPeakHistory(t,
                peak(YearMonth.of(2023, 10), at("2023-11-01T00:00+01:00"), at("2023-10-31T12:00:00+01:00"), 1_747),
                peak(YearMonth.of(2023, 11), at("2023-12-01T00:00+01:00"), at("2023-11-09T16:45:00+01:00"), 3_260),
                peak(YearMonth.of(2023, 12), at("2024-01-01T00:00+01:00"), at("2023-12-24T13:45:00+01:00"), 1_981));
        assertThat(t.powerImported()).hasValue(134);
        assertThat(t.powerExported()).hasValue(0);
        assertThat(t.breakerState()).hasValue(BreakerState.CONNECTED);
        assertThat(t.powerLimit()).isEmpty();
        assertThat(t.fuseLimit()).isEmpty();
        assertThat(t.textMessage()).isEmpty();
        assertNumbers(t, Map.ofEntries(
                entry(ENERGY_IMPORTED_TARIFF_1, 116_372L),
                entry(ENERGY_IMPORTED_TARIFF_2, 62_192L),
                entry(ENERGY_EXPORTED_TARIFF_1, 112_716L),
                entry(ENERGY_EXPORTED_TARIFF_2, 42_757L),
                entry(TARIFF_INDICATOR, 2L),
                entry(CURRENT_AVERAGE_DEMAND, 25L),
                entry(POWER_IMPORTED, 134L),
                entry(POWER_EXPORTED, 0L),
                entry(POWER_IMPORTED_L1, 27L),
                entry(POWER_IMPORTED_L2, 62L),
                entry(POWER_IMPORTED_L3, 44L),
                entry(POWER_EXPORTED_L1, 0L),
                entry(POWER_EXPORTED_L2, 0L),
                entry(POWER_EXPORTED_L3, 0L),
                entry(VOLTAGE_L1, 230_600L),
                entry(VOLTAGE_L2, 230_500L),
                entry(VOLTAGE_L3, 229_200L),
                entry(CURRENT_L1, 170L),
                entry(CURRENT_L2, 490L),
                entry(CURRENT_L3, 250L),
                entry(BREAKER_STATE, 1L),
                entry(LIMITER_THRESHOLD, 999_900L),
                entry(FUSE_THRESHOLD_L1, 999_000L)));
        assertDevices(t,
                device(1).type(3, GAS).id("7FLO2123006385").valve(1)
                        .reading(at("2024-01-12T23:16:46+01:00"), 338_711, "m3"));
        assertThat(t.unknownObjects()).isEmpty();
        assertWarnings(t, V217_HA_CORE);
    }

    /**
     * A real 50217 meter with the water meter on channel 1 and gas on channel 2 (medium from the device type, not
     * the channel), an empty history 98.1.0(0)(1-0:1.6.0)(1-0:1.6.0)(), L2 at 0 V, export, and the CRC written
     * in lower case (438b).
     */
    @Test
    void v217WaterOnChannelOneGasOnChannelTwoEmptyHistory() {
        Telegram t = parseFramed(V217_WATER_GAS, 0x438B);
        assertThat(t.header()).isEqualTo("FLU5\\253769484_A");
        assertThat(t.dialect()).isEqualTo(Dialect.BELGIAN);
        assertThat(t.version()).hasValue("50217");
        assertThat(t.equipmentId()).hasValue("1SAG3105209493");
        assertThat(t.ean()).isEmpty();
        assertThat(t.timestamp()).hasValue(at("2023-04-21T16:53:28+02:00"));          // 230421165328S
        assertThat(t.energyImported(Tariff.DAY)).hasValue(56_913);
        assertThat(t.energyImported(Tariff.NIGHT)).hasValue(184_024);
        assertThat(t.energyExported(Tariff.DAY)).hasValue(83_503);
        assertThat(t.energyExported(Tariff.NIGHT)).hasValue(15_696);
        assertThat(t.tariff()).hasValue(Tariff.DAY);
        assertThat(t.currentAverageDemand()).hasValue(0);
        assertMonthPeak(t, at("2023-04-11T22:30:00+02:00"), 4_509);
        assertThat(t.hasPeakHistory()).isTrue();
        assertThat(t.peakHistory()).isEmpty();
        assertThat(t.powerImported()).hasValue(0);
        assertThat(t.powerExported()).hasValue(1_739);
        assertThat(t.breakerState()).hasValue(BreakerState.CONNECTED);
        assertThat(t.powerLimit()).isEmpty();
        assertThat(t.fuseLimit()).isEmpty();
        assertThat(t.textMessage()).isEmpty();
        assertNumbers(t, Map.ofEntries(
                entry(ENERGY_IMPORTED_TARIFF_1, 56_913L),
                entry(ENERGY_IMPORTED_TARIFF_2, 184_024L),
                entry(ENERGY_EXPORTED_TARIFF_1, 83_503L),
                entry(ENERGY_EXPORTED_TARIFF_2, 15_696L),
                entry(TARIFF_INDICATOR, 1L),
                entry(CURRENT_AVERAGE_DEMAND, 0L),
                entry(POWER_IMPORTED, 0L),
                entry(POWER_EXPORTED, 1_739L),
                entry(POWER_IMPORTED_L1, 188L),
                entry(POWER_IMPORTED_L2, 0L),
                entry(POWER_IMPORTED_L3, 0L),
                entry(POWER_EXPORTED_L1, 0L),
                entry(POWER_EXPORTED_L2, 0L),
                entry(POWER_EXPORTED_L3, 1_928L),
                entry(VOLTAGE_L1, 245_300L),
                entry(VOLTAGE_L2, 0L),                                                 // 000.0 V
                entry(VOLTAGE_L3, 246_800L),
                entry(CURRENT_L1, 1_000L),
                entry(CURRENT_L2, 7_740L),
                entry(CURRENT_L3, 7_970L),
                entry(BREAKER_STATE, 1L),
                entry(LIMITER_THRESHOLD, 999_900L),
                entry(FUSE_THRESHOLD_L1, 999_000L)));
        assertDevices(t,
                device(1).type(7, WATER).id("8SET0000837964")
                        .reading(at("2023-04-21T16:51:02+02:00"), 3_830, "m3"),
                device(2).type(3, GAS).id("7FLO2123015189").valve(1)
                        .reading(at("2023-04-21T16:49:59+02:00"), 107_812, "m3"));
        assertThat(t.waterMeter()).get().extracting(MbusDevice::channel).isEqualTo(1);
        assertThat(t.gasMeter()).get().extracting(MbusDevice::channel).isEqualTo(2);
        assertThat(t.unknownObjects()).isEmpty();
        assertWarnings(t, V217_WATER_GAS);
    }

    /**
     * The e-MUCS 2.1.1 spec example (3 phases): its CRC is the placeholder 1234, so the framer must refuse it, but
     * parsing it directly decodes the 2.1 objects: EANs (0-n:96.1.2), channel states 0-n:96.3.10 on all four
     * channels, 17.0.0(99.999*kW) and 31.4.0(999.99*A) meaning no limit, water read on 0-2:24.2.3 yet recognised
     * by its device type 007, and 1-0:94.32.1(400) kept as an unknown object.
     */
    @Test
    void v221SpecExampleThreePhase() {
        assertPlaceholderCrcRejected(V221_EXAMPLE_1, 0x74E0);

        Telegram t = new TelegramParser().parse(bytes(V221_EXAMPLE_1));
        assertThat(t.header()).isEqualTo("FLU5\\253769484_A");
        assertThat(t.dialect()).isEqualTo(Dialect.BELGIAN);
        assertThat(t.version()).hasValue("50221");
        assertThat(t.equipmentId()).hasValue("1SAG3101021605");
        assertThat(t.ean()).hasValue("541440012345678900");
        assertThat(t.timestamp()).hasValue(at("2020-05-12T13:54:09+02:00"));          // 200512135409S
        assertThat(t.energyImported(Tariff.DAY)).hasValue(34);
        assertThat(t.energyImported(Tariff.NIGHT)).hasValue(15_758);
        assertThat(t.energyExported(Tariff.DAY)).hasValue(0);
        assertThat(t.energyExported(Tariff.NIGHT)).hasValue(11);
        assertThat(t.tariff()).hasValue(Tariff.DAY);
        assertThat(t.currentAverageDemand()).hasValue(2_351);
        assertV221PeaksAndLimits(t);
        assertThat(t.powerImported()).hasValue(0);
        assertThat(t.powerExported()).hasValue(0);
        assertThat(t.textMessage()).isEmpty();
        assertNumbers(t, Map.ofEntries(
                entry(ENERGY_IMPORTED_TARIFF_1, 34L),
                entry(ENERGY_IMPORTED_TARIFF_2, 15_758L),
                entry(ENERGY_EXPORTED_TARIFF_1, 0L),
                entry(ENERGY_EXPORTED_TARIFF_2, 11L),
                entry(TARIFF_INDICATOR, 1L),
                entry(CURRENT_AVERAGE_DEMAND, 2_351L),
                entry(POWER_IMPORTED, 0L),
                entry(POWER_EXPORTED, 0L),
                entry(POWER_IMPORTED_L1, 0L),
                entry(POWER_IMPORTED_L2, 0L),
                entry(POWER_IMPORTED_L3, 0L),
                entry(POWER_EXPORTED_L1, 0L),
                entry(POWER_EXPORTED_L2, 0L),
                entry(POWER_EXPORTED_L3, 0L),
                entry(VOLTAGE_L1, 234_700L),
                entry(VOLTAGE_L2, 234_700L),
                entry(VOLTAGE_L3, 234_700L),
                entry(CURRENT_L1, 0L),
                entry(CURRENT_L2, 0L),
                entry(CURRENT_L3, 0L),
                entry(BREAKER_STATE, 1L),
                entry(LIMITER_THRESHOLD, 99_999L),                                     // 99.999 kW kept raw
                entry(FUSE_THRESHOLD_L1, 999_990L)));                                  // 999.99 A kept raw
        assertV221Devices(t);
        assertThat(t.unknownObjects()).containsExactly(new RawObject("1-0:94.32.1", List.of("400")));
        assertWarnings(t, V221_EXAMPLE_1);
    }

    /** The single-phase variant of the e-MUCS 2.1.1 spec example: placeholder CRC 1234, no 94.32.1. */
    @Test
    void v221SpecExampleSinglePhase() {
        assertPlaceholderCrcRejected(V221_EXAMPLE_2, 0xA396);

        Telegram t = new TelegramParser().parse(bytes(V221_EXAMPLE_2));
        assertThat(t.header()).isEqualTo("FLU5\\253770234_A");
        assertThat(t.dialect()).isEqualTo(Dialect.BELGIAN);
        assertThat(t.version()).hasValue("50221");
        assertThat(t.equipmentId()).hasValue("1SAG1100000231");
        assertThat(t.ean()).hasValue("541440012345678900");
        assertThat(t.timestamp()).hasValue(at("2020-05-12T14:55:52+02:00"));          // 200512145552S
        assertThat(t.energyImported(Tariff.DAY)).hasValue(915);
        assertThat(t.energyImported(Tariff.NIGHT)).hasValue(1_955);
        assertThat(t.energyExported(Tariff.DAY)).hasValue(0);
        assertThat(t.energyExported(Tariff.NIGHT)).hasValue(30);
        assertThat(t.tariff()).hasValue(Tariff.DAY);
        assertThat(t.currentAverageDemand()).hasValue(2_351);
        assertV221PeaksAndLimits(t);
        assertThat(t.powerImported()).hasValue(0);
        assertThat(t.powerExported()).hasValue(0);
        assertThat(t.textMessage()).isEmpty();
        assertNumbers(t, Map.ofEntries(
                entry(ENERGY_IMPORTED_TARIFF_1, 915L),
                entry(ENERGY_IMPORTED_TARIFF_2, 1_955L),
                entry(ENERGY_EXPORTED_TARIFF_1, 0L),
                entry(ENERGY_EXPORTED_TARIFF_2, 30L),
                entry(TARIFF_INDICATOR, 1L),
                entry(CURRENT_AVERAGE_DEMAND, 2_351L),
                entry(POWER_IMPORTED, 0L),
                entry(POWER_EXPORTED, 0L),
                entry(POWER_IMPORTED_L1, 0L),
                entry(POWER_EXPORTED_L1, 0L),
                entry(VOLTAGE_L1, 234_600L),
                entry(CURRENT_L1, 0L),
                entry(BREAKER_STATE, 1L),
                entry(LIMITER_THRESHOLD, 99_999L),
                entry(FUSE_THRESHOLD_L1, 999_990L)));
        assertV221Devices(t);
        assertThat(t.unknownObjects()).isEmpty();
        assertWarnings(t, V221_EXAMPLE_2);
    }

    /** Both spec examples carry "!1234": BAD_CRC from a framer that requires a CRC, no frame delivered. */
    private static void assertPlaceholderCrcRejected(String name, int computedCrc) {
        String text = text(name);
        assertThat(crc16Arc(bytes(name), text.indexOf('!') + 1)).as("CRC of the bytes").isEqualTo(computedCrc);
        FixtureSupport.Framing f = frame(name, false);
        assertThat(f.frames).isEmpty();
        assertThat(f.rejections).containsExactly(Rejection.BAD_CRC);
        assertThat(f.details.get(0)).contains("1234").contains(String.format("%04X", computedCrc));
    }

    /** Lines 13/14 (1.6.0, 98.1.0), 29 to 31 (breaker, limits) of both spec examples, which are the same. */
    private static void assertV221PeaksAndLimits(Telegram t) {
        assertMonthPeak(t, at("2020-05-09T13:45:58+02:00"), 2_589);
        assertPeakHistory(t,
                peak(YearMonth.of(2020, 2), at("2020-03-01T00:00+02:00"), at("2020-02-10T03:54:21+01:00"), 4_318),
                peak(YearMonth.of(2020, 3), at("2020-04-01T00:00+02:00"), at("2020-03-05T12:21:39+02:00"), 5_980),
                peak(YearMonth.of(2020, 4), at("2020-05-01T00:00+02:00"), at("2020-04-23T19:25:38+02:00"), 3_695));
        assertThat(t.breakerState()).hasValue(BreakerState.CONNECTED);
        assertThat(t.powerLimit()).as("99.999 kW means no limit").isEmpty();
        assertThat(t.get(LIMITER_THRESHOLD)).hasValue(99_999);
        assertThat(t.fuseLimit()).as("999.99 A means no fuse supervision").isEmpty();
        assertThat(t.get(FUSE_THRESHOLD_L1)).hasValue(999_990);
    }

    /** Channels 1 to 4 of both spec examples: gas, water (read on 24.2.3), and two channels with a state only. */
    private static void assertV221Devices(Telegram t) {
        assertDevices(t,
                device(1).type(3, GAS).id("7FLO2119033733").ean("541440012345678900").valve(1).state(0)
                        .reading(at("2020-05-12T13:45:58+02:00"), 112_384, "m3"),
                device(2).type(7, WATER).id("8SAG1234567890").ean("541440012345678903").state(0)
                        .reading(at("2020-05-12T13:45:58+02:00"), 872_234, "m3"),
                device(3).state(0),
                device(4).state(0));
        assertThat(t.gasMeter()).get().extracting(MbusDevice::channel).isEqualTo(1);
        assertThat(t.waterMeter()).get().extracting(MbusDevice::channel).isEqualTo(2);
    }
}
