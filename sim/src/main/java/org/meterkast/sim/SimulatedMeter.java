package org.meterkast.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.meterkast.p1.DemandPeak;
import org.meterkast.p1.Dialect;
import org.meterkast.p1.MbusDevice;
import org.meterkast.p1.MbusReading;
import org.meterkast.p1.Measurement;
import org.meterkast.p1.MonthlyPeak;
import org.meterkast.p1.Tariff;
import org.meterkast.p1.Telegram;

/**
 * A Fluvius meter in front of a simulated {@link Household}: it integrates the household's power into its
 * registers and reports them as Belgian e-MUCS telegrams.
 *
 * <p>Energy is integrated exactly: each step adds power × seconds in W·s, and the registers show the whole Wh
 * of that total, so the remainder below a Wh carries over and nothing is lost whatever the step. {@link #next}
 * steps one second at a time, as a meter does; {@link #advanceTo} takes coarser steps (10 or 60 s) without
 * building telegrams, to produce months of history in a moment. Steps are cut at every 5-minute boundary, so
 * tariff periods, quarter hours and the gas and water readings (taken every 5 minutes) start and end exactly.
 *
 * <p>The capacity-tariff objects follow the meter: {@code 1-0:1.4.0} is the import since the current quarter hour
 * started over the whole quarter, so it rises from 0 to the quarter's average (a real Fluvius telegram 175 s into
 * its quarter, drawing 134 W, shows 25 W), {@code 1-0:1.6.0} the month's highest quarter average with the end of that quarter,
 * and {@code 0-0:98.1.0} up to 13 past months. A meter belongs to one thread.
 */
public final class SimulatedMeter {
    private static final int QUARTER = 900;
    private static final int MBUS_PERIOD = 300;
    private static final int MAX_HISTORY_MONTHS = 13;
    private static final long NO_LIMIT_WATTS = 999_900;     // 999.9 kW: the limiter is off
    private static final long NO_FUSE_LIMIT_MA = 999_000;
    private static final long NOMINAL_MILLIVOLTS = 230_000;

    private final Household household;
    private final MeterIdentity identity;
    private final long seed;
    private long now;

    // totals in W·s (Wh × 3600) and in l/h × s (litres × 3600): exact, the registers are their whole part
    private long importDay;
    private long importNight;
    private long exportDay;
    private long exportNight;
    private long solar;
    private long gas;
    private long water;

    private long quarterStart;
    private long quarterImport;     // W·s imported since quarterStart
    private MeterRegisters atQuarterStart;
    private long solarWhAtQuarterStart;

    private MbusReading gasReading;
    private MbusReading waterReading;

    private long monthStart;
    private long monthEnd;
    private DemandPeak monthPeak;
    private List<MonthlyPeak> history = List.of();

    private HouseholdPower power;   // the household at `now`, kept because the next step starts there
    /** What charges the car instead of the household's own car load, or null; set from another thread. */
    private volatile CarLoad car;
    /** The battery and boiler someone else runs, counted beside the household's own; null: none. */
    private volatile HomeStorage storage;

    /** A new meter (all registers 0) with the {@link MeterIdentity#FLUVIUS} identity. */
    public SimulatedMeter(Household household, Instant start) {
        this(household, start, MeterRegisters.ZERO, MeterIdentity.FLUVIUS);
    }

    /** A meter whose registers read {@code initial} at {@code start}, a whole second. */
    public SimulatedMeter(Household household, Instant start, MeterRegisters initial, MeterIdentity identity) {
        this.household = Objects.requireNonNull(household, "household");
        this.identity = Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(initial, "initial");
        this.seed = household.settings().seed();
        this.now = wholeSecond(start, "start");
        importDay = initial.importDayWh() * 3600;
        importNight = initial.importNightWh() * 3600;
        exportDay = initial.exportDayWh() * 3600;
        exportNight = initial.exportNightWh() * 3600;
        gas = initial.gasLitres() * 3600;
        water = initial.waterLitres() * 3600;
        quarterStart = Math.floorDiv(now, QUARTER) * QUARTER;
        atQuarterStart = registers();
        solarWhAtQuarterStart = 0;
        readMbus(Math.floorDiv(now, MBUS_PERIOD) * MBUS_PERIOD);
        startMonth(now);
    }

