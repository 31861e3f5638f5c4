package org.meterkast.p1;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.meterkast.p1.FixtureSupport.assertDevices;
import static org.meterkast.p1.FixtureSupport.assertNumbers;
import static org.meterkast.p1.FixtureSupport.assertWarnings;
import static org.meterkast.p1.FixtureSupport.at;
import static org.meterkast.p1.FixtureSupport.device;
import static org.meterkast.p1.FixtureSupport.frame;
import static org.meterkast.p1.FixtureSupport.parseFramed;
import static org.meterkast.p1.FixtureSupport.text;
import static org.meterkast.p1.Measurement.BREAKER_STATE;
import static org.meterkast.p1.Measurement.CURRENT_L1;
import static org.meterkast.p1.Measurement.CURRENT_L2;
import static org.meterkast.p1.Measurement.CURRENT_L3;
import static org.meterkast.p1.Measurement.ENERGY_EXPORTED_TARIFF_1;
import static org.meterkast.p1.Measurement.ENERGY_EXPORTED_TARIFF_2;
import static org.meterkast.p1.Measurement.ENERGY_IMPORTED_TARIFF_1;
import static org.meterkast.p1.Measurement.ENERGY_IMPORTED_TARIFF_2;
import static org.meterkast.p1.Measurement.LIMITER_THRESHOLD;
import static org.meterkast.p1.Measurement.LONG_POWER_FAILURES;
import static org.meterkast.p1.Measurement.POWER_EXPORTED;
import static org.meterkast.p1.Measurement.POWER_EXPORTED_L1;
import static org.meterkast.p1.Measurement.POWER_EXPORTED_L2;
import static org.meterkast.p1.Measurement.POWER_EXPORTED_L3;
import static org.meterkast.p1.Measurement.POWER_FAILURES;
import static org.meterkast.p1.Measurement.POWER_IMPORTED;
import static org.meterkast.p1.Measurement.POWER_IMPORTED_L1;
import static org.meterkast.p1.Measurement.POWER_IMPORTED_L2;
import static org.meterkast.p1.Measurement.POWER_IMPORTED_L3;
import static org.meterkast.p1.Measurement.TARIFF_INDICATOR;
import static org.meterkast.p1.Measurement.VOLTAGE_L1;
import static org.meterkast.p1.Measurement.VOLTAGE_L2;
import static org.meterkast.p1.Measurement.VOLTAGE_L3;
import static org.meterkast.p1.Measurement.VOLTAGE_SAGS_L1;
import static org.meterkast.p1.Measurement.VOLTAGE_SAGS_L2;
import static org.meterkast.p1.Measurement.VOLTAGE_SAGS_L3;
import static org.meterkast.p1.Measurement.VOLTAGE_SWELLS_L1;
import static org.meterkast.p1.Measurement.VOLTAGE_SWELLS_L2;
import static org.meterkast.p1.Measurement.VOLTAGE_SWELLS_L3;
import static org.meterkast.p1.Medium.GAS;
import static org.meterkast.p1.Medium.HEAT;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every Dutch (DSMR) fixture, and the heat meter with the unpadded CRC, decoded field by field. Expected values
 * are read off the telegram text by hand; in the Dutch dialect register 1 is the low (night) tariff and register
 * 2 the normal (day) one. Line numbers in the comments are those of the fixture file.
 */
class DutchFixturesTest {
    static final String DSMR50_EXAMPLE = "dsmr50-dsmr_parser-1.txt";
    static final String DSMR50_TWO_MBUS = "dsmr50-dsmr_parser-2-two-mbus.txt";
    static final String DSMR50_ISKRA = "dsmr50-openhab-Iskra_AM550.txt";
    static final String DSMR50_INVALID_GAS_TIME = "edge-dsmr50-gas-invalid-timestamp-dsmr_parser.txt";
    static final String DSMR50_SPLIT_TEXT = "edge-dsmr50-spec-example-split-textmsg-openhab.txt";
    static final String DSMR42_GROUP_F = "edge-dsmr42-obis-with-group-f-openhab.txt";
    static final String DSMR42_UNREGISTERED = "edge-dsmr42-unregistered-mbus-openhab.txt";
    static final String DSMR3_NO_CRC = "edge-dsmr3-no-crc-multiline-gas-dsmr_parser.txt";
    static final String UNPADDED_CRC = "edge-unpadded-crc-dsmr_parser.txt";

