package org.meterkast.energy.bill;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.meterkast.energy.bill.BillLine.RateUnit;
import org.meterkast.energy.bill.BillLine.Unit;
import org.meterkast.energy.price.DayAheadPrices;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.energy.quarter.QuarterSeries;
import org.meterkast.energy.tariff.CapacityAverage;
import org.meterkast.energy.tariff.CapacityRule;
import org.meterkast.energy.tariff.DistributionArea;
import org.meterkast.energy.tariff.EnergyPrice;
import org.meterkast.energy.tariff.FlemishTariff;
import org.meterkast.energy.tariff.GasTariff;
import org.meterkast.energy.tariff.Levies;
import org.meterkast.energy.tariff.Levies.ExciseBracket;
import org.meterkast.energy.tariff.Levies.LevySet;
import org.meterkast.energy.tariff.MeterKind;
import org.meterkast.energy.tariff.MissingNetworkTariffException;
import org.meterkast.energy.tariff.NetworkTariff;
import org.meterkast.energy.tariff.NetworkTariffs;
import org.meterkast.energy.tariff.PriceIndex;
import org.meterkast.energy.tariff.SimpleTariff;
import org.meterkast.energy.tariff.Tariff;
import org.meterkast.energy.tariff.TariffHistory;
import org.meterkast.energy.tariff.TariffVersion;

/**
 * Computes a location's bill for a period from its quarters, under the tariff versions in force on each local
 * day, the network tariffs and levies of that day and, for a dynamic formula, the day-ahead prices.
 *
 * <p>The rules, each where a Belgian bill puts it:
 * <ul>
 * <li>History uses the period the meter counted in (the quarter's day and night registers), not a schedule.</li>
 * <li>Per-kWh lines are summed exactly and rounded to the cent once per line; VAT is 6 % of the rounded lines it
 * applies to. Injection and the Energiefonds levy carry no VAT.</li>
 * <li>Yearly and monthly amounts (fixed fee, data management, capacity, prosumer, Energiefonds) are counted per
 * local day: a day is 1/365 (1/366) of a year and 1/28…1/31 of its month. {@link #measuredDaysOnly()} counts
 * measured days only: a day with at least one quarter counts whole, a day without any (before the meter, in a gap)
 * costs nothing ({@link Coverage}); otherwise every day of the period counts, as on a supplier's bill.</li>
 * <li>Gas, with a gas tariff: each day's gas kWh at its price, and the fixed fee over the days with gas measured;
 * both excl. VAT, with the VAT of the electricity.</li>
 * <li>Capacity: each day is billed at its month's rolling 12-month average ({@link CapacityAverage}) × tariff ÷
 * 12 ÷ the days of the month. The maximum tariff caps capacity plus kWh network tariff at the maximum tariff ×
 * offtake, compared over the bill's period (the official period of comparison was not found).</li>
 * <li>The special excise is bracketed on yearly offtake: the brackets are scaled to the part of the year the bill
 * covers.</li>
 * <li>A reversing meter nets offtake against injection per register over each stretch of unchanged rates.</li>
 * </ul>
 */
public final class BillCalculator {
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal TWELVE = BigDecimal.valueOf(12);
    private static final int SCALE = 12;
    /** Wh × micro-euros per MWh → €: 10³ Wh per kWh × 10⁶ micro-euros per euro (the hourly index × 4 more). */
    private static final BigDecimal QUARTER_DIVISOR = BigDecimal.TEN.pow(9);
    private static final BigDecimal HOUR_DIVISOR = BigDecimal.TEN.pow(9).multiply(BigDecimal.valueOf(4));
    /** The prosumer tariff is spread over the months by Ukkel's normal sunshine hours, % per month (Jan first). */
    private static final BigDecimal[] PROSUMER_MONTH_PERCENT = {
        new BigDecimal("3.68345"), new BigDecimal("4.54585"), new BigDecimal("7.84144"), new BigDecimal("10.67994"),
        new BigDecimal("12.36484"), new BigDecimal("12.42595"), new BigDecimal("12.67289"),
        new BigDecimal("12.00005"), new BigDecimal("9.63172"), new BigDecimal("7.02331"), new BigDecimal("4.10124"),
        new BigDecimal("3.02932")};

    private final NetworkTariffs network;
    private final Levies levies;
    private final ZoneId zone;
    private final boolean measuredDaysOnly;

    /** A calculator that counts the amounts per day over every day of the period, as a supplier bills them. */
    public BillCalculator(NetworkTariffs network, Levies levies, ZoneId zone) {
        this(network, levies, zone, false);
    }

    private BillCalculator(NetworkTariffs network, Levies levies, ZoneId zone, boolean measuredDaysOnly) {
        this.network = Objects.requireNonNull(network, "network");
        this.levies = Objects.requireNonNull(levies, "levies");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.measuredDaysOnly = measuredDaysOnly;
    }

