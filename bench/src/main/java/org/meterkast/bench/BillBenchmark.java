package org.meterkast.bench;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.meterkast.energy.bill.Bill;
import org.meterkast.energy.bill.BillCalculator;
import org.meterkast.energy.price.DayAheadPrice;
import org.meterkast.energy.price.DayAheadPrices;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.energy.tariff.DayNightSchedule;
import org.meterkast.energy.tariff.DayNight;
import org.meterkast.energy.tariff.DistributionArea;
import org.meterkast.energy.tariff.EnergyPrice;
import org.meterkast.energy.tariff.FlemishTariff;
import org.meterkast.energy.tariff.MonthlyPeaks;
import org.meterkast.energy.tariff.PriceIndex;
import org.meterkast.energy.tariff.TariffHistory;
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

/**
 * The bill calculator alone on a year of one location (2026: 35,040 quarters with offtake and injection): a
 * dynamic formula on the quarter-hour index, the same with each quarter's cost listed, and a day/night contract.
 * The server's one-year bill adds reading the quarters, peaks and prices (the BillLatency load driver).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BillBenchmark {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    private final BillCalculator calculator = BillCalculator.shipped();
    private List<ClosedQuarter> quarters;
    private Map<YearMonth, Long> peaks;
    private DayAheadPrices prices;
    private Instant from;
    private Instant to;
    private TariffHistory dynamic;
    private TariffHistory dayNight;

    @Setup
    public void setUp() {
        from = LocalDate.of(2026, 1, 1).atStartOfDay(BRUSSELS).toInstant();
        to = LocalDate.of(2027, 1, 1).atStartOfDay(BRUSSELS).toInstant();
        var random = new SplittableRandom(2026);
        quarters = new ArrayList<>();
        var priceList = new ArrayList<DayAheadPrice>();
        for (Quarter q = Quarter.containing(from); q.start().isBefore(to); q = q.plus(1)) {
            int hour = q.start().atZone(BRUSSELS).getHour();
            boolean sun = hour >= 9 && hour < 17;
            long imported = sun ? random.nextLong(0, 60) : random.nextLong(40, 400);
            long exported = sun ? random.nextLong(0, 900) : 0;
            boolean day = DayNightSchedule.STANDARD.at(q.start(), BRUSSELS) == DayNight.DAY;
            quarters.add(new ClosedQuarter(q, 0, new QuarterEnergy(day ? imported : 0, day ? 0 : imported,
                    day ? exported : 0, day ? 0 : exported), false));
            priceList.add(new DayAheadPrice(q.start(), DayAheadPrice.QUARTER,
                    BigDecimal.valueOf(random.nextLong(-2000, 25000), 2)));
        }
        prices = DayAheadPrices.of(priceList);
        peaks = MonthlyPeaks.of(quarters, BRUSSELS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().watts()));
        dynamic = TariffHistory.of(FlemishTariff.digital(DistributionArea.IMEWO,
                new EnergyPrice.Dynamic(PriceIndex.QUARTER_HOUR, new BigDecimal("0.001039"), new BigDecimal("0.008702")),
                new EnergyPrice.Dynamic(PriceIndex.QUARTER_HOUR, new BigDecimal("0.001"), new BigDecimal("-0.013135"))));
        dayNight = TariffHistory.of(FlemishTariff.digital(DistributionArea.IMEWO,
                new EnergyPrice.DayAndNight(new BigDecimal("0.145"), new BigDecimal("0.115")),
                new EnergyPrice.Single(new BigDecimal("0.02"))));
        Bill check = dynamicYear();
        if (check.quarters() != 35_040 || check.quartersWithoutPrice() != 0) {
            throw new IllegalStateException("the year has " + check.quarters() + " quarters, "
                    + check.quartersWithoutPrice() + " without a price");
        }
    }

    @Benchmark
    public Bill dynamicYear() {
        return calculator.bill(dynamic, from, to, quarters, peaks, prices, false);
    }

    @Benchmark
    public Bill dynamicYearWithQuarterCosts() {
        return calculator.bill(dynamic, from, to, quarters, peaks, prices, true);
    }

    @Benchmark
    public Bill dayNightYear() {
        return calculator.bill(dayNight, from, to, quarters, peaks, DayAheadPrices.NONE, false);
    }
}