    /** "303132333435363738393A3B3C3D3E3F" five times, hex-decoded. */
    private static final String TEXT_80 = "0123456789:;<=>?".repeat(5);

    /**
     * dsmr_parser's DSMR 5.0 example: all the Dutch counters, currents with 2 decimals, gas on channel 1 and a
     * second gas channel announced with an empty id and no reading.
     */
    @Test
    void dsmr50Example() {
        Telegram t = parseFramed(DSMR50_EXAMPLE, 0x6EEE);
        assertDsmr50ExampleExceptGasReading(t);
        assertDevices(t,
                device(1).type(3, GAS).id("2222ABCD123456789")
                        .reading(at("2017-01-02T16:10:05+01:00"), 107, "m3"),                // 170102161005W
                device(2).type(3, GAS));
        assertWarnings(t, DSMR50_EXAMPLE);
    }

    /**
     * The same telegram with the gas line 37 turned into 0-1:24.2.1(632525252525S)(00000.000): the reading is
     * left out with one warning, the rest is unchanged.
     */
    @Test
    void dsmr50InvalidGasTime() {
        Telegram t = parseFramed(DSMR50_INVALID_GAS_TIME, 0x90C2);
        assertDsmr50ExampleExceptGasReading(t);
        assertDevices(t,
                device(1).type(3, GAS).id("2222ABCD123456789"),
                device(2).type(3, GAS));
        assertWarnings(t, DSMR50_INVALID_GAS_TIME, 37);
        assertThat(t.warnings().get(0)).contains("'632525252525S'");
    }

    /** Lines 1 to 36 of dsmr50-dsmr_parser-1 and its invalid-gas-time variant. */
    private static void assertDsmr50ExampleExceptGasReading(Telegram t) {
        assertThat(t.header()).isEqualTo("ISk5\\2MT382-1000");
        assertThat(t.dialect()).isEqualTo(Dialect.DUTCH);
        assertThat(t.version()).hasValue("50");
        assertThat(t.timestamp()).hasValue(at("2017-01-02T19:20:02+01:00"));          // 170102192002W
        assertThat(t.equipmentId()).hasValue("K8EG004046395507");
        assertThat(t.ean()).isEmpty();
        assertThat(t.energyImported(Tariff.NIGHT)).hasValue(4_426);                   // 1.8.1 000004.426 kWh
        assertThat(t.energyImported(Tariff.DAY)).hasValue(2_399);                     // 1.8.2
        assertThat(t.energyExported(Tariff.NIGHT)).hasValue(2_444);                   // 2.8.1
        assertThat(t.energyExported(Tariff.DAY)).hasValue(0);                         // 2.8.2
        assertThat(t.tariff()).hasValue(Tariff.DAY);                                  // 0002 is normal in NL
        assertThat(t.powerImported()).hasValue(244);
        assertThat(t.powerExported()).hasValue(0);
        assertNoBelgianObjects(t);
        assertThat(t.textMessage()).isEmpty();                                        // 96.13.0()
        assertNumbers(t, Map.ofEntries(
                entry(ENERGY_IMPORTED_TARIFF_1, 4_426L),
                entry(ENERGY_IMPORTED_TARIFF_2, 2_399L),
                entry(ENERGY_EXPORTED_TARIFF_1, 2_444L),
                entry(ENERGY_EXPORTED_TARIFF_2, 0L),
                entry(TARIFF_INDICATOR, 2L),
                entry(POWER_IMPORTED, 244L),
                entry(POWER_EXPORTED, 0L),
                entry(POWER_FAILURES, 13L),
                entry(LONG_POWER_FAILURES, 0L),
                entry(VOLTAGE_SAGS_L1, 0L),
                entry(VOLTAGE_SAGS_L2, 0L),
                entry(VOLTAGE_SAGS_L3, 0L),
                entry(VOLTAGE_SWELLS_L1, 0L),
                entry(VOLTAGE_SWELLS_L2, 0L),
                entry(VOLTAGE_SWELLS_L3, 0L),
                entry(VOLTAGE_L1, 230_000L),                                           // 0230.0 V
                entry(VOLTAGE_L2, 230_000L),
                entry(VOLTAGE_L3, 229_000L),
                entry(CURRENT_L1, 480L),                                               // 0.48 A
                entry(CURRENT_L2, 440L),
                entry(CURRENT_L3, 860L),
                entry(POWER_IMPORTED_L1, 70L),
                entry(POWER_IMPORTED_L2, 32L),
                entry(POWER_IMPORTED_L3, 142L),
                entry(POWER_EXPORTED_L1, 0L),
                entry(POWER_EXPORTED_L2, 0L),
                entry(POWER_EXPORTED_L3, 0L)));
        assertThat(t.unknownObjects())
                .containsExactly(new RawObject("1-0:99.97.0", List.of("0", "0-0:96.7.19")));
    }

