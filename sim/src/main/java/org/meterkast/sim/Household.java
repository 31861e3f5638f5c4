package org.meterkast.sim;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.meterkast.sim.DayPlan.BoilerPlan;
import org.meterkast.sim.DayPlan.Draw;
import org.meterkast.sim.DayPlan.Run;

/**
 * A simulated Belgian household whose power is a pure function of time: {@link #powerAt(Instant)} depends on
 * the settings (with their seed) and the instant alone, so instants can be asked for in any order, from any
 * thread, and give the same answer every time.
 *
 * <p>Each local day is drawn from hashed randomness ({@link DayPlan}); the boiler's and battery's days, which
 * respond to the solar surplus, are derived from the same plans at minute resolution. Plans are memoised in a
 * small cache, which changes how fast an answer comes, never what it is.
 */
public final class Household {
    private static final int DAY = BrusselsTime.SECONDS_PER_DAY;
    private static final int CACHED_DAYS = 16;
    /** Below this sun elevation people switch the lights on. */
    private static final double DARK_SINE = Math.sin(Math.toRadians(6));
    /** Gas for hot water: heating a litre by 35 K takes 0.04 kWh, about 4 l of gas. */
    private static final long GAS_PER_HOT_LITRE = 4;
    /** The central-heating pump and burner fan, whenever the heating burns gas. */
    private static final long HEATING_PUMP_WATTS = 60;
    private static final int BOILER_FROM_MINUTE = 10 * 60;
    private static final int BOILER_UNTIL_MINUTE = 17 * 60;
    private static final int BOILER_NIGHT_START = 22 * 3600;

    private final HouseholdSettings settings;
    private final SolarArray solar;
    private final Weather weather;
    private final DayPlanner planner;
    private final AtomicReferenceArray<DayPlan> plans = new AtomicReferenceArray<>(CACHED_DAYS);
    private final long fridgeOffset;
    private final long freezerOffset;

    public Household(HouseholdSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.solar = new SolarArray(settings.solarPeakWatts(), settings.roofAzimuthDegrees(),
                settings.roofTiltDegrees());
        this.weather = new Weather(settings.seed());
        this.planner = new DayPlanner(settings, weather);
        this.fridgeOffset = Noise.below(Noise.hash(settings.seed(), Noise.FRIDGE, 0), 3_000);
        this.freezerOffset = Noise.below(Noise.hash(settings.seed(), Noise.FRIDGE, 1), 2_400);
    }

    public HouseholdSettings settings() {
        return settings;
    }

    /** The household's power during the second that contains {@code t}. */
    public HouseholdPower powerAt(Instant t) {
        Objects.requireNonNull(t, "t");
        return powerAt(t.getEpochSecond());
    }

    /** The day's mean outdoor temperature (what the gas heating answers to), in tenths of a degree Celsius. */
    public int meanTemperatureDeciC(LocalDate day) {
        Objects.requireNonNull(day, "day");
        return weather.meanTemperatureDeciC(day.toEpochDay());
    }

    /**
     * The car's stay at home that begins on this local day, if the car is plugged in that day: it arrives when
     * the day's plan has it start charging ({@link HouseholdPower#evWatts()}) and leaves when the household
     * leaves the next morning, or between 10:00 and 12:00 when the household stays home that day. Empty without
     * a car.
     */
    public Optional<CarStay> carStay(LocalDate day) {
        Objects.requireNonNull(day, "day");
        long d = day.toEpochDay();
        DayPlan plan = plan(d);
        if (plan.car == null) {
            return Optional.empty();
        }
        DayPlan next = plan(d + 1);
        long leave = next.leave >= 0 ? next.leave
                : 10 * 3_600 + Noise.below(Noise.hash(settings.seed(), Noise.CAR_DEPARTURE, d + 1), 2 * 3_600);
        return Optional.of(new CarStay(Instant.ofEpochSecond(BrusselsTime.epochSecondOf(d, plan.car.start())),
                Instant.ofEpochSecond(BrusselsTime.epochSecondOf(d + 1, leave)), plan.car.wh()));
    }

    /** The array's output under a clear sky, W: the upper bound of {@link HouseholdPower#solarWatts()}. */
    long clearSkySolarWatts(long epochSecond) {
        return solar.clearSkyWatts(epochSecond);
    }