    /**
     * The same calculator counting the amounts per day (fixed fees, data management, capacity, prosumer,
     * Energiefonds) over the measured days only: what the household's measured days cost, where the other bills
     * the whole period whether the meter was read or not.
     */
    public BillCalculator measuredDaysOnly() {
        return new BillCalculator(network, levies, zone, true);
    }

    /** The calculator with the network tariffs and levies shipped with Meterkast, on Brussels time. */
    public static BillCalculator shipped() {
        return new BillCalculator(NetworkTariffs.shipped(), Levies.shipped(), ZoneId.of("Europe/Brussels"));
    }

    /**
     * The bill for [from, to).
     *
     * @param quarters     the location's quarters, sorted; those outside [from, to) are ignored
     * @param peaksWatts   each known month's capacity peak in W, including the 11 months before {@code from}
     * @param prices       the day-ahead prices of the period (may be {@link DayAheadPrices#NONE} without a dynamic
     *                     formula)
     * @param withQuarters whether to list each quarter's cost
     */
    public Bill bill(TariffHistory tariffs, Instant from, Instant to, List<ClosedQuarter> quarters,
                     Map<YearMonth, Long> peaksWatts, DayAheadPrices prices, boolean withQuarters) {
        return bill(tariffs, from, to, QuarterSeries.of(quarters), peaksWatts, prices, withQuarters, Map.of());
    }

    /** The bill for [from, to) from quarters read column by column; as {@link #bill(TariffHistory, Instant,
     * Instant, List, Map, DayAheadPrices, boolean)}. */
    public Bill bill(TariffHistory tariffs, Instant from, Instant to, QuarterSeries quarters,
                     Map<YearMonth, Long> peaksWatts, DayAheadPrices prices, boolean withQuarters) {
        return bill(tariffs, from, to, quarters, peaksWatts, prices, withQuarters, Map.of());
    }