    /**
     * A real Iskra AM550 with two gas channels: channel 1 is a dead device whose reading is
     * (700101010000W)(00000000) - the meter's epoch placeholder, with no unit - and channel 2 the real gas meter.
     */
    @Test
    void dsmr50TwoMbusChannelsOneDead() {
        Telegram t = parseFramed(DSMR50_TWO_MBUS, 0x56DD);
        assertThat(t.header()).isEqualTo("ISK5\\2M550T-1012");
        assertThat(t.dialect()).isEqualTo(Dialect.DUTCH);
        assertThat(t.version()).hasValue("50");
        assertThat(t.timestamp()).hasValue(at("2020-04-26T22:33:25+02:00"));          // 200426223325S
        assertThat(t.equipmentId()).hasValue("E0044007382246019");
        assertThat(t.ean()).isEmpty();
        assertThat(t.energyImported(Tariff.NIGHT)).hasValue(2_130_115);
        assertThat(t.energyImported(Tariff.DAY)).hasValue(245_467);
        assertThat(t.energyExported(Tariff.NIGHT)).hasValue(0);
        assertThat(t.energyExported(Tariff.DAY)).hasValue(0);
        assertThat(t.tariff()).hasValue(Tariff.NIGHT);                                // 0001 is low in NL
        assertThat(t.powerImported()).hasValue(111);
        assertThat(t.powerExported()).hasValue(0);
        assertNoBelgianObjects(t);
        assertThat(t.textMessage()).isEmpty();
        assertNumbers(t, Map.ofEntries(
                entry(ENERGY_IMPORTED_TARIFF_1, 2_130_115L),
                entry(ENERGY_IMPORTED_TARIFF_2, 245_467L),
                entry(ENERGY_EXPORTED_TARIFF_1, 0L),
                entry(ENERGY_EXPORTED_TARIFF_2, 0L),
                entry(TARIFF_INDICATOR, 1L),
                entry(POWER_IMPORTED, 111L),
                entry(POWER_EXPORTED, 0L),
                entry(POWER_FAILURES, 5L),
                entry(LONG_POWER_FAILURES, 3L),
                entry(VOLTAGE_SAGS_L1, 1L),
                entry(VOLTAGE_SAGS_L2, 1L),
                entry(VOLTAGE_SAGS_L3, 192L),
                entry(VOLTAGE_SWELLS_L1, 1L),
                entry(VOLTAGE_SWELLS_L2, 1L),
                entry(VOLTAGE_SWELLS_L3, 1L),
                entry(VOLTAGE_L1, 229_900L),
                entry(VOLTAGE_L2, 229_200L),
                entry(VOLTAGE_L3, 222_900L),
                entry(CURRENT_L1, 0L),                                                 // 000*A
                entry(CURRENT_L2, 0L),
                entry(CURRENT_L3, 1_000L),
                entry(POWER_IMPORTED_L1, 56L),
                entry(POWER_IMPORTED_L2, 0L),
                entry(POWER_IMPORTED_L3, 55L),
                entry(POWER_EXPORTED_L1, 0L),
                entry(POWER_EXPORTED_L2, 0L),
                entry(POWER_EXPORTED_L3, 0L)));
        assertThat(t.unknownObjects()).containsExactly(new RawObject("1-0:99.97.0",
                List.of("1", "0-0:96.7.19", "190326095015W", "0000002014*s")));
        assertDevices(t,
                // 700101010000W: 1970-01-01 01:00 UTC+1, the Unix epoch a device without a clock reports
                device(1).type(3, GAS).reading(Instant.EPOCH, 0, null),
                device(2).type(3, GAS).id("G0039001936990619")
                        .reading(at("2020-04-26T22:30:01+02:00"), 246_138, "m3"));
        // the gas meter is the live one on channel 2, not the dead device on channel 1
        assertThat(t.gasMeter()).get().extracting(MbusDevice::channel).isEqualTo(2);
        assertWarnings(t, DSMR50_TWO_MBUS);
    }

