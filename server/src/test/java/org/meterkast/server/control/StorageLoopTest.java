package org.meterkast.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.groups.Tuple.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Policy;
import org.meterkast.energy.control.Reason;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.control.SurplusUse;
import org.meterkast.energy.device.BatteryLimits;
import org.meterkast.energy.device.BatteryPort;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.BatteryStatus;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.Power;
import org.meterkast.server.MovableClock;
import org.meterkast.server.device.SimulatedBattery;
import org.meterkast.server.device.SimulatedBoiler;
import org.meterkast.server.device.SimulatedStorageDevices;

/**
 * One address's loop with the in-server simulated battery and boiler and a small policy of the test's: their
 * readings in the snapshot and published, the commands resolved and applied when they change (a battery's power
 * told again every 20 s against its revert time, a boiler switched outside the server switched back at most each
 * minute), every decision logged with its reason, a battery handed back to its own control when its device goes or
 * the server stops, a store that cannot be read leaving the defaults, and a battery that hangs or answers nonsense
 * marked in error while the charger and the boiler are still steered.
 */
class StorageLoopTest {
    /** 02:00 in Brussels: the simulated household draws no hot water at night. */
    private static final Instant AT = Instant.parse("2026-06-21T00:00:00Z");

    private final MovableClock clock = new MovableClock(AT);
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final DeviceCalls calls = new DeviceCalls(Duration.ofMillis(300), 16);
    /** What the address's meter says, W (the simulated battery's own control answers it). */
    private final AtomicLong meterNet = new AtomicLong();

    @AfterEach
    void stop() {
        executor.shutdownNow();
        calls.close();
    }

    /** The test's policy: its commands are a function of the snapshot, which it keeps. */
    static final class StoragePolicy implements Policy {
        volatile Function<SiteSnapshot, List<Command>> decide = s -> List.of();
        final List<SiteSnapshot> seen = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "storage-test";
        }