    HouseholdPower powerAt(long epochSecond) {
        long local = BrusselsTime.localSeconds(epochSecond);
        long day = Math.floorDiv(local, DAY);
        int second = (int) (local - day * DAY);
        DayPlan today = plan(day);
        DayPlan yesterday = plan(day - 1);
        Loads l = loads(epochSecond, second, today, yesterday);
        long boiler = boilerWatts(today, yesterday, second);
        long battery = 0;
        long charge = 0;
        if (settings.battery().isPresent()) {
            long stored = batteryCharge(today)[second / 60];
            battery = batteryWatts(l.house() + l.ev + boiler - l.solar, stored, settings.battery().get());
            charge = stored / 3600;
        }
        long l1 = l.l1 + l.ev - l.solar;
        long l2 = l.l2 + boiler;
        long l3 = l.l3 + battery;
        return new HouseholdPower(Instant.ofEpochSecond(epochSecond), l.house(), l.solar, l.ev, boiler, battery,
                charge, l1 + l2 + l3, l1, l2, l3, l.gas, l.water);
    }

    /** The house's loads on each phase, the car, the sun, and the gas and water flows: all but boiler and battery. */
    private record Loads(long l1, long l2, long l3, long ev, long solar, long gas, long water) {
        long house() {
            return l1 + l2 + l3;
        }
    }

    private Loads loads(long epochSecond, int second, DayPlan today, DayPlan yesterday) {
        SunPosition sun = SunPosition.at(epochSecond);
        boolean dark = sun.up() < DARK_SINE;
        long solarWatts = sun.up() <= 0 || settings.solarPeakWatts() == 0 ? 0
                : solar.watts(sun, weather.cloudFactor(epochSecond));

        long seed = settings.seed();
        // standby drifts by ±15 % every five minutes (a router, a charger, the ventilation stepping)
        long standby = settings.baseLoadWatts()
                * (85 + Noise.below(Noise.hash(seed, Noise.STANDBY, Math.floorDiv(epochSecond, 300)), 31)) / 100;
        long l1 = standby - 2 * (standby / 3);
        long l2 = standby / 3;
        long l3 = standby / 3;
        // fridge 90 W for 18 of every 50 minutes, freezer 80 W for 15 of every 40, out of step with each other
        if (Math.floorMod(epochSecond + fridgeOffset, 3_000) < 1_080) {
            l2 += 90;
        }
        if (Math.floorMod(epochSecond + freezerOffset, 2_400) < 900) {
            l3 += 80;
        }
        for (Run run : today.runs) {
            if (run.start() > second) {
                break;
            }
            long w = run.wattsAt(second, dark);
            switch (run.phase()) {
                case DayPlan.L1 -> l1 += w;
                case DayPlan.L2 -> l2 += w;
                default -> l3 += w;
            }
        }
        long ev = 0;
        if (today.car != null && today.car.covers(second)
                || yesterday.car != null && yesterday.car.covers(second + (long) DAY)) {
            ev = settings.ev().orElseThrow().chargerWatts();
        }
        long water = 0;
        long hotWater = 0;
        for (Draw draw : today.draws) {
            if (draw.covers(second)) {
                water += draw.litresPerHour();
                hotWater += draw.hot() ? draw.litresPerHour() : 0;
            }
        }
        long gas = 0;
        if (settings.gas().isPresent()) {
            gas = today.heatingLitresPerHour[second / 3600];
            if (gas > 0) {
                l1 += HEATING_PUMP_WATTS;
            }
            if (settings.boiler().isEmpty()) {
                gas += hotWater * GAS_PER_HOT_LITRE;
            }
        }
        return new Loads(l1, l2, l3, ev, solarWatts, gas, water);
    }

    private long boilerWatts(DayPlan today, DayPlan yesterday, int second) {
        if (settings.boiler().isEmpty()) {
            return 0;
        }
        boolean on = boilerPlan(today).covers(second) || boilerPlan(yesterday).catchUpCovers(second + (long) DAY);
        return on ? settings.boiler().get().watts() : 0;
    }