    /** openHAB's Iskra AM550 (DSMR 5.0) with a power-failure log of two events and gas on channel 1. */
    @Test
    void dsmr50IskraAm550() {
        Telegram t = parseFramed(DSMR50_ISKRA, 0xD82C);
        assertThat(t.header()).isEqualTo("ISK5\\2M550T-1012");
        assertThat(t.dialect()).isEqualTo(Dialect.DUTCH);
        assertThat(t.version()).hasValue("50");
        assertThat(t.timestamp()).hasValue(at("2018-01-04T23:19:41+01:00"));          // 180104231941W
        assertThat(t.equipmentId()).hasValue("E0044006903312917");
        assertThat(t.ean()).isEmpty();
        assertThat(t.energyImported(Tariff.NIGHT)).hasValue(156_167);
        assertThat(t.energyImported(Tariff.DAY)).hasValue(71_546);
        assertThat(t.energyExported(Tariff.NIGHT)).hasValue(0);
        assertThat(t.energyExported(Tariff.DAY)).hasValue(0);
        assertThat(t.tariff()).hasValue(Tariff.NIGHT);
        assertThat(t.powerImported()).hasValue(519);
        assertThat(t.powerExported()).hasValue(0);
        assertNoBelgianObjects(t);
        assertThat(t.textMessage()).isEmpty();
        assertNumbers(t, Map.ofEntries(
                entry(ENERGY_IMPORTED_TARIFF_1, 156_167L),
                entry(ENERGY_IMPORTED_TARIFF_2, 71_546L),
                entry(ENERGY_EXPORTED_TARIFF_1, 0L),
                entry(ENERGY_EXPORTED_TARIFF_2, 0L),
                entry(TARIFF_INDICATOR, 1L),
                entry(POWER_IMPORTED, 519L),
                entry(POWER_EXPORTED, 0L),
                entry(POWER_FAILURES, 9L),
                entry(LONG_POWER_FAILURES, 5L),
                entry(VOLTAGE_SAGS_L1, 0L),
                entry(VOLTAGE_SAGS_L2, 0L),
                entry(VOLTAGE_SAGS_L3, 0L),
                entry(VOLTAGE_SWELLS_L1, 2L),
                entry(VOLTAGE_SWELLS_L2, 2L),
                entry(VOLTAGE_SWELLS_L3, 2L),
                entry(VOLTAGE_L1, 234_800L),
                entry(VOLTAGE_L2, 232_100L),
                entry(VOLTAGE_L3, 235_300L),
                entry(CURRENT_L1, 0L),
                entry(CURRENT_L2, 1_000L),
                entry(CURRENT_L3, 1_000L),
                entry(POWER_IMPORTED_L1, 122L),
                entry(POWER_IMPORTED_L2, 237L),
                entry(POWER_IMPORTED_L3, 158L),
                entry(POWER_EXPORTED_L1, 0L),
                entry(POWER_EXPORTED_L2, 0L),
                entry(POWER_EXPORTED_L3, 0L)));
        assertThat(t.unknownObjects()).containsExactly(new RawObject("1-0:99.97.0", List.of("2", "0-0:96.7.19",
                "170609063239S", "0000000267*s", "170611001706S", "0000149657*s")));
        assertDevices(t,
                device(1).type(3, GAS).id("G0039001763378717")
                        .reading(at("2018-01-04T23:15:07+01:00"), 212_529, "m3"));
        assertWarnings(t, DSMR50_ISKRA);
    }

