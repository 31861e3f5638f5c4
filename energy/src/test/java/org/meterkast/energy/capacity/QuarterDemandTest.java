package org.meterkast.energy.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramParser;

class QuarterDemandTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    private static Telegram telegram(String name) throws IOException {
        try (InputStream in = QuarterDemandTest.class.getResourceAsStream("/telegrams/" + name)) {
            return new TelegramParser().parse(in.readAllBytes());
        }
    }

    private static Instant brussels(String localTime) {
        return LocalDateTime.parse(localTime).atZone(BRUSSELS).toInstant();
    }

    @Test
    void aRealTelegramLateAtNightIsHeadingTo132WattsFarBelowItsMonthPeak() throws IOException {
        // 23:17:55 on 12 January 2024: 1-0:1.4.0 25 W, 1-0:1.7.0 134 W, 1-0:1.6.0 2.485 kW on 7 January
        Telegram t = telegram("fluvius-v217-ha-core-107813-1.txt");
        QuarterDemand d = QuarterDemand.ofMeter(t.timestamp().orElseThrow(), t.currentAverageDemand().getAsLong(),
                t.powerImported().getAsLong());

        assertThat(d.quarter()).isEqualTo(new Quarter(brussels("2024-01-12T23:15:00")));
        assertThat(d.secondsLeft()).isEqualTo(725);
        assertThat(d.averageW()).isEqualTo(25);
        assertThat(d.source()).isEqualTo(DemandSource.METER);
        // 25 W × 900 s + 134 W × 725 s = 119,650 J over the quarter's 900 s
        assertThat(d.projectedW()).isEqualTo(132);
        assertThat(d.isHeadingAbove(t.monthPeak().orElseThrow().watts())).isFalse();
    }

    @Test
    void theMetersRunningAverageIsTheOfftakeSoFarOverTheWholeQuarter() throws IOException {
        // the same telegram: 134 W for the 175 s gone by would be 26 W over 900 s; the meter shows 25 W.
        // Were 1-0:1.4.0 an average over the seconds gone by, it would show about 134 W.
        Telegram t = telegram("fluvius-v217-ha-core-107813-1.txt");
        QuarterDemand fromRegisters = QuarterDemand.ofRegisters(t.timestamp().orElseThrow(), 134 * 175 / 3600,
                t.powerImported().getAsLong());
        assertThat(fromRegisters.averageW()).isEqualTo(24);     // 6 Wh × 4
        assertThat(fromRegisters.projectedW()).isCloseTo(132, org.assertj.core.data.Offset.offset(2L));
    }

    @Test
    void anotherRealTelegram48SecondsIntoItsQuarter() throws IOException {
        // 12:15:48 on 2 November 2023: 1-0:1.4.0 52 W, 1-0:1.7.0 338 W, month peak 3.064 kW at 11:45
        Telegram t = telegram("fluvius-v171-dsmr_parser-2.txt");
        QuarterDemand d = QuarterDemand.ofMeter(t.timestamp().orElseThrow(), t.currentAverageDemand().getAsLong(),
                t.powerImported().getAsLong());
        assertThat(d.secondsLeft()).isEqualTo(852);
        // 52 × 900 + 338 × 852 = 334,776 J
        assertThat(d.projectedW()).isEqualTo(371);
        assertThat(d.isHeadingAbove(3_064)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # case,                                              time,     average W, power W, projected W, month peak W, heading above
            at 18:40 dinner cooking heads above a 3.1 kW peak,   18:40:00, 2600,      4800,    4200,        3100,         true
            the same quarter with the oven off stays below,      18:40:00, 2600,      500,     2766,        3100,         false
            just above the month's peak is a new peak,           18:44:59, 3100,      900,     3101,        3100,         true
            equal to the month's peak is no new peak,            18:44:59, 3100,      0,       3100,        3100,         false
            above the peak but under 2.5 kW costs nothing more,  18:30:00, 0,         2400,    2400,        1200,         false
            above 2.5 kW in a month with a low peak,             18:30:00, 0,         2600,    2600,        1200,         true
            the first second counts the whole quarter at power,  18:30:00, 0,         3000,    3000,        0,            true
            """)
    void theProjectionAddsThePowerNowForTheSecondsLeft(String name, String time, long averageW, long powerW,
                                                       long projectedW, long monthPeakW, boolean headingAbove) {
        QuarterDemand d = QuarterDemand.ofMeter(brussels("2026-11-12T" + time), averageW, powerW);
        assertThat(d.projectedW()).isEqualTo(projectedW);
        assertThat(d.isHeadingAbove(monthPeakW)).isEqualTo(headingAbove);
    }

    @Test
    void fromRegistersTheAverageIsTheWattHoursTimesFour() {
        // 650 Wh in the 10 minutes since 18:30, 4.8 kW now: 2.6 kW so far, heading to 4.2 kW
        QuarterDemand d = QuarterDemand.ofRegisters(brussels("2026-11-12T18:40:00"), 650, 4_800);
        assertThat(d.averageW()).isEqualTo(2_600);
        assertThat(d.projectedW()).isEqualTo(4_200);
        assertThat(d.source()).isEqualTo(DemandSource.REGISTERS);
    }

    @Test
    void negativeOfftakeIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> QuarterDemand.ofMeter(brussels("2026-11-12T18:40:00"), -5, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
    }
}