    /**
     * The boiler's day: between 10:00 and 17:00 it switches on when the surplus covers most of its element and
     * off when the surplus falls below half of it (after at least five minutes, to spare the relay), until the
     * day's need is met; what remains is heated from 22:00.
     */
    private BoilerPlan boilerPlan(DayPlan plan) {
        BoilerPlan known = plan.boiler;
        if (known != null) {
            return known;
        }
        BoilerSettings b = settings.boiler().orElseThrow();
        DayPlan yesterday = plan(plan.day - 1);
        boolean[] on = new boolean[DayPlan.MINUTES];
        long need = plan.boilerNeedWh * 3600;
        boolean heating = false;
        int minutesOn = 0;
        for (int m = BOILER_FROM_MINUTE; m < BOILER_UNTIL_MINUTE && need > 0; m++) {
            long epochSecond = BrusselsTime.epochSecondOf(plan.day, m * 60L);
            Loads l = loads(epochSecond, m * 60, plan, yesterday);
            long surplus = l.solar - l.house() - l.ev;
            if (!heating && surplus >= b.watts() * 9 / 10) {
                heating = true;
                minutesOn = 0;
            } else if (heating && minutesOn >= 5 && surplus < b.watts() / 2) {
                heating = false;
            }
            if (heating) {
                on[m] = true;
                minutesOn++;
                need -= b.watts() * 60;
            }
        }
        long remaining = Math.max(0, need);
        BoilerPlan made = new BoilerPlan(on, BOILER_NIGHT_START, (int) ((remaining + b.watts() - 1) / b.watts()));
        plan.boiler = made;
        return made;
    }

    /** Net power before the battery at the start of each local minute of the day, W. */
    private long[] minuteNet(DayPlan plan) {
        long[] known = plan.minuteNet;
        if (known != null) {
            return known;
        }
        DayPlan yesterday = plan(plan.day - 1);
        long[] net = new long[DayPlan.MINUTES];
        for (int m = 0; m < DayPlan.MINUTES; m++) {
            long epochSecond = BrusselsTime.epochSecondOf(plan.day, m * 60L);
            Loads l = loads(epochSecond, m * 60, plan, yesterday);
            net[m] = l.house() + l.ev + boilerWatts(plan, yesterday, m * 60) - l.solar;
        }
        plan.minuteNet = net;
        return net;
    }

    /**
     * The battery's charge at each minute of the day, W·s. The day starts with the charge the previous day ends
     * with when that day is started half full: a battery is emptied or filled within a day or so, so one day of
     * run-up forgets the guess, and the chain stays a function of the date.
     */
    private long[] batteryCharge(DayPlan plan) {
        long[] known = plan.batteryCharge;
        if (known != null) {
            return known;
        }
        BatterySettings b = settings.battery().orElseThrow();
        long[] runUp = simulateBattery(minuteNet(plan(plan.day - 1)), b.capacityWh() * 3600 / 2, b);
        long[] charge = simulateBattery(minuteNet(plan), runUp[DayPlan.MINUTES], b);
        plan.batteryCharge = charge;
        return charge;
    }

    private static long[] simulateBattery(long[] net, long start, BatterySettings b) {
        long capacity = b.capacityWh() * 3600;
        long reserve = b.reserveWh() * 3600;
        long[] charge = new long[DayPlan.MINUTES + 1];
        charge[0] = start;
        for (int m = 0; m < DayPlan.MINUTES; m++) {
            long c = charge[m];
            long w = batteryWatts(net[m], c, b);
            if (w > 0) {
                c = Math.min(capacity, c + w * 60 * b.efficiencyPercent() / 100);
            } else if (w < 0) {
                c = Math.max(reserve, c + w * 60 * 100 / b.efficiencyPercent());
            }
            charge[m + 1] = c;
        }
        return charge;
    }

    /** Zero-export control: charge with the surplus, discharge to cover the import, within the limits. */
    private static long batteryWatts(long netBeforeBattery, long chargeWs, BatterySettings b) {
        if (netBeforeBattery < 0 && chargeWs < b.capacityWh() * 3600) {
            return Math.min(-netBeforeBattery, b.maxPowerWatts());
        }
        if (netBeforeBattery > 0 && chargeWs > b.reserveWh() * 3600) {
            return -Math.min(netBeforeBattery, b.maxPowerWatts());
        }
        return 0;
    }

    private DayPlan plan(long day) {
        int slot = (int) Math.floorMod(day, (long) CACHED_DAYS);
        DayPlan cached = plans.get(slot);
        if (cached != null && cached.day == day) {
            return cached;
        }
        DayPlan made = planner.plan(day);
        plans.set(slot, made);
        return made;
    }
}