    /**
     * A meter that was installed {@code history} before {@code now} (all registers 0 then) and has run since,
     * integrated in steps of {@code step}: its registers, month peak and peak history are filled.
     */
    public static SimulatedMeter withHistory(Household household, Instant now, Duration history, Duration step) {
        Objects.requireNonNull(history, "history");
        if (history.isNegative()) {
            throw new IllegalArgumentException("history must not be negative, not " + history);
        }
        Instant end = Objects.requireNonNull(now, "now").truncatedTo(ChronoUnit.SECONDS);
        SimulatedMeter meter = new SimulatedMeter(household, end.minusSeconds(history.toSeconds()));
        meter.advanceTo(end, step);
        return meter;
    }

    /**
     * The quarter hours between two instants, integrated from a new meter started at {@code from} in steps of
     * {@code step}: a server fills a year of quarters this way in about a second.
     */
    public static List<QuarterEnergy> quarterEnergies(Household household, Instant from, Instant to, Duration step) {
        return new SimulatedMeter(household, from).quarterEnergies(to, step);
    }

    public Household household() {
        return household;
    }

    public MeterIdentity identity() {
        return identity;
    }

    /** The meter's time: everything up to it is in the registers. */
    public Instant now() {
        return Instant.ofEpochSecond(now);
    }

    /** The household's power at the meter's time. */
    public HouseholdPower power() {
        if (power == null) {
            HouseholdPower own = household.powerAt(now);
            CarLoad load = car;
            power = load == null ? own : own.withCar(Math.max(0, load.watts()), load.phases());
            HomeStorage home = storage;
            if (home != null) {
                long boiler = Math.max(0, home.boilerWatts());
                long withoutBattery = power.netWatts() - power.batteryWatts() - power.boilerWatts() + boiler;
                power = power.withStorage(home.batteryWatts(withoutBattery), boiler);
            }
        }
        return power;
    }

    /**
     * From the next step on, the battery and the boiler are what {@code storage} says, read at each step, in place
     * of the household's own (a steered battery and boiler); null goes back to the household's own.
     */
    public void storeAt(HomeStorage storage) {
        this.storage = storage;
    }

    /**
     * From the next step on, the car draws what {@code load} says, read at each step, instead of the household's own
     * car load (a simulated charge point charging it); null goes back to the household's own.
     */
    public void chargeCarAt(CarLoad load) {
        this.car = load;
    }

    /** The registers now (whole Wh and litres). */
    public MeterRegisters registers() {
        return new MeterRegisters(importDay / 3600, importNight / 3600, exportDay / 3600, exportNight / 3600,
                gas / 3600, water / 3600);
    }

    /**
     * The solar energy produced since the meter started, exactly, in W·s: the lifetime counter an inverter on the
     * same roof would show (its whole Wh), so a simulated inverter can continue from it.
     */
    public long solarWattSeconds() {
        return solar;
    }

    /** The exact import of a tariff period in W·s: the register is its whole Wh, the rest carries over. */
    public long importedWattSeconds(Tariff tariff) {
        return Objects.requireNonNull(tariff, "tariff") == Tariff.DAY ? importDay : importNight;
    }

    /** The exact export of a tariff period in W·s. */
    public long exportedWattSeconds(Tariff tariff) {
        return Objects.requireNonNull(tariff, "tariff") == Tariff.DAY ? exportDay : exportNight;
    }

    /** The month's highest quarter-hour average import so far, and when that quarter ended. */
    public DemandPeak monthPeak() {
        return monthPeak;
    }

    /** The past months' peaks, oldest first, at most 13. */
    public List<MonthlyPeak> peakHistory() {
        return history;
    }

    /**
     * Integrates second by second from the meter's time to {@code at} and returns the telegram the meter sends
     * at {@code at}. Called once a second, it integrates that one second.
     *
     * @throws IllegalArgumentException when {@code at} is not a whole second after the meter's time
     */
    public Telegram next(Instant at) {
        long target = wholeSecond(at, "at");
        if (target <= now) {
            throw new IllegalArgumentException("at " + at + " is not after the meter's time " + now());
        }
        integrate(target, 1, null);
        return telegram();
    }

    /** Integrates to {@code at} in steps of {@code step} (1 s to 5 min), building no telegrams. */
    public void advanceTo(Instant at, Duration step) {
        advanceTo(at, step, null);
    }

