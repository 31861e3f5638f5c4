package org.meterkast.server.ev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.server.ev.ChargedQuarters.Charged;

/** A session's register cut into quarter hours, with the cuts worked by hand. */
class OcppChargedQuartersTest {
    /**
     * Readings as "HH:MM:SS=Wh" on 2025-03-10 (UTC), the first being the start; the stop last; the quarters as
     * "HH:MM=Wh".
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                              | start, readings, stop                  | quarters
        # 09:15 halfway between 1500 and 2500 is 2000; 09:30 two thirds from 2500 to 4000 is 3500
          three quarters                    | 09:05:00=1000 09:10:00=1500 09:20:00=2500 09:35:00=4000 | 09:00=1000 09:15=1500 09:30=500
          inside one quarter                | 09:01:00=0 09:05:00=300 09:14:00=900   | 09:00=900
        # the stop on a boundary closes that quarter and opens none
          stop on a boundary                | 09:10:00=0 09:30:00=2000               | 09:00=500 09:15=1500
        # an hour without readings: 3600 Wh over 60 min, 900 Wh a quarter, 09:15…09:55 only the line
          a gap of an hour                  | 09:15:00=100 10:15:00=3700             | 09:15=900 09:30=900 09:45=900 10:00=900
        # 09:15 is 1/3 of the way from 09:10 (0) to 09:25 (100): 33.3, rounded down to 33
          rounding down, sum exact          | 09:10:00=0 09:25:00=100                | 09:00=33 09:15=67
          nothing charged                   | 09:10:00=500 09:50:00=500              | 09:00=0 09:15=0 09:30=0 09:45=0
        """)
    void cutsASessionIntoQuarters(String name, String readings, String expected) {
        String[] steps = readings.split(" ");
        ChargedQuarters q = ChargedQuarters.startingAt(at(steps[0]), wh(steps[0]));
        List<Charged> closed = new ArrayList<>();
        for (int i = 1; i < steps.length - 1; i++) {
            closed.addAll(q.accept(at(steps[i]), wh(steps[i])));
        }
        closed.addAll(q.stop(at(steps[steps.length - 1]), wh(steps[steps.length - 1])));
        List<String> got = closed.stream().map(c -> c.start().toString().substring(11, 16) + "=" + c.wh()).toList();
        assertThat(String.join(" ", got)).isEqualTo(expected);
        assertThat(closed.stream().mapToLong(Charged::wh).sum())
                .isEqualTo(wh(steps[steps.length - 1]) - wh(steps[0]));
    }

    @Test
    void theQuartersAlwaysAddUpToStopMinusStart() {
        Random random = new Random(14);
        for (int run = 0; run < 1_000; run++) {
            long t = Instant.parse("2025-03-10T00:00:00Z").getEpochSecond() + random.nextInt(3600);
            long wh = random.nextInt(100_000);
            long start = wh;
            ChargedQuarters q = ChargedQuarters.startingAt(Instant.ofEpochSecond(t), wh);
            long sum = 0;
            for (int i = random.nextInt(50); i > 0; i--) {
                t += 1 + random.nextInt(1800);
                wh += random.nextInt(3000);
                sum += q.accept(Instant.ofEpochSecond(t), wh).stream().mapToLong(Charged::wh).sum();
            }
            t += random.nextInt(600);
            wh += random.nextInt(500);
            sum += q.stop(Instant.ofEpochSecond(t), wh).stream().mapToLong(Charged::wh).sum();
            assertThat(sum).as("run %d", run).isEqualTo(wh - start);
        }
    }

    @Test
    void aRepeatOrALateReadingChangesNothingAndARegisterGoingBackIsRefused() {
        ChargedQuarters q = ChargedQuarters.startingAt(Instant.parse("2025-03-10T09:05:00Z"), 1000);
        assertThat(q.accept(Instant.parse("2025-03-10T09:10:00Z"), 1500)).isEmpty();
        assertThat(q.accept(Instant.parse("2025-03-10T09:10:00Z"), 1700)).isEmpty();
        assertThat(q.accept(Instant.parse("2025-03-10T09:08:00Z"), 1200)).isEmpty();
        assertThat(q.lastWh()).isEqualTo(1500);
        assertThatThrownBy(() -> q.accept(Instant.parse("2025-03-10T09:12:00Z"), 1400))
                .hasMessage("the register went back from 1500 to 1400 Wh");
    }

    private static Instant at(String step) {
        return Instant.parse("2025-03-10T" + step.substring(0, step.indexOf('=')) + "Z");
    }

    private static long wh(String step) {
        return Long.parseLong(step.substring(step.indexOf('=') + 1));
    }
}
