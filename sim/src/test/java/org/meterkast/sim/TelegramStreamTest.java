package org.meterkast.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.meterkast.p1.Telegram;

class TelegramStreamTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    @Test
    void aSimulationClockRunsSpeedTimesFasterThanTheWall() {
        ManualClock wall = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
        Instant simulated = Instant.parse("2025-06-21T00:00:00Z");
        SimulationClock clock = SimulationClock.startingNow(wall, simulated, 8_640);
        assertThat(clock.instant()).isEqualTo(simulated);
        wall.advance(Duration.ofSeconds(10));
        assertThat(clock.instant()).isEqualTo(simulated.plus(Duration.ofDays(1)));   // a day in 10 s
        wall.advance(Duration.ofMillis(1));
        assertThat(clock.instant()).isEqualTo(simulated.plus(Duration.ofDays(1)).plusMillis(8_640));
        assertThat(clock.wallTimeOf(simulated.plus(Duration.ofDays(2)))).isEqualTo(Instant.parse("2030-01-01T00:00:20Z"));
        assertThat(clock.withZone(BRUSSELS).instant()).isEqualTo(clock.instant());
        assertThatThrownBy(() -> SimulationClock.startingNow(wall, simulated, 0))
                .hasMessage("speed must be 1 to 1000000000, not 0");
    }

    @Test
    void aPacedStreamWaitsForEachSimulatedSecond() {
        ManualClock wall = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
        Instant start = Instant.parse("2025-06-21T10:00:00Z");
        SimulationClock clock = SimulationClock.startingNow(wall, start, 10);
        List<Duration> pauses = new ArrayList<>();
        Sleeper sleeper = pause -> {
            pauses.add(pause);
            wall.advance(pause);
        };
        SimulatedMeter meter = new SimulatedMeter(new Household(HouseholdSettings.defaults(1)), start);
        TelegramStream stream = new TelegramStream(meter, clock, sleeper, start.plusSeconds(5));
        List<byte[]> telegrams = stream.stream().toList();
        assertThat(telegrams).hasSize(5);
        assertThat(pauses).containsOnly(Duration.ofMillis(100));                  // 1 s at speed 10
        assertThat(stream.lastTelegram().timestamp()).contains(start.plusSeconds(5));
        assertThat(stream.hasNext()).isFalse();
        assertThatThrownBy(stream::next).isInstanceOf(NoSuchElementException.class)
                .hasMessage("the telegram stream ended at " + start.plusSeconds(5));
    }

    @Test
    void aStreamBehindItsClockCatchesUpWithoutSkippingSeconds() {
        ManualClock wall = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
        Instant start = Instant.parse("2025-06-21T10:00:00Z");
        SimulationClock clock = SimulationClock.startingNow(wall, start, 1);
        wall.advance(Duration.ofMinutes(1));
        SimulatedMeter meter = new SimulatedMeter(new Household(HouseholdSettings.defaults(1)), start);
        TelegramStream stream = new TelegramStream(meter, clock, pause -> {
            throw new AssertionError("slept " + pause + " while behind");
        }, start.plusSeconds(60));
        assertThat(stream.stream().count()).isEqualTo(60);
    }

    @Test
    void anAcceleratedClockPacesAWholeSimulatedDay() {
        Instant start = LocalDate.of(2025, 5, 17).atStartOfDay(BRUSSELS).toInstant();
        Instant end = start.plus(Duration.ofDays(1));
        SimulatedMeter meter = new SimulatedMeter(new Household(HouseholdSettings.defaults(2)
                .withEv(EvSettings.DEFAULT).withBattery(BatterySettings.DEFAULT)), start);
        // a day in half a second of wall time if the machine keeps up; it runs slower when it does not
        SimulationClock clock = SimulationClock.startingNow(Clock.systemUTC(), start, 172_800);
        TelegramStream stream = new TelegramStream(meter, clock, Sleeper.REAL, end);
        Frames frames = new Frames();
        long t0 = System.nanoTime();
        long count = 0;
        long bytes = 0;
        while (stream.hasNext()) {
            byte[] telegram = stream.next();
            bytes += telegram.length;
            if (++count % 3_600 == 0) {
                List<Telegram> parsed = frames.accept(telegram);
                assertThat(parsed).containsExactly(stream.lastTelegram());
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        System.out.printf("a simulated day of telegrams: %d telegrams, %d KB, in %d ms%n", count, bytes / 1024,
                took.toMillis());
        assertThat(count).isEqualTo(86_400);
        assertThat(stream.lastTelegram().timestamp()).contains(end);
        // paced by the accelerated clock: never faster than a day at 172,800× (how fast the machine makes the
        // telegrams is a benchmark's question, not this test's: it only slows a loaded machine's build)
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(450));
    }
}
