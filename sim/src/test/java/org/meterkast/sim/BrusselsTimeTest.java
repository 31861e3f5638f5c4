package org.meterkast.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import org.junit.jupiter.api.Test;

class BrusselsTimeTest {
    private static final ZoneRules RULES = ZoneId.of("Europe/Brussels").getRules();

    @Test
    void theCachedOffsetAgreesWithTheZoneRulesForwardsBackwardsAndAtEveryTransition() {
        long from = Instant.parse("2023-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2027-01-01T00:00:00Z").getEpochSecond();
        for (long t = from; t < to; t += 599) {
            assertOffset(t);
        }
        for (long t = to; t > from; t -= 601) {
            assertOffset(t);
        }
        ZoneOffsetTransition transition = RULES.nextTransition(Instant.ofEpochSecond(from));
        while (transition.getInstant().getEpochSecond() < to) {
            long at = transition.getInstant().getEpochSecond();
            for (long t = at - 2; t <= at + 2; t++) {
                assertOffset(t);
            }
            for (long t = at + 2; t >= at - 2; t--) {
                assertOffset(t);
            }
            transition = RULES.nextTransition(transition.getInstant());
        }
    }

    private static void assertOffset(long epochSecond) {
        assertThat(BrusselsTime.offsetSeconds(epochSecond)).as("offset at %s", Instant.ofEpochSecond(epochSecond))
                .isEqualTo(RULES.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds());
    }

    @Test
    void localDaysAndWallClockInstantsRoundTrip() {
        long day = LocalDate.of(2025, 3, 30).toEpochDay();          // 02:00 to 03:00 does not exist
        assertThat(BrusselsTime.epochSecondOf(day, 0)).isEqualTo(Instant.parse("2025-03-29T23:00:00Z").getEpochSecond());
        assertThat(BrusselsTime.epochSecondOf(day, 4 * 3600)).isEqualTo(Instant.parse("2025-03-30T02:00:00Z").getEpochSecond());
        assertThat(BrusselsTime.localDay(Instant.parse("2025-03-29T23:00:00Z").getEpochSecond())).isEqualTo(day);
        assertThat(BrusselsTime.localDay(Instant.parse("2025-03-29T22:59:59Z").getEpochSecond())).isEqualTo(day - 1);
    }
}
