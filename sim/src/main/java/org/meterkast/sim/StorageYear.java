package org.meterkast.sim;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.meterkast.energy.bill.Bill;
import org.meterkast.energy.bill.BillCalculator;
import org.meterkast.energy.bill.BillLine;
import org.meterkast.energy.bill.BillLineKind;
import org.meterkast.energy.control.BatterySnapshot;
import org.meterkast.energy.control.BatteryTarget;
import org.meterkast.energy.control.BoilerSnapshot;
import org.meterkast.energy.control.BoilerTarget;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Policy;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.control.StorageTargets;
import org.meterkast.energy.device.BatteryLimits;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.BatteryStatus;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.price.DayAheadPrices;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.energy.storage.BatteryPolicy;
import org.meterkast.energy.storage.BoilerPolicy;
import org.meterkast.energy.storage.BoilerRules;
import org.meterkast.energy.storage.PeakGuard;
import org.meterkast.energy.tariff.DayNight;
import org.meterkast.energy.tariff.DayNightSchedule;
import org.meterkast.energy.tariff.DistributionArea;
import org.meterkast.energy.tariff.EnergyPrice;
import org.meterkast.energy.tariff.FlemishTariff;
import org.meterkast.energy.tariff.TariffHistory;

/**
 * The demo household (seed {@value #DEMO_SEED}, its 4.5 kWp roof) with a 10 kWh home battery and a 200 l electric
 * boiler, over a stretch of days, run twice:
 * <ul>
 *   <li>without control: the battery in its own self-consumption (charge the surplus, cover the offtake, no guard)
 *       and the boiler on a plain night-tariff timer (22:00–07:00, its thermostat at 65 °C);</li>
 *   <li>with control: every step a {@link SiteSnapshot} as the control loop takes it, the peak guard, the battery's
 *       and the boiler's policies in the server's order, and their commands resolved by {@link StorageTargets}.</li>
 * </ul>
 * Each run's quarters go through the {@link BillCalculator} under the demo's tariff (day/night in Imewo, the
 * server's demo tariff). Steps of 10 s: the loop runs every 5 s and on each telegram, and the tank and the battery
 * change little in 10 s; a year is 3.2 million steps per run.
 */
public final class StorageYear {
    /** The demo household's seed (the server's simulated meter's default). */
    public static final long DEMO_SEED = 2026;
    /** The server's demo tariff: day/night in Imewo (Gent), excl. VAT, as the server's DemoTariff. */
    public static final FlemishTariff DEMO_TARIFF = FlemishTariff.digital(DistributionArea.IMEWO,
                    new EnergyPrice.DayAndNight(new BigDecimal("0.1450"), new BigDecimal("0.1150")),
                    new EnergyPrice.Single(new BigDecimal("0.0200")))
            .withSupplierCosts(new BigDecimal("50"), new BigDecimal("0.0110"), new BigDecimal("0.00392"));

    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final long LOWEST_PEAK_W = 2500;
    private static final double FLOOR_C = 45;
    private static final double TOP_C = 60;

    private final Household household;
    private final HotWaterDraws draws;
    private final LocalDate from;
    private final int days;
    private final int stepSeconds;

    /** The demo household from {@code from} (a local day) for {@code days} days, in steps of {@code stepSeconds}. */
    public StorageYear(LocalDate from, int days, int stepSeconds) {
        if (days < 1 || stepSeconds < 1 || 900 % stepSeconds != 0) {
            throw new IllegalArgumentException("need at least a day and a step dividing 15 min, not " + days
                    + " days, " + stepSeconds + " s");
        }
        this.household = new Household(HouseholdSettings.defaults(DEMO_SEED));
        this.draws = new HotWaterDraws(DEMO_SEED);
        this.from = from;
        this.days = days;
        this.stepSeconds = stepSeconds;
    }