    /**
     * The DSMR 5.0.2 spec example as openHAB typed it: no blank line after the header and the text message split
     * over two lines (CRLF inside the parentheses), which must decode as one 80-character text.
     */
    @Test
    void dsmr50SpecExampleWithSplitTextMessage() {
        Telegram t = parseFramed(DSMR50_SPLIT_TEXT, 0xE360);
        assertThat(t.header()).isEqualTo("ISk5\\2MT382-1000");
        assertThat(t.dialect()).isEqualTo(Dialect.DUTCH);
        assertThat(t.version()).hasValue("50");
        assertThat(t.timestamp()).hasValue(at("2010-12-09T11:30:20+01:00"));          // 101209113020W
        assertThat(t.equipmentId()).hasValue("K8EG004046395507");
        assertThat(t.ean()).isEmpty();
        assertThat(t.energyImported(Tariff.NIGHT)).hasValue(123_456_789);
        assertThat(t.energyImported(Tariff.DAY)).hasValue(123_456_789);
        assertThat(t.energyExported(Tariff.NIGHT)).hasValue(123_456_789);
        assertThat(t.energyExported(Tariff.DAY)).hasValue(123_456_789);
        assertThat(t.tariff()).hasValue(Tariff.DAY);
        assertThat(t.powerImported()).hasValue(1_193);
        assertThat(t.powerExported()).hasValue(0);
        assertNoBelgianObjects(t);
        assertThat(t.textMessage()).hasValue(TEXT_80);                                // lines 21-22
        assertNumbers(t, Map.ofEntries(
                entry(ENERGY_IMPORTED_TARIFF_1, 123_456_789L),
                entry(ENERGY_IMPORTED_TARIFF_2, 123_456_789L),
                entry(ENERGY_EXPORTED_TARIFF_1, 123_456_789L),
                entry(ENERGY_EXPORTED_TARIFF_2, 123_456_789L),
                entry(TARIFF_INDICATOR, 2L),
                entry(POWER_IMPORTED, 1_193L),
                entry(POWER_EXPORTED, 0L),
                entry(POWER_FAILURES, 4L),
                entry(LONG_POWER_FAILURES, 2L),
                entry(VOLTAGE_SAGS_L1, 2L),
                entry(VOLTAGE_SAGS_L2, 1L),
                entry(VOLTAGE_SAGS_L3, 0L),
                entry(VOLTAGE_SWELLS_L1, 0L),
                entry(VOLTAGE_SWELLS_L2, 3L),
                entry(VOLTAGE_SWELLS_L3, 0L),
                entry(VOLTAGE_L1, 220_100L),
                entry(VOLTAGE_L2, 220_200L),
                entry(VOLTAGE_L3, 220_300L),
                entry(CURRENT_L1, 1_000L),
                entry(CURRENT_L2, 2_000L),
                entry(CURRENT_L3, 3_000L),
                entry(POWER_IMPORTED_L1, 1_111L),
                entry(POWER_IMPORTED_L2, 2_222L),
                entry(POWER_IMPORTED_L3, 3_333L),
                entry(POWER_EXPORTED_L1, 4_444L),
                entry(POWER_EXPORTED_L2, 5_555L),
                entry(POWER_EXPORTED_L3, 6_666L)));
        assertThat(t.unknownObjects()).containsExactly(new RawObject("1-0:99.97.0", List.of("2", "0-0:96.7.19",
                "101208152415W", "0000000240*s", "101208151004W", "0000000301*s")));
        assertDevices(t,
                device(1).type(3, GAS).id("2222ABCD123456789")
                        .reading(at("2010-12-09T11:25:00+01:00"), 12_785_123, "m3"));
        assertWarnings(t, DSMR50_SPLIT_TEXT);
    }

