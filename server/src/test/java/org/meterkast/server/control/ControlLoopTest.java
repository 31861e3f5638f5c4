package org.meterkast.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.control.ChargingMode;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Policy;
import org.meterkast.energy.control.Reason;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.device.ChargerPort;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.Power;

/**
 * One address's loop with chargers that answer, refuse or hang: failing policies flagged while the others run,
 * a hanging charger timed out and then skipped without holding up the other charger or the meter, commands applied
 * only when they change, decisions kept with their reasons, and never two cycles of an address at once.
 */
class ControlLoopTest {
    private static final Instant AT = Instant.parse("2026-06-21T11:00:00Z");
    private static final Clock CLOCK = Clock.fixed(AT, ZoneOffset.UTC);

    /** A charger that does what it is told and counts it; its reads can be made to hang until released. */
    static final class CountingCharger implements ChargerPort {
        final String name;
        final List<Double> offers = new CopyOnWriteArrayList<>();
        final AtomicInteger reads = new AtomicInteger();
        volatile CountDownLatch hang;
        volatile Duration slow = Duration.ZERO;
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger mostInside = new AtomicInteger();
        private volatile double offered;

        CountingCharger(String name) {
            this.name = name;
        }

        @Override
        public String describe() {
            return "charger " + name;
        }

        @Override
        public ChargerReading read() throws DeviceException {
            reads.incrementAndGet();
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
                if (hang != null) {
                    hang.await();
                }
                Thread.sleep(slow.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeviceException("interrupted");
            } finally {
                inside.decrementAndGet();
            }
            return new ChargerReading(AT, offered > 0 ? ChargerStatus.CHARGING : ChargerStatus.PAUSED,
                    Power.ofAmps(offered, 3), 3, 0, offered);
        }

        @Override
        public void offerCurrent(double amps) {
            offers.add(amps);
            offered = amps;
        }

        @Override
        public void stopSession() {
        }

        @Override
        public CurrentRange currentRange() {
            return new CurrentRange(6, 16);
        }
    }

    /** A policy whose decision the test sets: a function of the snapshot, which may throw. */
    static final class SetPolicy implements Policy {
        final String name;
        volatile Function<SiteSnapshot, List<Command>> decide;

        SetPolicy(String name, Function<SiteSnapshot, List<Command>> decide) {
            this.name = name;
            this.decide = decide;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<Command> decide(SiteSnapshot snapshot) {
            return decide.apply(snapshot);
        }
    }

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final DeviceCalls calls = new DeviceCalls(Duration.ofMillis(300), 16);

    @AfterEach
    void stop() {
        executor.shutdownNow();
        calls.close();
    }

    private ControlLoop loop(List<Policy> policies, CountingCharger... chargers) {
        ControlLoop.Inputs inputs = new ControlLoop.Inputs() {
            @Override
            public ControlLoop.Grid grid(Instant at) {
                return new ControlLoop.Grid(Power.ofWatts(1500), 300, 0, Power.ZERO, Power.ofWatts(2500));
            }

            @Override
            public List<ControlLoop.Charger> chargers() {
                return java.util.Arrays.stream(chargers).map(c -> new ControlLoop.Charger(c.name, c, 3,
                        ChargerPreferences.DEFAULTS)).toList();
            }

            @Override
            public Power planned(ControlLoop.Charger charger, ChargerReading reading,
                                 Integer reportedSoc, Power peakLimit, Instant at) {
                return Power.ZERO;
            }
        };
        return new ControlLoop("home", policies, inputs, calls, executor, CLOCK);
    }

    private static Function<SiteSnapshot, List<Command>> offer(String device, double amps) {
        return s -> List.of(new Command.OfferCurrent(device, amps, 3,
                Reason.of("ev.now.full", "amps", (long) amps)));
    }

    @Test
    void aPolicyThatThrowsIsFlaggedByNameWhileTheOthersStillRun() {
        CountingCharger carport = new CountingCharger("carport");
        SetPolicy prices = new SetPolicy("prices", s -> {
            throw new IllegalStateException("no day-ahead prices for 2026-06-21");
        });
        SetPolicy mode = new SetPolicy("ev-mode", offer("carport", 10));
        ControlLoop loop = loop(List.of(prices, mode), carport);

        loop.cycle();

        assertThat(carport.offers).containsExactly(10.0);
        assertThat(loop.failing()).containsOnlyKeys("prices");
        assertThat(loop.failing().get("prices").error())
                .isEqualTo("java.lang.IllegalStateException: no day-ahead prices for 2026-06-21");
        assertThat(loop.failing().get("prices").since()).isEqualTo(AT);
        assertThat(loop.decisions()).extracting(Decision::action, Decision::policy, Decision::device)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("offer", "ev-mode", "carport"),
                        org.assertj.core.groups.Tuple.tuple("policy-failed", "prices", null));

        // mended, it is no longer flagged; its failure stays among the decisions
        prices.decide = s -> List.of();
        loop.cycle();
        assertThat(loop.failing()).isEmpty();
        assertThat(loop.decisions()).hasSize(2);
    }