    /**
     * One run's figures.
     *
     * @param solarWh       produced
     * @param importWh      taken from the grid
     * @param exportWh      injected
     * @param boilerWh      the boiler's element
     * @param monthPeaksW   each month's capacity peak (highest quarter average import), W
     * @param capacityEuros the capacity tariff's lines of the bill, excl. VAT
     * @param bill          the whole bill
     * @param coldestC      the coldest the tank's water was
     * @param legionellaGapDays the longest stretch without the water reaching 60 °C, days
     * @param boilerSwitches    how often the boiler's relay was switched on
     * @param switchedOnFor     with control, how often it was switched on for each reason (the reason's key)
     */
    public record Run(long solarWh, long importWh, long exportWh, long boilerWh, Map<YearMonth, Long> monthPeaksW,
                      BigDecimal capacityEuros, Bill bill, double coldestC, double legionellaGapDays,
                      long boilerSwitches, Map<String, Long> switchedOnFor) {
        /** The share of the production used at home. */
        public double selfConsumption() {
            return solarWh == 0 ? 0 : (double) (solarWh - exportWh) / solarWh;
        }

        /** The share of the consumption (including the battery's losses) covered without the grid. */
        public double selfSufficiency() {
            long used = importWh + solarWh - exportWh;
            return used == 0 ? 0 : 1 - (double) importWh / used;
        }
    }

    /** The run without control. */
    public Run withoutControl() {
        return run(false);
    }

    /** The run with the policies. */
    public Run withControl() {
        return run(true);
    }