    /**
     * openHAB's DSMR 4.2 telegram: no blank line after the header, per-phase objects written with value group F
     * (1-0:31.7.0.255), a message code 96.13.1 kept raw, the text message split over two lines, no voltages.
     */
    @Test
    void dsmr42ObisCodesWithGroupF() {
        Telegram t = parseFramed(DSMR42_GROUP_F, 0xA5E4);
        assertThat(t.header()).isEqualTo("ISk5\\2MT382-1000");
        assertThat(t.dialect()).isEqualTo(Dialect.DUTCH);
        assertThat(t.version()).hasValue("42");
        assertThat(t.timestamp()).hasValue(at("2010-12-09T11:30:20+01:00"));          // 101209113020W
        assertThat(t.equipmentId()).hasValue("K8EG004046395507");
        assertThat(t.ean()).isEmpty();
        assertThat(t.energyImported(Tariff.NIGHT)).hasValue(123_456_789);
        assertThat(t.energyImported(Tariff.DAY)).hasValue(123_456_789);
        assertThat(t.energyExported(Tariff.NIGHT)).hasValue(123_456_789);
        assertThat(t.energyExported(Tariff.DAY)).hasValue(123_456_789);
        assertThat(t.tariff()).hasValue(Tariff.DAY);
        assertThat(t.powerImported()).hasValue(1_193);
        assertThat(t.powerExported()).hasValue(0);
        assertNoBelgianObjects(t);
        assertThat(t.textMessage()).hasValue(TEXT_80);                                // lines 22-23
        assertNumbers(t, Map.ofEntries(
                entry(ENERGY_IMPORTED_TARIFF_1, 123_456_789L),
                entry(ENERGY_IMPORTED_TARIFF_2, 123_456_789L),
                entry(ENERGY_EXPORTED_TARIFF_1, 123_456_789L),
                entry(ENERGY_EXPORTED_TARIFF_2, 123_456_789L),
                entry(TARIFF_INDICATOR, 2L),
                entry(POWER_IMPORTED, 1_193L),
                entry(POWER_EXPORTED, 0L),
                entry(POWER_FAILURES, 4L),
                entry(LONG_POWER_FAILURES, 2L),
                entry(VOLTAGE_SAGS_L1, 2L),
                entry(VOLTAGE_SAGS_L2, 1L),
                entry(VOLTAGE_SAGS_L3, 0L),
                entry(VOLTAGE_SWELLS_L1, 0L),
                entry(VOLTAGE_SWELLS_L2, 3L),
                entry(VOLTAGE_SWELLS_L3, 0L),
                entry(CURRENT_L1, 1_000L),                                             // 1-0:31.7.0.255(001*A)
                entry(CURRENT_L2, 2_000L),
                entry(CURRENT_L3, 3_000L),
                entry(POWER_IMPORTED_L1, 1_111L),
                entry(POWER_IMPORTED_L2, 2_222L),
                entry(POWER_IMPORTED_L3, 3_333L),
                entry(POWER_EXPORTED_L1, 4_444L),
                entry(POWER_EXPORTED_L2, 5_555L),
                entry(POWER_EXPORTED_L3, 6_666L)));
        assertThat(t.unknownObjects()).containsExactly(
                new RawObject("1-0:99.97.0", List.of("2", "0-0:96.7.19",
                        "101208152415W", "0000000240*s", "101208151004W", "0000000301*s")),
                new RawObject("0-0:96.13.1", List.of("3031203631203831")));
        assertDevices(t,
                device(1).type(3, GAS).id("2222ABCD123456789")
                        .reading(at("2010-12-09T11:00:00+01:00"), 12_785_123, "m3"));
        assertWarnings(t, DSMR42_GROUP_F);
    }