    @Test
    void aHangingChargerIsTimedOutThenSkippedWithoutHoldingUpTheOtherOrTheMeter() throws Exception {
        CountingCharger stuck = new CountingCharger("garage");
        stuck.hang = new CountDownLatch(1);
        CountingCharger carport = new CountingCharger("carport");
        SetPolicy mode = new SetPolicy("ev-mode", s -> List.of(
                new Command.OfferCurrent("garage", 8, 3, Reason.of("ev.now.full")),
                new Command.OfferCurrent("carport", 10, 3, Reason.of("ev.now.full"))));
        ControlLoop loop = loop(List.of(mode), stuck, carport);

        assertTimeoutPreemptively(Duration.ofSeconds(5), loop::cycle);
        assertThat(carport.offers).as("the other charger is steered in the same cycle").containsExactly(10.0);
        assertThat(stuck.offers).isEmpty();
        assertThat(loop.deviceErrors()).containsOnlyKeys("garage");
        assertThat(loop.deviceErrors().get("garage")).isEqualTo("charger garage did not answer within 300 ms");

        // the next cycles do not call it again while its call hangs, and do not wait for it
        assertTimeoutPreemptively(Duration.ofSeconds(5), loop::cycle);
        assertThat(stuck.reads).hasValue(1);
        assertThat(carport.reads).hasValue(2);
        assertThat(loop.deviceErrors().get("garage")).startsWith("charger garage has not answered a call since");

        // a telegram's wake returns at once, whatever the devices do
        Thread meter = new Thread(() -> {
            for (int i = 0; i < 100; i++) {
                loop.wake();
            }
        });
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            meter.start();
            meter.join();
        });

        // once it answers, it is steered again
        stuck.hang.countDown();
        // the cycles the wakes queued run on the pool: this one runs after them, not beside them
        waitUntil(() -> !calls.busy(stuck) && loop.idle() && !calls.busy(carport));
        loop.cycle();
        assertThat(stuck.offers).containsExactly(8.0);
        assertThat(loop.deviceErrors()).isEmpty();
        assertThat(loop.decisions()).filteredOn(d -> "garage".equals(d.device())).extracting(Decision::action)
                .containsExactly("offer", "device-failed", "device-failed");
    }

    @Test
    void aCommandIsAppliedOnlyWhenItChanges() {
        CountingCharger carport = new CountingCharger("carport");
        SetPolicy mode = new SetPolicy("ev-mode", offer("carport", 10));
        ControlLoop loop = loop(List.of(mode), carport);
        loop.cycle();
        loop.cycle();
        loop.cycle();
        assertThat(carport.offers).containsExactly(10.0);

        mode.decide = offer("carport", 12);
        loop.cycle();
        loop.cycle();
        assertThat(carport.offers).containsExactly(10.0, 12.0);
        // 4 A is below the charger's 6 A: a pause, with the reason that held it down
        mode.decide = offer("carport", 4);
        loop.cycle();
        assertThat(carport.offers).containsExactly(10.0, 12.0, 0.0);
        assertThat(loop.decisions()).hasSize(3);
    }

    @Test
    void everyDecisionIsKeptWithItsReasonTheLast200NewestFirst() {
        CountingCharger carport = new CountingCharger("carport");
        SetPolicy mode = new SetPolicy("ev-mode", offer("carport", 10));
        SetPolicy peak = new SetPolicy("peak-guard", s -> List.of(new Command.LimitPower("carport",
                Power.ofWatts(5520), Reason.of("peak.limit", "peakW", 2500L, "quarterImportWh", 300L))));
        ControlLoop loop = loop(List.of(mode, peak), carport);

        loop.cycle();

        // 5520 W on three phases at 230 V is 8 A, below the 10 A offered: the guard's reason is the one kept
        Decision decision = loop.decisions().get(0);
        assertThat(decision.at()).isEqualTo(AT);
        assertThat(decision.device()).isEqualTo("carport");
        assertThat(decision.action()).isEqualTo("offer");
        assertThat(decision.amps()).isEqualTo(8.0);
        assertThat(decision.phases()).isEqualTo(3);
        assertThat(decision.policy()).isEqualTo("peak-guard");
        assertThat(decision.reason().key()).isEqualTo("peak.limit");
        assertThat(decision.reason().values()).containsEntry("peakW", 2500L).containsEntry("quarterImportWh", 300L);
        assertThat(decision.outcome()).isEqualTo("applied");

        loop.decisions();
        peak.decide = s -> List.of();
        for (int i = 0; i < 250; i++) {
            mode.decide = offer("carport", 10 + i % 2);
            loop.cycle();
        }
        List<Decision> kept = loop.decisions();
        assertThat(kept).hasSize(ControlLoop.KEPT);
        // the last cycle (i = 249) offered 11 A, the one before it 10 A
        assertThat(kept.get(0).amps()).isEqualTo(11.0);
        assertThat(kept.get(1).amps()).isEqualTo(10.0);
    }

    @Test
    void wakesFromManyThreadsRunOneCycleAtATimeFoldedTogether() throws Exception {
        CountingCharger carport = new CountingCharger("carport");
        carport.slow = Duration.ofMillis(20);
        ControlLoop loop = loop(List.of(new SetPolicy("ev-mode", offer("carport", 10))), carport);
        Thread[] telegrams = new Thread[8];
        for (int t = 0; t < telegrams.length; t++) {
            telegrams[t] = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    loop.wake();
                    Thread.onSpinWait();
                }
            });
            telegrams[t].start();
        }
        for (Thread t : telegrams) {
            t.join();
        }
        waitUntil(() -> loop.cycles() > 0 && carport.inside.get() == 0);
        Thread.sleep(100);
        assertThat(carport.mostInside).as("cycles of one address at once").hasValue(1);
        assertThat(loop.cycles()).as("400 wakes folded into far fewer cycles").isBetween(1L, 399L);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("within 5 s").isTrue();
    }
}