        @Override
        public List<Command> decide(SiteSnapshot snapshot) {
            seen.add(snapshot);
            return decide.apply(snapshot);
        }
    }

    /** The address's devices and preferences as the test sets them, and what the loop published. */
    final class Address implements ControlLoop.Inputs {
        final List<ControlLoop.Charger> chargers = new ArrayList<>();
        final List<ControlLoop.Battery> batteries = new ArrayList<>();
        final List<ControlLoop.Boiler> boilers = new ArrayList<>();
        final List<Object> published = new CopyOnWriteArrayList<>();
        volatile Optional<Instant> lastLegionella = Optional.empty();
        volatile Optional<Power> batteryPlan = Optional.empty();
        final List<Power> planAskedWithPeakLimit = new CopyOnWriteArrayList<>();
        volatile boolean historyFails;
        /** The household's preferences cannot be read (the database is down). */
        volatile boolean storeFails;

        @Override
        public Optional<Power> batteryPlanned(ControlLoop.Battery battery, BatteryReading reading, Power peakLimit,
                                              Instant at) {
            planAskedWithPeakLimit.add(peakLimit);
            return batteryPlan;
        }

        @Override
        public ControlLoop.Grid grid(Instant at) {
            return new ControlLoop.Grid(Power.ofWatts(meterNet.get()), 100, 0, Power.ZERO, Power.ofWatts(2500));
        }

        @Override
        public List<ControlLoop.Charger> chargers() {
            return chargers;
        }

        @Override
        public Power planned(ControlLoop.Charger charger, ChargerReading reading, Integer reportedSoc,
                             Power peakLimit, Instant at) {
            return Power.ZERO;
        }

        @Override
        public List<ControlLoop.Battery> batteries() {
            return batteries;
        }

        @Override
        public List<ControlLoop.Boiler> boilers() {
            return boilers;
        }

        @Override
        public List<SurplusUse> surplusOrder() {
            if (storeFails) {
                throw new IllegalStateException("database is locked");
            }
            return List.of(SurplusUse.BOILER, SurplusUse.BATTERY, SurplusUse.EV);
        }

        @Override
        public void read(ControlLoop.Battery battery, BatteryReading reading) {
            if (historyFails) {
                throw new IllegalStateException("the history's store is full");
            }
            published.add(new BatteryRead(7, battery.name(), reading));
        }

        @Override
        public void read(ControlLoop.Boiler boiler, BoilerReading reading) {
            published.add(new BoilerRead(7, boiler.name(), reading));
        }

        @Override
        public Optional<Instant> lastLegionella(ControlLoop.Boiler boiler) {
            if (storeFails) {
                throw new IllegalStateException("database is locked");
            }
            return lastLegionella;
        }
    }

    private ControlLoop loop(Address address, Policy... policies) {
        return new ControlLoop("home", List.of(policies), address, calls, executor, clock);
    }

    @Test
    void readsTheBatteryAndBoilerIntoTheSnapshotAndAppliesWhatThePolicySays() throws Exception {
        SimulatedBattery battery = SimulatedStorageDevices.battery("battery", 50, Duration.ofHours(1), meterNet::get,
                clock);
        SimulatedBoiler boiler = SimulatedStorageDevices.boiler("boiler", 50, clock);
        Address address = new Address();
        address.batteries.add(new ControlLoop.Battery("battery", battery));
        address.boilers.add(new ControlLoop.Boiler("boiler", boiler, new BoilerPreferences(40, 55, true)));
        address.lastLegionella = Optional.of(Instant.parse("2026-06-18T14:00:00Z"));
        StoragePolicy policy = new StoragePolicy();
        policy.decide = s -> List.of(
                new Command.BatteryPower("battery", Power.ofWatts(2000), Reason.of("storage.test.charge")),
                new Command.HeatBoiler("boiler", Power.ZERO, Reason.of("storage.test.off", "temperatureC", 50L)));
        ControlLoop loop = loop(address, policy);

        loop.cycle();

        SiteSnapshot first = policy.seen.get(0);
        assertThat(first.surplusOrder()).containsExactly(SurplusUse.BOILER, SurplusUse.BATTERY, SurplusUse.EV);
        var b = first.batteries().get(0);
        // the meter says 0 W: in its own control the battery neither charges nor gives
        assertThat(b.reading().status()).isEqualTo(BatteryStatus.STANDBY);
        assertThat(b.reading().socPercent()).isEqualTo(50.0);
        assertThat(b.limits()).isEqualTo(new BatteryLimits(10_000, Power.ofWatts(5000), Power.ofWatts(5000), 10, 100));
        assertThat(b.planned()).isEmpty();
        var h = first.boilers().get(0);
        assertThat(h.reading().status()).isEqualTo(BoilerStatus.HEATING);
        assertThat(h.reading().power()).isEqualTo(Power.ofWatts(2400));
        assertThat(h.reading().temperatureC().getAsDouble()).isEqualTo(50.0);
        assertThat(h.ratedPower()).isEqualTo(Power.ofWatts(2400));
        assertThat(h.modulating()).isFalse();
        assertThat(h.floorC()).isEqualTo(40);
        assertThat(h.maxC()).isEqualTo(55);
        assertThat(h.lastLegionella()).contains(Instant.parse("2026-06-18T14:00:00Z"));
        assertThat(loop.decisions()).extracting(Decision::device, Decision::action, Decision::watts,
                        Decision::policy, d -> d.reason().key(), Decision::outcome)
                .containsExactlyInAnyOrder(
                        tuple("battery", "charge", 2000L, "storage-test", "storage.test.charge", "applied"),
                        tuple("boiler", "off", 0L, "storage-test", "storage.test.off", "applied"));
        assertThat(battery.read().power()).isEqualTo(Power.ofWatts(2000));
        assertThat(boiler.read().switchedOn()).isFalse();

        // half an hour later: 2,000 W × 0.5 h × 0.95 = 950 Wh more in the cells, 59.5 %; the boiler off lost
        // 1.7 W/K × 32 K × 0.5 h = 27 Wh, −0.12 K. The same commands are not sent again.
        clock.move(Duration.ofMinutes(30));
        loop.cycle();
        SiteSnapshot second = policy.seen.get(1);
        assertThat(second.batteries().get(0).reading().socPercent()).isCloseTo(59.5, within(0.01));
        assertThat(second.batteries().get(0).reading().status()).isEqualTo(BatteryStatus.CHARGING);
        assertThat(second.boilers().get(0).reading().temperatureC().getAsDouble()).isCloseTo(49.88, within(0.01));
        assertThat(second.boilers().get(0).reading().power()).isEqualTo(Power.ZERO);
        assertThat(loop.decisions()).hasSize(2);
        assertThat(loop.batteryReadings().get("battery").power()).isEqualTo(Power.ofWatts(2000));
        assertThat(loop.boilerReadings().get("boiler").switchedOn()).isFalse();
        // every reading published, two cycles of each
        assertThat(address.published).hasSize(4);
        assertThat(address.published).filteredOn(e -> e instanceof BatteryRead)
                .extracting(e -> ((BatteryRead) e).reading().at()).containsExactly(AT, AT.plusSeconds(1800));
        assertThat(address.published).filteredOn(e -> e instanceof BoilerRead)
                .extracting(e -> ((BoilerRead) e).device()).containsExactly("boiler", "boiler");
    }

    @Test
    void theBatterysPricePlanReachesThePoliciesInItsSnapshot() throws Exception {
        SimulatedBattery battery = SimulatedStorageDevices.battery("battery", 50, Duration.ofHours(1), meterNet::get,
                clock);
        Address address = new Address();
        address.batteries.add(new ControlLoop.Battery("battery", battery));
        address.batteryPlan = Optional.of(Power.ofWatts(-1500));
        StoragePolicy policy = new StoragePolicy();

        loop(address, policy).cycle();

        assertThat(policy.seen.get(0).batteries().get(0).planned()).contains(Power.ofWatts(-1500));
        // asked with the site's peak limit of this cycle (the test's grid: 2,500 W)
        assertThat(address.planAskedWithPeakLimit).containsExactly(Power.ofWatts(2500));
    }

    @Test
    void anUnchangedBatteryPowerIsToldAgainEvery20SecondsSoItsRevertTimeDoesNotRunOut() throws Exception {
        // a battery that reverts to its own control 30 s after it was last told, the least a SunSpec battery allows
        SimulatedBattery battery = SimulatedStorageDevices.battery("battery", 50, Duration.ofSeconds(30),
                meterNet::get, clock);
        Address address = new Address();
        address.batteries.add(new ControlLoop.Battery("battery", battery));
        StoragePolicy policy = new StoragePolicy();
        policy.decide = s -> List.of(new Command.BatteryPower("battery", Power.ofWatts(-3000),
                Reason.of("storage.test.discharge")));
        ControlLoop loop = loop(address, policy);
        meterNet.set(-1500);        // in its own control it would charge the 1.5 kW the household injects

        loop.cycle();
        clock.move(Duration.ofSeconds(19));
        loop.cycle();               // not yet: 19 s since
        clock.move(Duration.ofSeconds(8));
        loop.cycle();               // told again: 27 s since, the most a 5 s cycle with 2 s reads lets pass
        clock.move(Duration.ofSeconds(27));
        // 54 s since the first command, 27 s since the second: within its 30 s, still discharging as told
        assertThat(battery.read().power()).isEqualTo(Power.ofWatts(-3000));
        loop.cycle();
        assertThat(loop.decisions()).extracting(Decision::action, Decision::watts)
                .containsExactly(tuple("discharge", -3000L));

        // released, it goes back to its own control and charges what the household injects
        policy.decide = s -> List.of(new Command.ReleaseBattery("battery", Reason.of("storage.test.release")));
        loop.cycle();
        loop.cycle();
        assertThat(battery.read().power()).isEqualTo(Power.ofWatts(1500));
        assertThat(loop.decisions()).extracting(Decision::action).containsExactly("release", "discharge");
    }

    @Test
    void aReadingThatCannotBeTakenInStopsNothing() throws Exception {
        SimulatedBattery battery = SimulatedStorageDevices.battery("battery", 50, Duration.ofHours(1), meterNet::get,
                clock);
        Address address = new Address();
        address.batteries.add(new ControlLoop.Battery("battery", battery));
        address.historyFails = true;
        StoragePolicy policy = new StoragePolicy();
        policy.decide = s -> List.of(new Command.BatteryPower("battery", Power.ofWatts(1200),
                Reason.of("storage.test.charge")));
        ControlLoop loop = loop(address, policy);
        loop.cycle();
        assertThat(policy.seen.get(0).batteries()).hasSize(1);
        assertThat(battery.read().power()).isEqualTo(Power.ofWatts(1200));
        assertThat(loop.deviceErrors()).isEmpty();
    }

    @Test
    void theWeeklyLegionellaCycleTurnedOffLooksJustDoneToThePolicies() {
        SimulatedBoiler boiler = SimulatedStorageDevices.boiler("boiler", 50, clock);
        Address address = new Address();
        address.boilers.add(new ControlLoop.Boiler("boiler", boiler, new BoilerPreferences(45, 60, false)));
        StoragePolicy policy = new StoragePolicy();
        loop(address, policy).cycle();
        assertThat(policy.seen.get(0).boilers().get(0).lastLegionella()).contains(AT);
    }

    /** A battery whose reads hang until released, or answer nonsense. */
    static final class StuckBattery implements BatteryPort {
        final CountDownLatch hang = new CountDownLatch(1);
        volatile boolean nonsense;
        final List<Power> told = new CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger released = new java.util.concurrent.atomic.AtomicInteger();
        volatile CountDownLatch releaseHangs;

        @Override
        public String describe() {
            return "battery garage";
        }

        @Override
        public BatteryReading read() throws DeviceException {
            if (nonsense) {
                throw new DeviceException("battery garage: state of charge register reads 6553.5 %");
            }
            try {
                hang.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeviceException("interrupted");
            }
            return new BatteryReading(AT, BatteryStatus.STANDBY, 50, Power.ZERO);
        }

        @Override
        public void setPower(Power power) {
            told.add(power);
        }

        @Override
        public void release() throws DeviceException {
            released.incrementAndGet();
            CountDownLatch hangs = releaseHangs;
            if (hangs != null) {
                try {
                    hangs.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DeviceException("interrupted");
                }
            }
        }

        @Override
        public BatteryLimits limits() {
            return new BatteryLimits(5000, Power.ofWatts(2500), Power.ofWatts(2500), 5, 100);
        }
    }

    @Test
    void aBatteryThatStopsAnsweringIsMarkedInErrorWhileTheChargerAndBoilerAreStillSteered() throws Exception {
        StuckBattery stuck = new StuckBattery();
        SimulatedBoiler boiler = SimulatedStorageDevices.boiler("boiler", 50, clock);
        ControlLoopTest.CountingCharger carport = new ControlLoopTest.CountingCharger("carport");
        Address address = new Address();
        address.chargers.add(new ControlLoop.Charger("carport", carport, 3, ChargerPreferences.DEFAULTS));
        address.batteries.add(new ControlLoop.Battery("garage", stuck));
        address.boilers.add(new ControlLoop.Boiler("boiler", boiler, BoilerPreferences.DEFAULTS));
        StoragePolicy policy = new StoragePolicy();
        policy.decide = s -> List.of(
                new Command.OfferCurrent("carport", 10, 3, Reason.of("ev.now.full")),
                new Command.BatteryPower("garage", Power.ofWatts(1000), Reason.of("storage.test.charge")),
                new Command.HeatBoiler("boiler", Power.ofWatts(2400), Reason.of("storage.test.heat")));
        ControlLoop loop = loop(address, policy);

        // the device timeout here is 300 ms (2 s in the server): well within 10 s
        assertTimeoutPreemptively(Duration.ofSeconds(5), loop::cycle);
        assertThat(policy.seen.get(0).batteries()).as("left out of the snapshot").isEmpty();
        assertThat(carport.offers).containsExactly(10.0);
        assertThat(stuck.told).isEmpty();
        assertThat(loop.deviceErrors()).containsOnlyKeys("garage");
        assertThat(loop.deviceErrors().get("garage")).isEqualTo("battery garage did not answer within 300 ms");
        assertThat(loop.decisions()).extracting(Decision::device, Decision::action, Decision::outcome)
                .containsExactlyInAnyOrder(
                        tuple("garage", "device-failed", "battery garage did not answer within 300 ms"),
                        tuple("carport", "offer", "applied"),
                        tuple("boiler", "heat", "applied"));
        assertThat(loop.decisions()).filteredOn(d -> "garage".equals(d.device()))
                .extracting(d -> d.reason().key()).containsExactly("control.device.failed");

        // while its call hangs the next cycle does not wait for it
        assertTimeoutPreemptively(Duration.ofSeconds(5), loop::cycle);
        assertThat(loop.deviceErrors().get("garage")).startsWith("battery garage has not answered a call since");

        // once it answers it is steered again; then it answers nonsense, and is in error with what it said
        stuck.hang.countDown();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (calls.busy(stuck) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        loop.cycle();
        assertThat(stuck.told).containsExactly(Power.ofWatts(1000));
        assertThat(loop.deviceErrors()).isEmpty();
        stuck.nonsense = true;
        loop.cycle();
        assertThat(loop.deviceErrors().get("garage"))
                .isEqualTo("battery garage: state of charge register reads 6553.5 %");
        assertThat(loop.batteryReadings()).doesNotContainKey("garage");
        assertThat(carport.offers).containsExactly(10.0);
    }

    @Test
    void aBoilerSwitchedOffOutsideTheServerIsSwitchedBackOnAtMostEachMinute() throws Exception {
        SimulatedBoiler boiler = SimulatedStorageDevices.boiler("boiler", 50, clock);
        Address address = new Address();
        address.boilers.add(new ControlLoop.Boiler("boiler", boiler, BoilerPreferences.DEFAULTS));
        StoragePolicy policy = new StoragePolicy();
        policy.decide = s -> List.of(new Command.HeatBoiler("boiler", Power.ofWatts(2400),
                Reason.of("storage.test.heat")));
        ControlLoop loop = loop(address, policy);
        loop.cycle();
        assertThat(boiler.read().switchedOn()).isTrue();

        // the household switches the relay off in the Shelly's own app
        boiler.switchOn(false);
        clock.move(Duration.ofSeconds(30));
        loop.cycle();               // 30 s since the loop told it: not again yet
        assertThat(boiler.read().switchedOn()).isFalse();
        clock.move(Duration.ofSeconds(30));
        loop.cycle();               // a minute since: told again what the policy still wants
        assertThat(boiler.read().switchedOn()).isTrue();
        assertThat(loop.decisions()).extracting(Decision::action, Decision::outcome)
                .containsExactly(tuple("heat", "applied"), tuple("heat", "applied"));

        // a relay that follows is not written again, however long the policy keeps asking
        clock.move(Duration.ofMinutes(5));
        loop.cycle();
        assertThat(loop.decisions()).hasSize(2);
    }

    @Test
    void aBatteryWhoseDeviceGoesIsHandedBackToItsOwnControlAndToldNothingMore() throws Exception {
        SimulatedBattery battery = SimulatedStorageDevices.battery("battery", 50, Duration.ofHours(1), meterNet::get,
                clock);
        Address address = new Address();
        address.batteries.add(new ControlLoop.Battery("battery", battery));
        StoragePolicy policy = new StoragePolicy();
        policy.decide = s -> List.of(new Command.BatteryPower("battery", Power.ofWatts(-3000),
                Reason.of("storage.test.discharge")));
        ControlLoop loop = loop(address, policy);
        meterNet.set(-1500);        // in its own control it charges the 1.5 kW the household injects
        loop.cycle();
        assertThat(battery.read().power()).isEqualTo(Power.ofWatts(-3000));

        assertThat(loop.letGo(battery)).isTrue();
        assertThat(battery.read().power()).isEqualTo(Power.ofWatts(1500));
        // a cycle that still has the port (it read the device list before it went) tells it nothing
        clock.move(Duration.ofSeconds(30));
        loop.cycle();
        assertThat(battery.read().power()).isEqualTo(Power.ofWatts(1500));
        assertThat(loop.letGo(battery)).as("nothing more to hand back").isFalse();
    }

    @Test
    void aBatteryNeverToldAPowerIsNotReleasedWhenItsDeviceGoes() throws Exception {
        StuckBattery garage = new StuckBattery();
        garage.hang.countDown();
        Address address = new Address();
        address.batteries.add(new ControlLoop.Battery("garage", garage));
        ControlLoop loop = loop(address, new StoragePolicy());
        loop.cycle();
        assertThat(loop.letGo(garage)).isFalse();
        assertThat(garage.released).hasValue(0);
    }

    @Test
    void whenTheServerStopsEveryBatteryToldAPowerIsReleasedWithinTheDeviceTimeout() throws Exception {
        SimulatedBattery battery = SimulatedStorageDevices.battery("battery", 50, Duration.ofHours(1), meterNet::get,
                clock);
        StuckBattery garage = new StuckBattery();
        garage.hang.countDown();
        garage.releaseHangs = new CountDownLatch(1);        // its release never answers
        Address address = new Address();
        address.batteries.add(new ControlLoop.Battery("battery", battery));
        address.batteries.add(new ControlLoop.Battery("garage", garage));
        StoragePolicy policy = new StoragePolicy();
        policy.decide = s -> List.of(
                new Command.BatteryPower("battery", Power.ofWatts(2000), Reason.of("storage.test.charge")),
                new Command.BatteryPower("garage", Power.ofWatts(1000), Reason.of("storage.test.charge")));
        ControlLoop loop = loop(address, policy);
        meterNet.set(800);          // in its own control it covers the 800 W the household takes
        loop.cycle();
        assertThat(battery.read().power()).isEqualTo(Power.ofWatts(2000));

        // the device timeout is 300 ms: the hanging garage does not hold the stop longer
        long started = System.nanoTime();
        List<ControlLoop.Release> releases = loop.startReleases();
        int answered = loop.awaitReleases(releases, System.nanoTime() + calls.timeout().toNanos());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(releases).extracting(ControlLoop.Release::device).containsExactlyInAnyOrder("battery", "garage");
        assertThat(answered).isEqualTo(1);
        assertThat(battery.read().power()).isEqualTo(Power.ofWatts(-800));
        assertThat(garage.released).hasValue(1);
        garage.releaseHangs.countDown();
    }

    @Test
    void aStoreThatCannotBeReadLeavesTheDefaultsAndTheCycleGoesOn() throws Exception {
        SimulatedBoiler boiler = SimulatedStorageDevices.boiler("boiler", 50, clock);
        ControlLoopTest.CountingCharger carport = new ControlLoopTest.CountingCharger("carport");
        Address address = new Address();
        address.chargers.add(new ControlLoop.Charger("carport", carport, 3, ChargerPreferences.DEFAULTS));
        address.boilers.add(new ControlLoop.Boiler("boiler", boiler, BoilerPreferences.DEFAULTS));
        address.storeFails = true;
        StoragePolicy policy = new StoragePolicy();
        policy.decide = s -> List.of(new Command.OfferCurrent("carport", 16, 3, Reason.of("ev.now.full")));
        ControlLoop loop = loop(address, policy);

        loop.cycle();

        SiteSnapshot seen = policy.seen.get(0);
        assertThat(seen.surplusOrder()).isEqualTo(SiteSnapshot.DEFAULT_SURPLUS_ORDER);
        assertThat(seen.boilers().get(0).lastLegionella()).isEmpty();
        assertThat(carport.offers).containsExactly(16.0);
        assertThat(loop.cycles()).isEqualTo(1);
    }
}