    /**
     * A real Landis+Gyr DSMR 4.2 single-phase meter with an M-Bus channel announced but unregistered (all-zero id,
     * no reading), an empty power-failure log and an empty message code.
     */
    @Test
    void dsmr42UnregisteredMbusDevice() {
        Telegram t = parseFramed(DSMR42_UNREGISTERED, 0x0D3D);
        assertThat(t.header()).isEqualTo("XMX5LGBBFG1012530239");
        assertThat(t.dialect()).isEqualTo(Dialect.DUTCH);
        assertThat(t.version()).hasValue("42");
        assertThat(t.timestamp()).hasValue(at("2016-11-16T20:10:35+01:00"));          // 161116201035W
        assertThat(t.equipmentId()).hasValue("E0031003277898816");
        assertThat(t.ean()).isEmpty();
        assertThat(t.energyImported(Tariff.NIGHT)).hasValue(75_067);
        assertThat(t.energyImported(Tariff.DAY)).hasValue(84_813);
        assertThat(t.energyExported(Tariff.NIGHT)).hasValue(0);
        assertThat(t.energyExported(Tariff.DAY)).hasValue(0);
        assertThat(t.tariff()).hasValue(Tariff.DAY);
        assertThat(t.powerImported()).hasValue(2_778);
        assertThat(t.powerExported()).hasValue(0);
        assertNoBelgianObjects(t);
        assertThat(t.textMessage()).isEmpty();
        assertNumbers(t, Map.ofEntries(
                entry(ENERGY_IMPORTED_TARIFF_1, 75_067L),
                entry(ENERGY_IMPORTED_TARIFF_2, 84_813L),
                entry(ENERGY_EXPORTED_TARIFF_1, 0L),
                entry(ENERGY_EXPORTED_TARIFF_2, 0L),
                entry(TARIFF_INDICATOR, 2L),
                entry(POWER_IMPORTED, 2_778L),
                entry(POWER_EXPORTED, 0L),
                entry(POWER_FAILURES, 2L),
                entry(LONG_POWER_FAILURES, 0L),
                entry(VOLTAGE_SAGS_L1, 0L),
                entry(VOLTAGE_SWELLS_L1, 0L),
                entry(CURRENT_L1, 12_000L),
                entry(POWER_IMPORTED_L1, 2_778L),
                entry(POWER_EXPORTED_L1, 0L)));
        assertThat(t.unknownObjects()).containsExactly(
                new RawObject("1-0:99.97.0", List.of("0", "0-0:96.7.19")),
                new RawObject("0-0:96.13.1", List.of("")));
        // an id of 34 zeros (17 NUL bytes) means no device is registered on the channel: no id
        assertDevices(t, device(1).type(3, GAS));
        assertWarnings(t, DSMR42_UNREGISTERED);
    }

    /**
     * A DSMR 3 telegram ending in a bare '!': refused (MISSING_CRC) unless the framer allows CRC-less frames. Then
     * it decodes with no version and no time, the limiter 17.0.0(016*A) (in A, not kW) and the gas object
     * 0-1:24.3.0 whose value continues on the next line both kept raw, and the valve on channel 1.
     */
    @Test
    void dsmr3WithoutCrcAndMultiLineGas() {
        FixtureSupport.Framing strict = frame(DSMR3_NO_CRC, false);
        assertThat(strict.frames).isEmpty();
        assertThat(strict.rejections).containsExactly(Rejection.MISSING_CRC);

        FixtureSupport.Framing lenient = frame(DSMR3_NO_CRC, true);
        assertThat(lenient.rejections).isEmpty();
        assertThat(lenient.frames).hasSize(1);
        Frame frame = lenient.frames.get(0);
        assertThat(frame.crc()).isEmpty();
        assertThat(frame.toString()).isEqualTo(text(DSMR3_NO_CRC).substring(0, text(DSMR3_NO_CRC).indexOf('!') + 1));

        Telegram t = new TelegramParser().parse(frame);
        assertThat(t.header()).isEqualTo("ISk5\\2MT382-1000");
        assertThat(t.dialect()).isEqualTo(Dialect.DUTCH);
        assertThat(t.version()).isEmpty();
        assertThat(t.timestamp()).isEmpty();
        assertThat(t.equipmentId()).hasValue("K8EG004046395507");
        assertThat(t.ean()).isEmpty();
        assertThat(t.energyImported(Tariff.NIGHT)).hasValue(12_345_678);              // 12345.678 kWh
        assertThat(t.energyImported(Tariff.DAY)).hasValue(12_345_678);
        assertThat(t.energyExported(Tariff.NIGHT)).hasValue(12_345_678);
        assertThat(t.energyExported(Tariff.DAY)).hasValue(12_345_678);
        assertThat(t.tariff()).hasValue(Tariff.DAY);
        assertThat(t.powerImported()).hasValue(1_190);                                // 001.19 kW
        assertThat(t.powerExported()).hasValue(0);                                    // 000.00 kW
        assertThat(t.breakerState()).hasValue(BreakerState.CONNECTED);
        assertThat(t.powerLimit()).isEmpty();
        assertThat(t.get(LIMITER_THRESHOLD)).isEmpty();
        assertThat(t.fuseLimit()).isEmpty();
        assertThat(t.currentAverageDemand()).isEmpty();
        assertThat(t.monthPeak()).isEmpty();
        assertThat(t.hasPeakHistory()).isFalse();
        assertThat(t.textMessage()).hasValue(TEXT_80);
        assertNumbers(t, Map.ofEntries(
                entry(ENERGY_IMPORTED_TARIFF_1, 12_345_678L),
                entry(ENERGY_IMPORTED_TARIFF_2, 12_345_678L),
                entry(ENERGY_EXPORTED_TARIFF_1, 12_345_678L),
                entry(ENERGY_EXPORTED_TARIFF_2, 12_345_678L),
                entry(TARIFF_INDICATOR, 2L),
                entry(POWER_IMPORTED, 1_190L),
                entry(POWER_EXPORTED, 0L),
                entry(BREAKER_STATE, 1L)));
        assertThat(t.unknownObjects()).containsExactly(
                new RawObject("0-0:17.0.0", List.of("016*A")),
                new RawObject("0-0:96.13.1", List.of("303132333435363738")),
                new RawObject("0-1:24.3.0",
                        List.of("090212160000", "00", "60", "1", "0-1:24.2.1", "m3", "00001.001")));
        assertDevices(t, device(1).type(3, GAS).id("2222ABCD123456789").valve(1));
        assertWarnings(t, DSMR3_NO_CRC);
    }

