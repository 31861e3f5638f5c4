package org.meterkast.energy.advice;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.meterkast.energy.bill.Coverage;

/**
 * The hours of the day when solar surplus usually goes to the grid, and which flexible appliances could run there.
 *
 * <p>Over the {@value #DAYS} local days ending with {@code lastDay}, an hour of the day (local clock hour, 0–23) is
 * a surplus hour when its injection reached {@value #THRESHOLD_WH} Wh on at least half of the days measured. Its
 * typical surplus is the median of its injection over those days (the upper one for an even count, so that it is
 * never below the threshold of an hour that reached it on exactly half the days). Surplus hours
 * that follow each other make a window; an appliance fits when one run takes no more than the best window's typical
 * surplus. Moving a run there saves its kWh × (offtake price − injection price): the energy is no longer bought, and
 * no longer sold at the injection price.
 *
 * <p>On the day summer time ends the hour from 02:00 happens twice and counts both; on the day it starts there is no
 * 02:00 hour, which counts as no injection: neither is a solar hour.
 *
 * @param hours   each surplus hour with how often it reached the threshold and its typical surplus
 * @param windows consecutive surplus hours, the best (largest typical surplus) first
 * @param moves   the appliances whose run fits the best window, with what a move saves; empty without a window
 * @param offtakePerKwh   the price of a kWh bought, incl. VAT; null when unknown (no saving is given then)
 * @param injectionPerKwh the price of a kWh injected; null when unknown
 */
public record SurplusHours(String key, List<Hour> hours, List<Window> windows, List<Move> moves,
                           BigDecimal offtakePerKwh, BigDecimal injectionPerKwh, Coverage coverage)
        implements Advice {
    public static final int DAYS = 30;
    /**
     * 500 Wh in an hour, 500 W on average: a washing machine heats at 2–3 kW for about a quarter of an hour, some
     * 0.6 kWh; an hour with less surplus than that covers little of any appliance's run.
     */
    public static final long THRESHOLD_WH = 500;

    public static final String KEY = "advice.surplus.hours";
    public static final String KEY_NONE = "advice.surplus.none";
    public static final String KEY_NO_SOLAR = "advice.surplus.noSolar";

    /** A clock hour, [hour:00, hour+1:00), that was a surplus hour on {@code daysAbove} of {@code daysMeasured}. */
    public record Hour(int hour, int daysAbove, int daysMeasured, long typicalWh) {
    }

    /** Surplus hours [fromHour:00, toHour:00) in a row and the sum of their typical surplus, Wh. */
    public record Window(int fromHour, int toHour, long typicalWh) {
    }

    /** An appliance that fits the best window; {@code savingPerRun} in €, null when the prices are unknown. */
    public record Move(String appliance, long whPerRun, BigDecimal savingPerRun) {
    }

    public SurplusHours {
        hours = List.copyOf(hours);
        windows = List.copyOf(windows);
        moves = List.copyOf(moves);
    }

    /**
     * The surplus hours of the {@value #DAYS} days ending with {@code lastDay}, from quarters in and around them
     * (others are left out).
     */
    public static SurplusHours of(LocalDate lastDay, ZoneId zone, List<QuarterFlow> flows,
                                  List<FlexibleAppliance> appliances, BigDecimal offtakePerKwh,
                                  BigDecimal injectionPerKwh) {
        LocalDate firstDay = lastDay.minusDays(DAYS - 1L);
        Map<LocalDate, long[]> days = new HashMap<>();
        var counted = new ArrayList<QuarterFlow>();
        for (QuarterFlow f : flows) {
            ZonedDateTime at = f.start().atZone(zone);
            LocalDate day = at.toLocalDate();
            if (day.isBefore(firstDay) || day.isAfter(lastDay)) {
                continue;
            }
            counted.add(f);
            days.computeIfAbsent(day, d -> new long[24])[at.getHour()] += f.exportWh();
        }
        Coverage coverage = MonthQuarters.coverage(DAYS, counted, zone);
        if (days.isEmpty()) {
            return new SurplusHours(NO_DATA, List.of(), List.of(), List.of(), offtakePerKwh, injectionPerKwh,
                    coverage);
        }
        if (counted.stream().allMatch(f -> f.exportWh() == 0)) {
            return new SurplusHours(KEY_NO_SOLAR, List.of(), List.of(), List.of(), offtakePerKwh, injectionPerKwh,
                    coverage);
        }
        int measured = days.size();
        var hours = new ArrayList<Hour>();
        for (int h = 0; h < 24; h++) {
            long[] exported = new long[measured];
            int above = 0;
            int i = 0;
            for (long[] day : days.values()) {
                exported[i++] = day[h];
                if (day[h] >= THRESHOLD_WH) {
                    above++;
                }
            }
            if (above * 2 >= measured) {
                Arrays.sort(exported);
                hours.add(new Hour(h, above, measured, exported[measured / 2]));
            }
        }
        List<Window> windows = windows(hours);
        if (windows.isEmpty()) {
            return new SurplusHours(KEY_NONE, hours, windows, List.of(), offtakePerKwh, injectionPerKwh, coverage);
        }
        long best = windows.get(0).typicalWh();
        var moves = new ArrayList<Move>();
        for (FlexibleAppliance a : appliances) {
            if (a.whPerRun() <= best) {
                moves.add(new Move(a.key(), a.whPerRun(), saving(a.whPerRun(), offtakePerKwh, injectionPerKwh)));
            }
        }
        return new SurplusHours(KEY, hours, windows, moves, offtakePerKwh, injectionPerKwh, coverage);
    }

    private static List<Window> windows(List<Hour> hours) {
        var windows = new ArrayList<Window>();
        int i = 0;
        while (i < hours.size()) {
            int from = hours.get(i).hour();
            long sum = 0;
            int to = from;
            while (i < hours.size() && hours.get(i).hour() == to) {
                sum += hours.get(i).typicalWh();
                to++;
                i++;
            }
            windows.add(new Window(from, to, sum));
        }
        windows.sort((a, b) -> Long.compare(b.typicalWh(), a.typicalWh()));
        return windows;
    }

    /** Wh ÷ 1000 × (offtake − injection), to the cent; null when a price is unknown. */
    static BigDecimal saving(long wh, BigDecimal offtakePerKwh, BigDecimal injectionPerKwh) {
        if (offtakePerKwh == null || injectionPerKwh == null) {
            return null;
        }
        return BigDecimal.valueOf(wh, 3).multiply(offtakePerKwh.subtract(injectionPerKwh))
                .setScale(2, RoundingMode.HALF_UP);
    }
}