    /**
     * Integrates to {@code at} in steps of {@code step} (1 s to 5 min) and hands each quarter hour completed on
     * the way to {@code quarters} (a first quarter the meter started inside holds only the part it saw).
     */
    public void advanceTo(Instant at, Duration step, Consumer<QuarterEnergy> quarters) {
        long target = wholeSecond(at, "at");
        if (target < now) {
            throw new IllegalArgumentException("at " + at + " is before the meter's time " + now());
        }
        Objects.requireNonNull(step, "step");
        if (step.getNano() != 0 || step.getSeconds() < 1 || step.getSeconds() > MBUS_PERIOD) {
            throw new IllegalArgumentException("step must be 1 s to 5 min in whole seconds, not " + step);
        }
        integrate(target, (int) step.getSeconds(), quarters);
    }

    /** Integrates to {@code to} in steps of {@code step} and returns the quarter hours completed on the way. */
    public List<QuarterEnergy> quarterEnergies(Instant to, Duration step) {
        List<QuarterEnergy> quarters = new ArrayList<>();
        advanceTo(to, step, quarters::add);
        return quarters;
    }

    private void integrate(long to, int step, Consumer<QuarterEnergy> quarters) {
        while (now < to) {
            long end = Math.min(Math.min(now + step, (Math.floorDiv(now, MBUS_PERIOD) + 1) * MBUS_PERIOD), to);
            HouseholdPower p = power();
            long seconds = end - now;
            long in = p.importWatts() * seconds;
            long out = p.exportWatts() * seconds;
            if (TariffSchedule.at(now) == Tariff.DAY) {
                importDay += in;
                exportDay += out;
            } else {
                importNight += in;
                exportNight += out;
            }
            quarterImport += in;
            solar += p.solarWatts() * seconds;
            gas += p.gasLitresPerHour() * seconds;
            water += p.waterLitresPerHour() * seconds;
            now = end;
            power = null;
            if (now % MBUS_PERIOD == 0) {
                readMbus(now);
            }
            if (now % QUARTER == 0) {
                closeQuarter(quarters);
            }
        }
    }

    private void closeQuarter(Consumer<QuarterEnergy> quarters) {
        long average = quarterImport / QUARTER;
        // strictly higher: of equal quarters the meter keeps the first
        if (average > monthPeak.watts()) {
            monthPeak = new DemandPeak(Instant.ofEpochSecond(now), average);
        }
        MeterRegisters r = registers();
        long solarWh = solar / 3600;
        if (quarters != null) {
            quarters.accept(new QuarterEnergy(Instant.ofEpochSecond(quarterStart), TariffSchedule.at(quarterStart),
                    r.importedWh() - atQuarterStart.importedWh(), r.exportedWh() - atQuarterStart.exportedWh(),
                    average, solarWh - solarWhAtQuarterStart, r.gasLitres() - atQuarterStart.gasLitres(),
                    r.waterLitres() - atQuarterStart.waterLitres()));
        }
        quarterStart = now;
        quarterImport = 0;
        atQuarterStart = r;
        solarWhAtQuarterStart = solarWh;
        if (now >= monthEnd) {
            history = appendMonth(history, new MonthlyPeak(Instant.ofEpochSecond(monthEnd),
                    monthPeak.occurredAt().orElse(null), monthPeak.watts()));
            startMonth(now);
        }
    }

    private static List<MonthlyPeak> appendMonth(List<MonthlyPeak> history, MonthlyPeak month) {
        List<MonthlyPeak> next = new ArrayList<>(history.size() + 1);
        next.addAll(history.size() < MAX_HISTORY_MONTHS ? history
                : history.subList(history.size() - MAX_HISTORY_MONTHS + 1, history.size()));
        next.add(month);
        return List.copyOf(next);
    }

    private void startMonth(long at) {
        LocalDate first = LocalDate.ofEpochDay(BrusselsTime.localDay(at)).withDayOfMonth(1);
        monthStart = BrusselsTime.epochSecondOf(first.toEpochDay(), 0);
        monthEnd = BrusselsTime.epochSecondOf(first.plusMonths(1).toEpochDay(), 0);
        monthPeak = new DemandPeak(Instant.ofEpochSecond(monthStart), 0);
    }

    private void readMbus(long at) {
        Instant captured = Instant.ofEpochSecond(at);
        gasReading = new MbusReading(captured, gas / 3600, "m3");
        waterReading = new MbusReading(captured, water / 3600, "m3");
    }

