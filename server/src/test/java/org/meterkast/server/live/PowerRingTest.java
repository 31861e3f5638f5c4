package org.meterkast.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PowerRingTest {
    static final Instant T0 = Instant.parse("2026-01-12T10:00:00Z");

    @Test
    void keepsTheLastHourOldestFirstAndSkipsGaps() {
        PowerRing ring = new PowerRing();
        for (int s = 0; s < 5000; s++) {
            if (s != 4000) {                            // a lost telegram
                ring.put(T0.plusSeconds(s), s - 2500);  // import, then export
            }
        }

        var hour = ring.lastHour();

        assertThat(hour).hasSize(3599);
        assertThat(hour.get(0)).isEqualTo(new PowerRing.Sample(T0.plusSeconds(1400), -1100));
        assertThat(hour.get(hour.size() - 1)).isEqualTo(new PowerRing.Sample(T0.plusSeconds(4999), 2499));
        assertThat(hour).extracting(PowerRing.Sample::at).doesNotContain(T0.plusSeconds(4000));
    }

    @Test
    void emptyUntilTheFirstTelegram() {
        assertThat(new PowerRing().lastHour()).isEmpty();
    }
}