    /**
     * The bill for [from, to) with gas; as {@link #bill(TariffHistory, Instant, Instant, QuarterSeries, Map,
     * DayAheadPrices, boolean)}.
     *
     * @param gasWhByDay per Brussels day with gas measured in [from, to), the gas energy of its hours in Wh ({@link
     *                   org.meterkast.energy.tariff.GasTariff#wattHours}); a day left out had no gas measured
     */
    public Bill bill(TariffHistory tariffs, Instant from, Instant to, QuarterSeries quarters,
                     Map<YearMonth, Long> peaksWatts, DayAheadPrices prices, boolean withQuarters,
                     Map<LocalDate, Long> gasWhByDay) {
        Objects.requireNonNull(gasWhByDay, "gasWhByDay");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("a bill's period must end after it starts: " + from + " – " + to);
        }
        return new Run(tariffs, from, to, peaksWatts, prices, withQuarters, gasWhByDay).run(quarters);
    }

    /** The rates that hold over one stretch of days: a tariff version, a network tariff and a levy set. */
    private record Rates(Tariff tariff, NetworkTariff network, LevySet levy, GasTariff gas) {
    }

    /** The sums of the quarters under one set of rates. */
    private static final class Stretch {
        final Rates rates;
        long importDay;
        long importNight;
        long exportDay;
        long exportNight;
        long dynamicOfftakeWh;
        final WeightedSum dynamicOfftake = new WeightedSum();
        long dynamicInjectionWh;
        final WeightedSum dynamicInjection = new WeightedSum();

        Stretch(Rates rates) {
            this.rates = rates;
        }
    }

    /** A line being summed: the exact amount and quantity, rounded when the bill is made. */
    private static final class Sum {
        final BillLineKind kind;
        final Unit unit;
        final BigDecimal rate;
        final RateUnit rateUnit;
        final boolean vat;
        BigDecimal quantity = BigDecimal.ZERO;
        BigDecimal share = BigDecimal.ZERO;
        BigDecimal amount = BigDecimal.ZERO;

        Sum(BillLineKind kind, Unit unit, BigDecimal rate, RateUnit rateUnit, boolean vat) {
            this.kind = kind;
            this.unit = unit;
            this.rate = rate;
            this.rateUnit = rateUnit;
            this.vat = vat;
        }
    }

    private record SumKey(BillLineKind kind, BigDecimal rate) {
    }

    private final class Run {
        private final TariffHistory tariffs;
        private final Instant from;
        private final Instant to;
        private final Map<YearMonth, Long> peaks;
        private final DayAheadPrices prices;
        private final boolean withQuarters;
        private final Map<LocalDate, Long> gas;
        private final Map<LocalDate, Rates> ratesByDay = new HashMap<>();
        private final Map<Rates, Stretch> stretches = new LinkedHashMap<>();
        private final Map<SumKey, Sum> sums = new LinkedHashMap<>();
        private final Map<YearMonth, CapacityAverage> capacity = new TreeMap<>();
        /** Per network tariff: the exact capacity and kWh network amounts and the offtake, for the maximum tariff. */
        private final Map<NetworkTariff, BigDecimal[]> capped = new LinkedHashMap<>();
        /** Per levy set: the offtake subject to excise, and the part of a year the bill spends under it. */
        private final Map<LevySet, BigDecimal[]> excise = new LinkedHashMap<>();
        private final java.util.Set<LocalDate> daysWithQuarters = new java.util.HashSet<>();
        private final List<QuarterCost> quarterCosts = new ArrayList<>();
        private long offtake;
        private long injection;
        private int count;
        private int estimated;
        private int withoutPrice;
        private int days;

        Run(TariffHistory tariffs, Instant from, Instant to, Map<YearMonth, Long> peaks, DayAheadPrices prices,
            boolean withQuarters, Map<LocalDate, Long> gas) {
            this.gas = gas;
            this.tariffs = tariffs;
            this.from = from;
            this.to = to;
            this.peaks = peaks;
            this.prices = prices;
            this.withQuarters = withQuarters;
        }

        Bill run(QuarterSeries quarters) {
            long toSecond = to.getEpochSecond();
            long dayEnd = Long.MIN_VALUE;
            Stretch stretch = null;
            for (int i = quarters.indexOf(from); i < quarters.size(); i++) {
                long start = quarters.start(i);
                if (start >= toSecond) {
                    break;
                }
                if (start >= dayEnd || stretch == null) {
                    LocalDate day = Instant.ofEpochSecond(start).atZone(zone).toLocalDate();
                    dayEnd = day.plusDays(1).atStartOfDay(zone).toEpochSecond();
                    daysWithQuarters.add(day);
                    stretch = stretches.computeIfAbsent(rates(day), Stretch::new);
                }
                add(stretch, start, new QuarterEnergy(quarters.importDay(i), quarters.importNight(i),
                        quarters.exportDay(i), quarters.exportNight(i)), quarters.quarters(i), quarters.estimated(i));
            }
            perDay();
            for (Stretch s : stretches.values()) {
                close(s);
            }
            return make();
        }

        private Rates rates(LocalDate day) {
            return ratesByDay.computeIfAbsent(day, d -> {
                TariffVersion version = tariffs.inForce(d);
                Tariff tariff = version.tariff();
                DistributionArea area = tariff instanceof FlemishTariff f ? f.area()
                        : tariff instanceof SimpleTariff s ? s.area() : null;
                NetworkTariff net = area == null ? null : network.inForce(area, d);
                LevySet levy = area == null ? null : levies.inForce(d);
                return new Rates(tariff, net, levy, version.gas());
            });
        }

        /** Adds an entry of {@code quarters} quarters' sums; only a single quarter can be priced dynamically. */
        private void add(Stretch s, long start, QuarterEnergy e, int quarters, int estimatedQuarters) {
            count += quarters;
            estimated += estimatedQuarters;
            offtake += e.imported();
            injection += e.exported();
            s.importDay += e.importDay();
            s.importNight += e.importNight();
            s.exportDay += e.exportDay();
            s.exportNight += e.exportNight();
            BigDecimal cost = null;
            if (quarters != 1 && (withQuarters || isDynamic(s.rates.tariff))) {
                throw new IllegalArgumentException("a dynamic price and a quarter's cost need single quarters, not the "
                        + "sums of " + quarters + " from " + Instant.ofEpochSecond(start));
            }
            if (s.rates.tariff instanceof FlemishTariff f) {
                BigDecimal offtakePrice = null;
                BigDecimal injectionPrice = null;
                boolean unpriced = false;
                if (f.offtake() instanceof EnergyPrice.Dynamic d && e.imported() > 0) {
                    long index = index(d.index(), start);
                    if (index == DayAheadPrices.UNKNOWN) {
                        unpriced = true;
                    } else {
                        s.dynamicOfftake.add(e.imported(), index);
                        s.dynamicOfftakeWh += e.imported();
                        offtakePrice = withQuarters ? d.perKwh(indexEuros(d.index(), index)) : null;
                    }
                }
                if (f.injection() instanceof EnergyPrice.Dynamic d && e.exported() > 0) {
                    long index = index(d.index(), start);
                    if (index == DayAheadPrices.UNKNOWN) {
                        unpriced = true;
                    } else {
                        s.dynamicInjection.add(e.exported(), index);
                        s.dynamicInjectionWh += e.exported();
                        injectionPrice = withQuarters ? d.perKwh(indexEuros(d.index(), index)) : null;
                    }
                }
                if (unpriced) {
                    withoutPrice++;
                }
                if (withQuarters) {
                    cost = quarterCost(f, s.rates, e, offtakePrice, injectionPrice);
                }
            } else if (withQuarters) {
                SimpleTariff t = (SimpleTariff) s.rates.tariff;
                cost = kwh(e.imported()).multiply(t.purchasePerKwh())
                        .subtract(kwh(e.exported()).multiply(t.injectionPerKwh()));
            }
            if (withQuarters) {
                quarterCosts.add(new QuarterCost(Instant.ofEpochSecond(start), cost.setScale(6, RoundingMode.HALF_UP)));
            }
        }

        /** The quarter's index in micro-euros per MWh; for the hourly index, four times that (a whole number). */
        private long index(PriceIndex index, long start) {
            return index == PriceIndex.QUARTER_HOUR ? prices.quarterIndexMicros(start)
                    : prices.hourIndexQuadMicros(start);
        }

        /** A quarter's energy, kWh network tariff and levies incl. VAT, less its injection. */
        private BigDecimal quarterCost(FlemishTariff f, Rates r, QuarterEnergy e, BigDecimal dynamicOfftake,
                                       BigDecimal dynamicInjection) {
            BigDecimal perKwh;
            if (f.offtake() instanceof EnergyPrice.Single p) {
                perKwh = p.perKwh();
            } else if (f.offtake() instanceof EnergyPrice.DayAndNight p) {
                perKwh = e.importDay() >= e.importNight() ? p.dayPerKwh() : p.nightPerKwh();
            } else {
                perKwh = dynamicOfftake == null ? BigDecimal.ZERO : dynamicOfftake;
            }
            perKwh = perKwh.add(f.greenCertificatesPerKwh()).add(f.chpPerKwh()).add(networkPerKwh(f, r.network))
                    .add(r.levy.excise().get(0).perKwh()).add(r.levy.energyContributionPerKwh());
            BigDecimal cost = kwh(e.imported()).multiply(perKwh).multiply(BigDecimal.ONE.add(r.levy.vatRate()));
            if (f.meter() == MeterKind.ANALOGUE_REVERSING) {
                return cost.subtract(kwh(e.exported()).multiply(perKwh)
                        .multiply(BigDecimal.ONE.add(r.levy.vatRate())));
            }
            BigDecimal paid;
            if (f.injection() instanceof EnergyPrice.Single p) {
                paid = p.perKwh();
            } else if (f.injection() instanceof EnergyPrice.DayAndNight p) {
                paid = e.exportDay() >= e.exportNight() ? p.dayPerKwh() : p.nightPerKwh();
            } else {
                paid = dynamicInjection == null ? BigDecimal.ZERO : dynamicInjection;
            }
            return cost.subtract(kwh(e.exported()).multiply(paid));
        }

        /**
         * The amounts that run per day: fixed fees, data management, capacity, prosumer, Energiefonds, on measured
         * days only; and gas, on the days with gas measured.
         */
        private void perDay() {
            LocalDate first = from.atZone(zone).toLocalDate();
            LocalDate last = to.minusNanos(1).atZone(zone).toLocalDate();
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                long start = day.atStartOfDay(zone).toEpochSecond();
                long end = day.plusDays(1).atStartOfDay(zone).toEpochSecond();
                long covered = Math.min(end, to.getEpochSecond()) - Math.max(start, from.getEpochSecond());
                if (covered <= 0) {
                    continue;
                }
                days++;
                BigDecimal dayShare = BigDecimal.valueOf(covered).divide(BigDecimal.valueOf(end - start), SCALE,
                        RoundingMode.HALF_UP);
                Rates r = rates(day);
                Long gasWh = gas.get(day);
                if (gasWh != null && r.gas != null) {
                    perYear(BillLineKind.GAS_FIXED_FEE, r.gas.fixedPerYear(), dayShare,
                            dayShare.divide(BigDecimal.valueOf(day.lengthOfYear()), SCALE, RoundingMode.HALF_UP));
                    perKwh(BillLineKind.GAS_ENERGY, gasWh, r.gas.perKwh(), true, 1);
                }
                boolean measured = daysWithQuarters.contains(day);
                if (measuredDaysOnly && !measured) {
                    continue;
                }
                if (r.tariff instanceof SimpleTariff && r.network != null) {
                    // an all-in kWh price holds no capacity tariff: the area's, at the month's rolling average
                    YearMonth month = YearMonth.from(day);
                    BigDecimal ofMonth = dayShare.divide(BigDecimal.valueOf(day.lengthOfMonth()), SCALE,
                            RoundingMode.HALF_UP);
                    CapacityAverage average = capacity.computeIfAbsent(month,
                            m -> CapacityAverage.of(m, peaks, CapacityRule.MEAN_OF_AVAILABLE));
                    perKw(BillLineKind.CAPACITY, average.kilowatts(), r.network.capacityPerKwYear(),
                            ofMonth.divide(TWELVE, SCALE, RoundingMode.HALF_UP));
                    continue;
                }
                if (!(r.tariff instanceof FlemishTariff f)) {
                    continue;
                }
                BigDecimal ofYear = dayShare.divide(BigDecimal.valueOf(day.lengthOfYear()), SCALE,
                        RoundingMode.HALF_UP);
                BigDecimal ofMonth = dayShare.divide(BigDecimal.valueOf(day.lengthOfMonth()), SCALE,
                        RoundingMode.HALF_UP);
                perYear(BillLineKind.SUPPLIER_FIXED_FEE, f.supplierFixedPerYear(), dayShare, ofYear);
                perYear(BillLineKind.DATA_MANAGEMENT, r.network.dataManagementPerYear(), dayShare, ofYear);
                YearMonth month = YearMonth.from(day);
                BigDecimal ofTwelfth = ofMonth.divide(TWELVE, SCALE, RoundingMode.HALF_UP);
                if (f.meter() == MeterKind.DIGITAL) {
                    if (!f.socialTariff()) {
                        CapacityAverage average = capacity.computeIfAbsent(month,
                                m -> CapacityAverage.of(m, peaks, f.capacityRule()));
                        BigDecimal amount = perKw(BillLineKind.CAPACITY, average.kilowatts(),
                                r.network.capacityPerKwYear(), ofTwelfth);
                        // the maximum tariff compares capacity with the offtake metered: a day without quarters
                        // (a gap, before the meter) has no offtake to compare with and pays its capacity whole
                        if (measured) {
                            cap(r.network)[0] = cap(r.network)[0].add(amount);
                        }
                    }
                } else {
                    if (!f.socialTariff()) {
                        perKw(BillLineKind.CAPACITY_FIXED, CapacityAverage.MINIMUM_KW, r.network.capacityPerKwYear(),
                                ofTwelfth);
                    }
                    if (f.meter() == MeterKind.ANALOGUE_REVERSING && f.inverterKw().signum() > 0) {
                        BigDecimal ofMonthlyShare = ofMonth.multiply(PROSUMER_MONTH_PERCENT[month.getMonthValue() - 1])
                                .movePointLeft(2);
                        perKw(BillLineKind.PROSUMER, f.inverterKw(), r.network.prosumerPerKwYear(), ofMonthlyShare);
                    }
                }
                if (!f.domiciled()) {
                    Sum s = sum(BillLineKind.ENERGIEFONDS, Unit.MONTH, r.levy.energiefondsPerMonth(),
                            RateUnit.EUR_PER_MONTH, false);
                    s.quantity = s.quantity.add(ofMonth);
                    s.share = BigDecimal.ONE;
                    s.amount = s.amount.add(r.levy.energiefondsPerMonth().multiply(ofMonth));
                }
                excise(r.levy)[1] = excise(r.levy)[1].add(ofYear);
            }
        }

        private void perYear(BillLineKind kind, BigDecimal perYear, BigDecimal days, BigDecimal ofYear) {
            if (perYear.signum() == 0) {
                return;
            }
            Sum s = sum(kind, Unit.DAY, perYear, RateUnit.EUR_PER_YEAR, true);
            s.quantity = s.quantity.add(days);
            s.share = s.share.add(ofYear);
            s.amount = s.amount.add(perYear.multiply(ofYear));
        }

        /** Adds kW × €/kW/year × share; the line's quantity becomes the share-weighted mean kW. */
        private BigDecimal perKw(BillLineKind kind, BigDecimal kw, BigDecimal perKwYear, BigDecimal share) {
            Sum s = sum(kind, Unit.KW, perKwYear, RateUnit.EUR_PER_KW_YEAR, true);
            BigDecimal amount = kw.multiply(perKwYear).multiply(share);
            s.quantity = s.quantity.add(kw.multiply(share));
            s.share = s.share.add(share);
            s.amount = s.amount.add(amount);
            return amount;
        }

        private BigDecimal[] cap(NetworkTariff t) {
            return capped.computeIfAbsent(t, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
        }

        private BigDecimal[] excise(LevySet l) {
            return excise.computeIfAbsent(l, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
        }

        /** Turns one stretch's sums into per-kWh lines. */
        private void close(Stretch s) {
            if (s.rates.tariff instanceof SimpleTariff t) {
                perKwh(BillLineKind.OFFTAKE_ALL_IN, s.importDay + s.importNight, t.purchasePerKwh(), false, 1);
                perKwh(BillLineKind.INJECTION_ALL_IN, s.exportDay + s.exportNight, t.injectionPerKwh(), false, -1);
                return;
            }
            FlemishTariff f = (FlemishTariff) s.rates.tariff;
            boolean reversing = f.meter() == MeterKind.ANALOGUE_REVERSING;
            long day = reversing ? Math.max(0, s.importDay - s.exportDay) : s.importDay;
            long night = reversing ? Math.max(0, s.importNight - s.exportNight) : s.importNight;
            long base = day + night;
            if (f.offtake() instanceof EnergyPrice.Single p) {
                perKwh(BillLineKind.ENERGY, base, p.perKwh(), true, 1);
            } else if (f.offtake() instanceof EnergyPrice.DayAndNight p) {
                perKwh(BillLineKind.ENERGY_DAY, day, p.dayPerKwh(), true, 1);
                perKwh(BillLineKind.ENERGY_NIGHT, night, p.nightPerKwh(), true, 1);
            } else if (s.dynamicOfftakeWh > 0) {
                dynamic(BillLineKind.ENERGY_DYNAMIC, s.dynamicOfftakeWh,
                        dynamicAmount((EnergyPrice.Dynamic) f.offtake(), s.dynamicOfftakeWh, s.dynamicOfftake), true);
            }
            perKwh(BillLineKind.GREEN_CERTIFICATES, base, f.greenCertificatesPerKwh(), true, 1);
            perKwh(BillLineKind.CHP, base, f.chpPerKwh(), true, 1);
            BigDecimal networkAmount = perKwh(BillLineKind.NETWORK_KWH, base, networkPerKwh(f, s.rates.network),
                    true, 1);
            BigDecimal[] cap = cap(s.rates.network);
            cap[1] = cap[1].add(networkAmount);
            cap[2] = cap[2].add(BigDecimal.valueOf(base));
            excise(s.rates.levy)[0] = excise(s.rates.levy)[0].add(BigDecimal.valueOf(base));
            perKwh(BillLineKind.ENERGY_CONTRIBUTION, base, s.rates.levy.energyContributionPerKwh(), true, 1);
            if (reversing) {
                return;
            }
            if (f.injection() instanceof EnergyPrice.Single p) {
                perKwh(BillLineKind.INJECTION, s.exportDay + s.exportNight, p.perKwh(), false, -1);
            } else if (f.injection() instanceof EnergyPrice.DayAndNight p) {
                perKwh(BillLineKind.INJECTION_DAY, s.exportDay, p.dayPerKwh(), false, -1);
                perKwh(BillLineKind.INJECTION_NIGHT, s.exportNight, p.nightPerKwh(), false, -1);
            } else if (s.dynamicInjectionWh > 0) {
                dynamic(BillLineKind.INJECTION_DYNAMIC, s.dynamicInjectionWh, dynamicAmount(
                        (EnergyPrice.Dynamic) f.injection(), s.dynamicInjectionWh, s.dynamicInjection).negate(), false);
            }
        }

        private BigDecimal networkPerKwh(FlemishTariff f, NetworkTariff t) {
            if (f.meter() == MeterKind.DIGITAL) {
                return t.perKwh();
            }
            if (t.analoguePerKwh() == null) {
                throw new MissingNetworkTariffException(t.area(), t.validFrom());
            }
            return t.analoguePerKwh();
        }

        /** Adds Wh at a rate per kWh; {@code sign} -1 for a credit. Returns the exact amount added. */
        private BigDecimal perKwh(BillLineKind kind, long wh, BigDecimal rate, boolean vat, int sign) {
            if (wh == 0 || rate.signum() == 0) {
                return BigDecimal.ZERO;
            }
            Sum s = sum(kind, Unit.KWH, rate, RateUnit.EUR_PER_KWH, vat);
            BigDecimal amount = kwh(wh).multiply(rate);
            if (sign < 0) {
                amount = amount.negate();
            }
            s.quantity = s.quantity.add(kwh(wh));
            s.share = BigDecimal.ONE;
            s.amount = s.amount.add(amount);
            return amount;
        }

        private void dynamic(BillLineKind kind, long wh, BigDecimal amount, boolean vat) {
            Sum s = sum(kind, Unit.KWH, null, RateUnit.EUR_PER_KWH, vat);
            s.quantity = s.quantity.add(kwh(wh));
            s.share = BigDecimal.ONE;
            s.amount = s.amount.add(amount);
        }

        private Sum sum(BillLineKind kind, Unit unit, BigDecimal rate, RateUnit rateUnit, boolean vat) {
            return sums.computeIfAbsent(new SumKey(kind, rate == null ? null : rate.stripTrailingZeros()),
                    k -> new Sum(kind, unit, rate, rateUnit, vat));
        }

        private Bill make() {
            exciseLines();
            var lines = new ArrayList<BillLine>();
            var order = new EnumMap<BillLineKind, List<BillLine>>(BillLineKind.class);
            for (Sum s : sums.values()) {
                order.computeIfAbsent(s.kind, k -> new ArrayList<>()).add(line(s));
            }
            maximumTariff(order);
            BigDecimal vatBase = BigDecimal.ZERO;
            BigDecimal allIn = BigDecimal.ZERO;
            BigDecimal withoutVat = BigDecimal.ZERO;
            for (List<BillLine> ofKind : order.values()) {
                for (BillLine l : ofKind) {
                    lines.add(l);
                    if (l.vatApplies()) {
                        vatBase = vatBase.add(l.amount());
                    } else {
                        withoutVat = withoutVat.add(l.amount());
                        if (l.kind() == BillLineKind.OFFTAKE_ALL_IN) {
                            allIn = allIn.add(l.amount());
                        }
                    }
                }
            }
            BigDecimal vatRate = vatRate();
            BigDecimal vat = cents(vatBase.multiply(vatRate));
            if (vat.signum() != 0) {
                lines.add(new BillLine(BillLineKind.VAT, vatBase, Unit.EURO, vatRate, RateUnit.FRACTION,
                        BigDecimal.ONE, vat, false));
            }
            BigDecimal exclVat = vatBase.add(withoutVat);
            if (allIn.signum() != 0) {
                // all-in prices hold VAT already: show it, and take it out of the total excl. VAT
                BigDecimal inside = allIn.subtract(cents(allIn.divide(BigDecimal.ONE.add(vatRate), SCALE,
                        RoundingMode.HALF_UP)));
                lines.add(new BillLine(BillLineKind.VAT_INCLUDED, allIn, Unit.EURO, vatRate, RateUnit.FRACTION,
                        BigDecimal.ONE, inside, false));
                exclVat = exclVat.subtract(inside);
                vat = vat.add(inside);
            }
            return new Bill(from, to, lines, exclVat, vat, exclVat.add(vat), offtake, injection, count, estimated,
                    withoutPrice, List.copyOf(capacity.values()), quarterCosts, coverage());
        }

        private Coverage coverage() {
            LocalDate first = null;
            LocalDate last = null;
            for (LocalDate d : daysWithQuarters) {
                first = first == null || d.isBefore(first) ? d : first;
                last = last == null || d.isAfter(last) ? d : last;
            }
            return new Coverage(days, daysWithQuarters.size(), first, last);
        }

        private BigDecimal vatRate() {
            for (Stretch s : stretches.values()) {
                if (s.rates.levy != null) {
                    return s.rates.levy.vatRate();
                }
            }
            return levies.inForce(from.atZone(zone).toLocalDate()).vatRate();
        }

        /** The excise, bracket by bracket, on the offtake under each levy set, brackets scaled to the bill's part of a year. */
        private void exciseLines() {
            for (Map.Entry<LevySet, BigDecimal[]> e : excise.entrySet()) {
                BigDecimal offtakeWh = e.getValue()[0];
                BigDecimal ofYear = e.getValue()[1];
                List<ExciseBracket> brackets = e.getKey().excise();
                for (int i = 0; i < brackets.size(); i++) {
                    BigDecimal lower = BigDecimal.valueOf(brackets.get(i).fromKwh()).multiply(THOUSAND).multiply(ofYear);
                    BigDecimal upper = i + 1 < brackets.size()
                            ? BigDecimal.valueOf(brackets.get(i + 1).fromKwh()).multiply(THOUSAND).multiply(ofYear)
                            : null;
                    BigDecimal in = offtakeWh.subtract(lower);
                    if (upper != null) {
                        in = in.min(upper.subtract(lower));
                    }
                    if (in.signum() <= 0) {
                        break;
                    }
                    BigDecimal rate = brackets.get(i).perKwh();
                    Sum s = sum(BillLineKind.EXCISE, Unit.KWH, rate, RateUnit.EUR_PER_KWH, true);
                    BigDecimal kwh = in.divide(THOUSAND);
                    s.quantity = s.quantity.add(kwh);
                    s.share = BigDecimal.ONE;
                    s.amount = s.amount.add(kwh.multiply(rate));
                }
            }
        }

        /**
         * Where capacity plus kWh network tariff exceed the maximum tariff × offtake, a line brings them down to it:
         * the rounded lines then add up to the rounded cap.
         */
        private void maximumTariff(Map<BillLineKind, List<BillLine>> order) {
            BigDecimal reduction = BigDecimal.ZERO;
            BigDecimal cappedKwh = BigDecimal.ZERO;
            BigDecimal rate = null;
            for (Map.Entry<NetworkTariff, BigDecimal[]> e : capped.entrySet()) {
                BigDecimal max = e.getKey().maximumPerKwh();
                if (max == null) {
                    continue;
                }
                BigDecimal kwh = e.getValue()[2].divide(THOUSAND);
                BigDecimal over = e.getValue()[0].add(e.getValue()[1]).subtract(max.multiply(kwh));
                if (over.signum() > 0) {
                    reduction = reduction.subtract(over);
                    cappedKwh = cappedKwh.add(kwh);
                    rate = max;
                }
            }
            if (rate == null) {
                return;
            }
            BigDecimal exactCharged = BigDecimal.ZERO;
            for (Sum s : sums.values()) {
                if (s.kind == BillLineKind.CAPACITY || s.kind == BillLineKind.NETWORK_KWH) {
                    exactCharged = exactCharged.add(s.amount);
                }
            }
            // rounded so that capacity, kWh tariff and this line add up to the capped total, rounded once
            BigDecimal line = cents(exactCharged.add(reduction)).subtract(total(order.get(BillLineKind.CAPACITY)))
                    .subtract(total(order.get(BillLineKind.NETWORK_KWH)));
            if (line.signum() >= 0) {
                return;     // over by less than the rounding of the lines themselves
            }
            order.put(BillLineKind.MAXIMUM_TARIFF, List.of(new BillLine(BillLineKind.MAXIMUM_TARIFF, cappedKwh,
                    Unit.KWH, rate, RateUnit.EUR_PER_KWH, BigDecimal.ONE, line, true)));
        }

        private BillLine line(Sum s) {
            BigDecimal rate = s.rate;
            if (rate == null) {
                // the price per kWh: what was paid for offtake, what was earned for injection; either can be negative
                BigDecimal paid = s.kind == BillLineKind.INJECTION_DYNAMIC ? s.amount.negate() : s.amount;
                rate = s.quantity.signum() == 0 ? BigDecimal.ZERO
                        : paid.divide(s.quantity, 7, RoundingMode.HALF_UP);
            }
            BigDecimal quantity = s.quantity;
            if (s.unit == Unit.KW && s.share.signum() != 0) {
                quantity = s.quantity.divide(s.share, 3, RoundingMode.HALF_UP);
            } else if (s.unit == Unit.KWH) {
                quantity = quantity.setScale(3, RoundingMode.HALF_UP);
            } else if (s.unit == Unit.DAY || s.unit == Unit.MONTH) {
                quantity = quantity.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
            }
            return new BillLine(s.kind, quantity, s.unit, rate, s.rateUnit,
                    s.share.setScale(8, RoundingMode.HALF_UP).stripTrailingZeros(), cents(s.amount), s.vat);
        }
    }

    /**
     * Σ kWh × (factor × index + offset) over a stretch's quarters, as factor × Σ(Wh × index) + offset × Σ Wh: the
     * same sum, exactly, without a BigDecimal per quarter.
     */
    private static BigDecimal dynamicAmount(EnergyPrice.Dynamic price, long wh, WeightedSum weighted) {
        BigDecimal divisor = price.index() == PriceIndex.QUARTER_HOUR ? QUARTER_DIVISOR : HOUR_DIVISOR;
        return price.factor().multiply(weighted.value()).divide(divisor)
                .add(price.offset().multiply(kwh(wh)));
    }

    /** Whether the tariff prices a kWh by the day-ahead index. */
    public static boolean isDynamic(Tariff tariff) {
        return tariff instanceof FlemishTariff f
                && (f.offtake() instanceof EnergyPrice.Dynamic || f.injection() instanceof EnergyPrice.Dynamic);
    }

    /** The index from its micro-euro form back to €/MWh. */
    private static BigDecimal indexEuros(PriceIndex index, long micros) {
        BigDecimal euros = BigDecimal.valueOf(micros, 6);
        return index == PriceIndex.QUARTER_HOUR ? euros : euros.divide(BigDecimal.valueOf(4));
    }

    /** A sum of Wh × micro-euros per MWh in a long, moving to a BigDecimal only if it would overflow. */
    private static final class WeightedSum {
        private long sum;
        private BigDecimal spilled = BigDecimal.ZERO;

        void add(long wh, long micros) {
            try {
                sum = Math.addExact(sum, Math.multiplyExact(wh, micros));
            } catch (ArithmeticException e) {
                spilled = spilled.add(BigDecimal.valueOf(sum)).add(BigDecimal.valueOf(wh).multiply(BigDecimal.valueOf(micros)));
                sum = 0;
            }
        }

        BigDecimal value() {
            return spilled.add(BigDecimal.valueOf(sum));
        }
    }

    private static BigDecimal total(List<BillLine> lines) {
        BigDecimal sum = BigDecimal.ZERO;
        if (lines != null) {
            for (BillLine l : lines) {
                sum = sum.add(l.amount());
            }
        }
        return sum;
    }

    private static BigDecimal kwh(long wh) {
        return BigDecimal.valueOf(wh, 3);
    }

    static BigDecimal cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }
}