    private Run run(boolean control) {
        Instant start = from.atStartOfDay(BRUSSELS).toInstant();
        Instant end = from.plusDays(days).atStartOfDay(BRUSSELS).toInstant();
        var settings = BatterySettings.DEFAULT;
        var battery = new BatteryModel(settings, 50);
        var tank = new BoilerTank(BoilerTankSettings.DEFAULT, 55);
        var limits = new BatteryLimits(settings.capacityWh(), Power.ofWatts(settings.maxPowerWatts()),
                Power.ofWatts(settings.maxPowerWatts()), settings.reservePercent(), 100);
        Power rated = Power.ofWatts(BoilerTankSettings.DEFAULT.elementWatts());
        List<Policy> policies = List.of(new PeakGuard(PeakGuard.DEFAULT_REACTION), new BatteryPolicy(),
                new BoilerPolicy(BoilerRules.DEFAULTS));

        List<ClosedQuarter> quarters = new ArrayList<>();
        Map<YearMonth, Long> peaks = new TreeMap<>();
        double batteryW = 0;
        double boilerW = 0;
        double boilerAllowed = 0;
        boolean relayOn = false;
        Instant lastLegionella = start.minus(Duration.ofDays(3));
        double longestGap = 0;
        double coldest = tank.temperatureC();
        double importWs = 0;
        double exportWs = 0;
        double solarWs = 0;
        double boilerWs = 0;
        double quarterImportWs = 0;
        double quarterExportWs = 0;
        double litresLeft = 0;
        long switches = 0;
        Map<String, Long> switchedOnFor = new TreeMap<>();
        String boilerReason = "timer";
        for (long t = start.getEpochSecond(); t < end.getEpochSecond(); t += stepSeconds) {
            Instant at = Instant.ofEpochSecond(t);
            HouseholdPower hp = household.powerAt(at);
            long house = hp.consumptionWatts();
            long solar = hp.solarWatts();
            if (t % 60 == 0) {
                litresLeft = draws.litresInMinute(at);
            }
            double litres = litresLeft * stepSeconds / 60.0;
            double batteryAsk;
            if (control) {
                long grid = Math.round(house + boilerW + batteryW - solar);
                YearMonth month = YearMonth.from(at.atZone(BRUSSELS));
                long peakLimit = Math.max(LOWEST_PEAK_W, peaks.getOrDefault(month, 0L));
                double soc = battery.socPercent();
                long bw = Math.round(batteryW);
                var batteryReading = new BatteryReading(at, bw > 0 ? BatteryStatus.CHARGING : bw < 0
                        ? BatteryStatus.DISCHARGING : BatteryStatus.STANDBY, Math.min(100, soc), Power.ofWatts(bw));
                var boilerReading = new BoilerReading(at, boilerW > 0 ? BoilerStatus.HEATING : BoilerStatus.IDLE,
                        OptionalDouble.of(tank.temperatureC()), Power.ofWatts(Math.round(boilerW)), boilerAllowed > 0);
                var site = new SiteSnapshot(at, Power.ofWatts(grid), Math.round(quarterImportWs / 3600),
                        Math.round(quarterExportWs / 3600), Power.ofWatts(solar), Power.ofWatts(peakLimit), List.of(),
                        List.of(new BatterySnapshot("battery", batteryReading, limits, Optional.empty())),
                        List.of(new BoilerSnapshot("boiler", boilerReading, rated, false, FLOOR_C, TOP_C,
                                Optional.of(lastLegionella))), SiteSnapshot.DEFAULT_SURPLUS_ORDER);
                List<Command> commands = new ArrayList<>();
                for (Policy policy : policies) {
                    commands.addAll(policy.decide(site));
                }
                for (BoilerTarget target : StorageTargets.boilers(site, commands)) {
                    boilerAllowed = target.power().watts();
                    boilerReason = target.reason().key();
                }
                batteryAsk = batteryW;
                for (BatteryTarget target : StorageTargets.batteries(site, commands)) {
                    batteryAsk = target.release() ? solar - house - boilerW : target.power().watts();
                }
                boilerW = tank.step(boilerAllowed, litres, stepSeconds);
            } else {
                LocalTime local = at.atZone(BRUSSELS).toLocalTime();
                boilerAllowed = local.getHour() >= 22 || local.getHour() < 7 ? rated.watts() : 0;
                boilerW = tank.step(boilerAllowed, litres, stepSeconds);
                batteryAsk = solar - house - boilerW;
            }
            if (boilerAllowed > 0 && !relayOn) {
                switches++;
                switchedOnFor.merge(boilerReason, 1L, Long::sum);
            }
            relayOn = boilerAllowed > 0;
            batteryW = battery.step(batteryAsk, stepSeconds);
            if (tank.temperatureC() >= BoilerRules.LEGIONELLA_C) {
                lastLegionella = at;
            }
            longestGap = Math.max(longestGap, Duration.between(lastLegionella, at).toSeconds() / 86_400.0);
            coldest = Math.min(coldest, tank.temperatureC());
            double grid = house + boilerW + batteryW - solar;
            double imported = Math.max(0, grid) * stepSeconds;
            double exported = Math.max(0, -grid) * stepSeconds;
            quarterImportWs += imported;
            quarterExportWs += exported;
            importWs += imported;
            exportWs += exported;
            solarWs += solar * (double) stepSeconds;
            boilerWs += boilerW * stepSeconds;
            if ((t + stepSeconds) % 900 == 0) {
                Quarter quarter = Quarter.containing(at);
                boolean night = DayNightSchedule.STANDARD.at(quarter.start(), BRUSSELS) == DayNight.NIGHT;
                long in = Math.round(quarterImportWs / 3600);
                long out = Math.round(quarterExportWs / 3600);
                quarters.add(new ClosedQuarter(quarter, 0, night ? new QuarterEnergy(0, in, 0, out)
                        : new QuarterEnergy(in, 0, out, 0), false));
                peaks.merge(quarter.month(BRUSSELS), in * 4, Math::max);
                quarterImportWs = 0;
                quarterExportWs = 0;
            }
        }
        Bill bill = BillCalculator.shipped().bill(TariffHistory.of(DEMO_TARIFF), start, end, quarters, peaks,
                DayAheadPrices.NONE, false);
        BigDecimal capacity = BigDecimal.ZERO;
        for (BillLine line : bill.lines()) {
            if (line.kind() == BillLineKind.CAPACITY || line.kind() == BillLineKind.CAPACITY_FIXED) {
                capacity = capacity.add(line.amount());
            }
        }
        return new Run(Math.round(solarWs / 3600), Math.round(importWs / 3600), Math.round(exportWs / 3600),
                Math.round(boilerWs / 3600), peaks, capacity, bill, coldest, longestGap, switches,
                switchedOnFor);
    }
}
