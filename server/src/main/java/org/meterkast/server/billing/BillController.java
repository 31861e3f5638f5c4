package org.meterkast.server.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.meterkast.energy.bill.Bill;
import org.meterkast.energy.bill.BillLine;
import org.meterkast.energy.bill.Coverage;
import org.meterkast.energy.bill.QuarterCost;
import org.meterkast.energy.tariff.CapacityAverage;
import org.meterkast.energy.tariff.TariffHistory;
import org.meterkast.energy.tariff.TariffVersion;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.tariff.TariffForm;
import org.meterkast.server.web.BadParameterException;
import org.meterkast.server.web.Parameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a location's electricity cost: the bill of a period with its lines, the same period under other tariffs,
 * each month's net offtake with its cost, and the capacity tariff month by month. Periods are given as Brussels
 * dates ({@code 2026-02-01}, the end excluded) or as instants.
 */
@RestController
@RequestMapping("/api/meters/{id}")
public class BillController {
    /** Another tariff to cost the same period under, by a name the user chooses. */
    record Alternative(String name, TariffForm tariff) {
    }

    /** The what-if question: this period, under these tariffs instead of the location's own. */
    record Comparison(String from, String to, List<Alternative> alternatives) {
    }

    /** One answer of the comparison: the total and how much more (positive) or less than the location's own. */
    record ComparedBill(String name, BigDecimal totalInclVat, BigDecimal totalExclVat,
                        BigDecimal differenceInclVat, Bill bill) {
    }

    /** The comparison's answers, cheapest first; "current" is the location's own tariff. */
    record ComparisonView(Instant from, Instant to, String cheapest, List<ComparedBill> bills) {
    }

    /**
     * The bill of {@code /bill}: {@link Bill}'s fields, with what it covers. Only measured days pay the amounts per
     * day; a period without any measured day has no bill: {@code noData} true, and no lines nor totals (null).
     */
    record BillView(Instant from, Instant to, List<BillLine> lines, BigDecimal totalExclVat, BigDecimal vat,
                    BigDecimal totalInclVat, long offtakeWh, long injectionWh, long netOfftakeWh, int quarters,
                    int estimatedQuarters, int quartersWithoutPrice, List<CapacityAverage> capacity,
                    List<QuarterCost> quarterCosts, Coverage coverage, boolean noData) {
        static BillView of(Bill b) {
            boolean none = b.coverage().noData();
            return new BillView(b.from(), b.to(), none ? null : b.lines(), none ? null : b.totalExclVat(),
                    none ? null : b.vat(), none ? null : b.totalInclVat(), b.offtakeWh(), b.injectionWh(),
                    b.netOfftakeWh(), b.quarters(), b.estimatedQuarters(), b.quartersWithoutPrice(),
                    none ? null : b.capacity(), none ? null : b.quarterCosts(), b.coverage(), none);
        }
    }

    private final BillService bills;
    private final MeterRepository meters;

    BillController(BillService bills, MeterRepository meters) {
        this.bills = bills;
        this.meters = meters;
    }

    @GetMapping("/bill")
    BillView bill(@PathVariable("id") String id, @RequestParam("from") String from, @RequestParam("to") String to,
                  @RequestParam(name = "quarters", defaultValue = "false") boolean withQuarters) {
        Meter meter = meters.require(id);
        Parameters.Period period = Parameters.period(from, to, Parameters.LONGEST_RANGE);
        return BillView.of(bills.bills(meter, period.from(), period.to(), List.of(bills.history(meter)),
                withQuarters).get(0));
    }

    @PostMapping("/bill/compare")
    ComparisonView compare(@PathVariable("id") String id, @RequestBody Comparison body) {
        Meter meter = meters.require(id);
        Parameters.Period period = Parameters.period(body.from(), body.to(), Parameters.LONGEST_RANGE);
        List<Alternative> alternatives = body.alternatives() == null ? List.of() : body.alternatives();
        if (alternatives.isEmpty() || alternatives.size() > 10) {
            throw new BadParameterException("alternatives", "error.compare.count", Integer.toString(alternatives.size()));
        }
        var histories = new ArrayList<TariffHistory>();
        histories.add(bills.history(meter));
        for (int i = 0; i < alternatives.size(); i++) {
            TariffForm form = alternatives.get(i).tariff();
            if (form == null) {
                throw new BadParameterException("alternatives[" + i + "].tariff", "error.tariff.missing",
                        "alternatives[" + i + "].tariff");
            }
            histories.add(new TariffHistory(List.of(new TariffVersion(LocalDate.MIN, form.toTariff(),
                    form.gasTariff()))));
        }
        List<Bill> costed = bills.bills(meter, period.from(), period.to(), histories, false);
        BigDecimal own = costed.get(0).totalInclVat();
        var answers = new ArrayList<ComparedBill>();
        for (int i = 0; i < costed.size(); i++) {
            Bill b = costed.get(i);
            String name = i == 0 ? "current" : nameOf(alternatives.get(i - 1), i);
            answers.add(new ComparedBill(name, b.totalInclVat(), b.totalExclVat(), b.totalInclVat().subtract(own), b));
        }
        answers.sort(Comparator.comparing(ComparedBill::totalInclVat));
        return new ComparisonView(period.from(), period.to(), answers.get(0).name(), answers);
    }

    /** The month in progress: the bill so far and foreseen to the month's end. */
    @GetMapping("/bill/forecast")
    BillService.MonthForecast forecast(@PathVariable("id") String id) {
        return bills.forecast(meters.require(id));
    }

    /** Each month's net offtake and cost, {@code from} to {@code to} as {@code YYYY-MM}, both included. */
    @GetMapping("/costs/months")
    public List<BillService.MonthCost> months(@PathVariable("id") String id, @RequestParam("from") String from,
                                       @RequestParam("to") String to) {
        Meter meter = meters.require(id);
        YearMonth first = month("from", from);
        YearMonth last = month("to", to);
        if (last.isBefore(first) || first.plusMonths(120).isBefore(last)) {
            throw new BadParameterException("to", "error.range.months", from, to);
        }
        return bills.months(meter, first, last);
    }

    /** The capacity tariff for the {@code months} months ending with {@code to} ({@code YYYY-MM}). */
    @GetMapping("/capacity")
    List<BillService.CapacityMonth> capacity(@PathVariable("id") String id, @RequestParam("to") String to,
                                             @RequestParam(name = "months", defaultValue = "13") int months) {
        Meter meter = meters.require(id);
        if (months < 1 || months > 120) {
            throw new BadParameterException("months", "error.range.months", Integer.toString(months), to);
        }
        return bills.capacity(meter, month("to", to), months);
    }

    private static String nameOf(Alternative alternative, int index) {
        return alternative.name() == null || alternative.name().isBlank() ? "alternative " + index : alternative.name();
    }

    private static YearMonth month(String parameter, String value) {
        try {
            return YearMonth.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadParameterException(parameter, "error.parameter.not-month", parameter, value);
        }
    }
}