    /** The telegram the meter sends at its current time. */
    public Telegram telegram() {
        HouseholdPower p = power();
        Telegram.Builder b = Telegram.builder(Dialect.BELGIAN)
                .header(identity.header()).version(identity.version()).equipmentId(identity.equipmentId())
                .timestamp(Instant.ofEpochSecond(now))
                .energyImported(Tariff.DAY, importDay / 3600).energyImported(Tariff.NIGHT, importNight / 3600)
                .energyExported(Tariff.DAY, exportDay / 3600).energyExported(Tariff.NIGHT, exportNight / 3600)
                .tariff(TariffSchedule.at(now))
                .set(Measurement.CURRENT_AVERAGE_DEMAND, quarterImport / QUARTER)
                .monthPeak(monthPeak).peakHistory(history)
                .set(Measurement.POWER_IMPORTED, p.importWatts()).set(Measurement.POWER_EXPORTED, p.exportWatts());
        phase(b, 0, p.netL1Watts(), p, Measurement.POWER_IMPORTED_L1, Measurement.POWER_EXPORTED_L1,
                Measurement.VOLTAGE_L1, Measurement.CURRENT_L1);
        phase(b, 1, p.netL2Watts(), p, Measurement.POWER_IMPORTED_L2, Measurement.POWER_EXPORTED_L2,
                Measurement.VOLTAGE_L2, Measurement.CURRENT_L2);
        phase(b, 2, p.netL3Watts(), p, Measurement.POWER_IMPORTED_L3, Measurement.POWER_EXPORTED_L3,
                Measurement.VOLTAGE_L3, Measurement.CURRENT_L3);
        b.set(Measurement.BREAKER_STATE, 1).set(Measurement.LIMITER_THRESHOLD, NO_LIMIT_WATTS)
                .set(Measurement.FUSE_THRESHOLD_L1, NO_FUSE_LIMIT_MA);
        HouseholdSettings s = household.settings();
        if (s.gas().isPresent()) {
            b.addMbusDevice(new MbusDevice(1, 3, identity.gasEquipmentId(), null, gasReading, 1, -1));
        }
        if (s.water().isPresent()) {
            b.addMbusDevice(new MbusDevice(2, 7, identity.waterEquipmentId(), null, waterReading, -1, -1));
        }
        return b.build();
    }

    private void phase(Telegram.Builder b, int phase, long net, HouseholdPower p, Measurement imported,
                       Measurement exported, Measurement voltage, Measurement current) {
        long millivolts = millivolts(phase, net, p);
        // |P| / U in mA, to the 10 mA a Belgian meter shows
        long milliamps = (Math.abs(net) * 1_000_000 / millivolts + 5) / 10 * 10;
        b.set(imported, Math.max(net, 0)).set(exported, Math.max(-net, 0))
                .set(voltage, millivolts).set(current, milliamps);
    }

    /**
     * 230 V with the grid's slow drift (±3 V over ten-minute knots), a flicker of a few tenths, a drop under the
     * home's own import and a rise when it exports (and when the neighbours' panels do), to the 0.1 V a meter shows.
     */
    private long millivolts(int phase, long net, HouseholdPower p) {
        long knot = Math.floorDiv(now, 600);
        long a = Noise.below(Noise.hash(seed, Noise.VOLTAGE, knot * 4 + phase), 6_001) - 3_000;
        long z = Noise.below(Noise.hash(seed, Noise.VOLTAGE, (knot + 1) * 4 + phase), 6_001) - 3_000;
        long drift = a + (z - a) * (now - knot * 600) / 600;
        long flicker = (Noise.below(Noise.hash(seed, Noise.FLICKER, now * 4 + phase), 7) - 3) * 100;
        long peak = Math.max(1, household.settings().solarPeakWatts());
        long neighbours = p.solarWatts() * 3_000 / peak;
        long own = net > 0 ? -net * 400 / 1000 : -net * 1_200 / 1000;
        long mv = NOMINAL_MILLIVOLTS + drift + flicker + neighbours + own;
        mv = Math.max(207_000, Math.min(253_000, mv));
        return (mv + 50) / 100 * 100;
    }

    private static long wholeSecond(Instant instant, String name) {
        Objects.requireNonNull(instant, name);
        if (instant.getNano() != 0) {
            throw new IllegalArgumentException(name + " must be a whole second, not " + instant);
        }
        return instant.getEpochSecond();
    }
}