    /**
     * A heat meter (NWA-WARMTELINK, device type 004) whose CRC is written with three digits: !B9F is 0x0B9F and
     * must be accepted. Its ids are not ASCII, so they decode to the raw bytes; the reading is in GJ.
     */
    @Test
    void heatMeterWithUnpaddedCrc() {
        Telegram t = parseFramed(UNPADDED_CRC, 0x0B9F);
        assertThat(t.header()).isEqualTo("NWA-WARMTELINK");
        assertThat(t.dialect()).isEqualTo(Dialect.DUTCH);
        assertThat(t.version()).hasValue("50");
        assertThat(t.timestamp()).hasValue(at("2026-02-15T20:05:23+01:00"));          // 260215200523W
        // ADC3100000158491 is not hex-encoded text (bytes AD C3 10 00 ...): kept as sent
        assertThat(t.equipmentId()).hasValue("ADC3100000158491");
        assertThat(t.ean()).isEmpty();
        assertThat(t.tariff()).isEmpty();
        assertThat(t.energyImported(Tariff.DAY)).isEmpty();
        assertThat(t.energyImported(Tariff.NIGHT)).isEmpty();
        assertThat(t.energyExported(Tariff.DAY)).isEmpty();
        assertThat(t.energyExported(Tariff.NIGHT)).isEmpty();
        assertThat(t.powerImported()).isEmpty();
        assertThat(t.powerExported()).isEmpty();
        assertNoBelgianObjects(t);
        assertThat(t.textMessage()).isEmpty();
        assertNumbers(t, Map.of());
        assertThat(t.unknownObjects()).containsExactly(new RawObject("0-0:96.13.1", List.of("")));
        assertDevices(t,
                // 621848012D2C0B0C would decode to control characters: kept as sent
                device(1).type(4, HEAT).id("621848012D2C0B0C")
                        .reading(at("2026-02-15T20:05:23+01:00"), 240_860, "GJ"));
        assertThat(t.gasMeter()).isEmpty();
        assertThat(t.waterMeter()).isEmpty();
        assertWarnings(t, UNPADDED_CRC);
    }

    /** None of the Belgian capacity-tariff or breaker objects: Dutch fixtures do not send them. */
    private static void assertNoBelgianObjects(Telegram t) {
        assertThat(t.currentAverageDemand()).isEmpty();
        assertThat(t.monthPeak()).isEmpty();
        assertThat(t.hasPeakHistory()).isFalse();
        assertThat(t.peakHistory()).isEmpty();
        assertThat(t.breakerState()).isEmpty();
        assertThat(t.powerLimit()).isEmpty();
        assertThat(t.fuseLimit()).isEmpty();
    }
}
