package org.meterkast.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.meterkast.energy.control.BatterySnapshot;
import org.meterkast.energy.control.BoilerSnapshot;
import org.meterkast.energy.control.ChargerSnapshot;
import org.meterkast.energy.control.ChargerTargets;
import org.meterkast.energy.control.ChargingMode;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Policy;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.control.StorageTargets;
import org.meterkast.energy.device.BatteryLimits;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.BatteryStatus;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.device.ChargerPort.CurrentRange;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.ev.ChargingModePolicy;
import org.meterkast.energy.ev.SolarSettings;
import org.meterkast.energy.storage.BatteryPolicy;
import org.meterkast.energy.storage.BoilerPolicy;
import org.meterkast.energy.storage.BoilerRules;
import org.meterkast.energy.storage.PeakGuard;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One control cycle of an address with a charger (solar mode), a home battery and a boiler: the peak guard, the
 * charging modes, the battery's and the boiler's policies in the server's order, and the chargers', batteries' and
 * boilers' targets, from a snapshot taken at the start (as the loop's cycle does, without the device calls). Each
 * call is 5 s later than the last, so the policies' timers and memories move as in a running loop.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class ControlCycleBenchmark {
    private static final BatteryLimits LIMITS = new BatteryLimits(10_000, Power.ofWatts(5000), Power.ofWatts(5000),
            10, 100);

    private List<Policy> policies;
    private long second;
    private final Instant start = Instant.parse("2026-06-10T09:00:00Z");

    @Setup
    public void setUp() {
        policies = List.of(new PeakGuard(PeakGuard.DEFAULT_REACTION), new ChargingModePolicy(SolarSettings.DEFAULTS),
                new BatteryPolicy(), new BoilerPolicy(BoilerRules.DEFAULTS));
    }

    @Benchmark
    public void cycle(Blackhole out) {
        second += 5;
        Instant at = start.plusSeconds(second % 86_400);
        // a surplus that swings between −4 and +2 kW over ten minutes
        long grid = -1000 + (second % 600 < 300 ? -3000 : 3000);
        var charger = new ChargerSnapshot("carport", new ChargerReading(at, ChargerStatus.CHARGING,
                Power.ofWatts(4140), 3, 2000, 6), ChargingMode.SOLAR, new CurrentRange(6, 16), true, 3, Power.ZERO);
        var battery = new BatterySnapshot("battery", new BatteryReading(at, BatteryStatus.CHARGING, 55,
                Power.ofWatts(1500)), LIMITS, Optional.empty());
        var boiler = new BoilerSnapshot("boiler", new BoilerReading(at, BoilerStatus.HEATING, OptionalDouble.of(52),
                Power.ofWatts(2400), true), Power.ofWatts(2400), false, 45, 60,
                Optional.of(at.minus(Duration.ofDays(3))));
        var site = new SiteSnapshot(at, Power.ofWatts(grid), 400, 100, Power.ofWatts(4000), Power.ofWatts(3200),
                List.of(charger), List.of(battery), List.of(boiler), SiteSnapshot.DEFAULT_SURPLUS_ORDER);
        List<Command> commands = new ArrayList<>();
        for (Policy policy : policies) {
            commands.addAll(policy.decide(site));
        }
        out.consume(ChargerTargets.resolve(site, commands));
        out.consume(StorageTargets.batteries(site, commands));
        out.consume(StorageTargets.boilers(site, commands));
    }
}
