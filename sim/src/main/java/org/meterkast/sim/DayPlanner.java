package org.meterkast.sim;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.meterkast.sim.DayPlan.Draw;
import org.meterkast.sim.DayPlan.Run;
import org.meterkast.sim.DayPlan.Session;

/**
 * Draws a day of the household from the seed and the date: when people get up, leave, come home and go to bed
 * (weekdays, home-office days and weekends differ), and from that what runs when. Every appliance draws from
 * its own hashed stream, so changing one leaves the others' schedules as they were.
 */
final class DayPlanner {
    private static final int H = 3600;
    private static final int M = 60;
    private static final int DAY = BrusselsTime.SECONDS_PER_DAY;

    // appliance streams
    private static final int KETTLE = 1;
    private static final int BREAKFAST = 2;
    private static final int LUNCH = 3;
    private static final int DINNER = 4;
    private static final int OVEN = 5;
    private static final int EVENING = 6;
    private static final int SCREENS = 7;
    private static final int LIGHTS = 8;
    private static final int WASHER = 9;
    private static final int DISHWASHER = 10;
    private static final int CHORES = 11;

    private final HouseholdSettings settings;
    private final Weather weather;

    DayPlanner(HouseholdSettings settings, Weather weather) {
        this.settings = settings;
        this.weather = weather;
    }

    /** When the household is up and at home: {@code [wake, leave)} and {@code [back, bed)}. */
    private record Occupancy(int wake, int leave, int back, int bed, boolean homeOffice, boolean weekend) {
        boolean homeAllDay() {
            return leave == back;
        }

        /** A random second at which someone is at home and awake. */
        int anyAwakeSecond(SplittableRandom r) {
            int morning = leave - wake;
            int evening = bed - back;
            int pick = r.nextInt(morning + evening);
            return pick < morning ? wake + pick : back + pick - morning;
        }
    }

    DayPlan plan(long day) {
        DayOfWeek dow = LocalDate.ofEpochDay(day).getDayOfWeek();
        boolean weekend = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
        Occupancy o = occupancy(day, weekend);
        List<Run> runs = new ArrayList<>(40);
        List<Draw> draws = new ArrayList<>(48);
        boolean water = settings.water().isPresent();

        SplittableRandom r = stream(day, KETTLE);
        runs.add(run(o.wake + 300 + r.nextInt(900), 120 + r.nextInt(80), 2_000, DayPlan.L2));
        if (r.nextInt(100) < 60 && o.bed > 20 * H + 30 * M) {
            runs.add(run(20 * H + r.nextInt(o.bed - 20 * H - 15 * M), 150, 2_000, DayPlan.L2));
        }

        r = stream(day, BREAKFAST);
        if (!weekend && r.nextInt(100) < 70) {
            runs.add(run(o.wake + 600 + r.nextInt(300), 50, 1_300, DayPlan.L2));     // coffee machine
        }
        if (r.nextInt(100) < 40) {
            runs.add(run(o.wake + 900 + r.nextInt(600), 150, 850, DayPlan.L2));      // toaster
        }
        if (r.nextInt(100) < 40) {
            runs.add(run(o.wake + 1_500 + r.nextInt(900), 240, 1_600, DayPlan.L3));  // hair dryer
        }

        r = stream(day, LUNCH);
        if (o.homeAllDay() || weekend) {
            int lunch = 12 * H + r.nextInt(45 * M);
            if (r.nextInt(100) < 60) {
                runs.add(run(lunch, 150 + r.nextInt(150), 1_000, DayPlan.L2));        // microwave
            }
            if (r.nextInt(100) < 50) {
                runs.add(run(lunch + 900, 150, 2_000, DayPlan.L2));
            }
        }

        r = stream(day, DINNER);
        int dinner = Math.min(19 * H + 30 * M, Math.max(17 * H + 45 * M, o.back + 20 * M + r.nextInt(20 * M)));
        if (o.homeAllDay()) {
            dinner = 18 * H + r.nextInt(H);
        }
        int cooking = 25 * M + r.nextInt(25 * M);
        runs.add(cycling(dinner, cooking, 1_800, DayPlan.L2, 60, 36));                // hob, thermostat 60 %
        runs.add(run(dinner, cooking, 150, DayPlan.L2));                              // cooker hood
        if (r.nextInt(100) < 30) {
            runs.add(run(dinner + cooking - 300, 120, 1_000, DayPlan.L2));
        }
        int eaten = dinner + cooking + 35 * M;

        r = stream(day, OVEN);
        if (r.nextInt(100) < (weekend ? 60 : 35)) {
            int start = dinner - 15 * M;
            runs.add(run(start, 600, 2_400, DayPlan.L2));                             // heating up
            runs.add(cycling(start + 600, 30 * M + r.nextInt(30 * M), 2_400, DayPlan.L2, 120, 55));
        }

        r = stream(day, SCREENS);
        int tvFrom = eaten + 10 * M;
        if (o.bed - 15 * M > tvFrom) {
            runs.add(run(tvFrom, o.bed - 15 * M - tvFrom, 125, DayPlan.L1));
        }
        if (weekend && r.nextInt(100) < 40 && (o.homeAllDay() || o.back < 15 * H)) {
            runs.add(run(15 * H, 2 * H, 110, DayPlan.L1));
        }
        if (o.homeOffice) {
            runs.add(run(8 * H + 30 * M, 8 * H + 30 * M, 115, DayPlan.L1));           // laptop and screen
        }
        if (r.nextInt(100) < 40) {
            runs.add(run(20 * H + 30 * M, H, 70, DayPlan.L1));
        }

        r = stream(day, LIGHTS);
        int morningEnd = o.homeAllDay() ? o.wake + 2 * H : Math.min(o.leave, o.wake + 2 * H);
        runs.add(dark(o.wake, morningEnd - o.wake, 80 + r.nextInt(70), DayPlan.L1));
        int evening = o.homeAllDay() ? 15 * H : o.back;
        runs.add(dark(evening, o.bed - evening, 120 + r.nextInt(130), DayPlan.L1));

        r = stream(day, WASHER);
        if (r.nextInt(100) < (weekend ? 65 : o.homeOffice ? 50 : 35)) {
            int start = weekend || o.homeOffice ? 9 * H + 30 * M + r.nextInt(2 * H)
                    : Math.min(22 * H, eaten + r.nextInt(30 * M));
            runs.add(run(start, 120, 10, DayPlan.L3));
            runs.add(run(start + 120, 15 * M, 2_000, DayPlan.L3));                    // heating the water
            runs.add(cycling(start + 120 + 15 * M, 45 * M, 250, DayPlan.L3, 60, 40)); // drum turning
            runs.add(run(start + 120 + 60 * M, 8 * M, 450, DayPlan.L3));              // spin
            if (water) {
                draws.add(new Draw(start, 75, 720, false));
                draws.add(new Draw(start + 50 * M, 75, 720, false));
                draws.add(new Draw(start + 55 * M, 75, 720, false));
            }
            // the tumble dryer: most washes in winter, few in summer when the washing goes on the line
            if (r.nextInt(100) < 70 - (int) (55 * summerness(day))) {
                runs.add(cycling(start + 75 * M, 75 * M, 2_200, DayPlan.L3, 600, 420));
            }
        }

        r = stream(day, DISHWASHER);
        if (r.nextInt(100) < 80) {
            int start = Math.min(23 * H, eaten + 30 * M + r.nextInt(H));
            runs.add(run(start, 120, 10, DayPlan.L3));
            runs.add(run(start + 120, 18 * M, 2_000, DayPlan.L3));
            runs.add(run(start + 120 + 18 * M, 40 * M, 120, DayPlan.L3));
            runs.add(run(start + 120 + 58 * M, 12 * M, 2_000, DayPlan.L3));
            runs.add(run(start + 120 + 70 * M, 30 * M, 10, DayPlan.L3));
            if (water) {
                draws.add(new Draw(start, 60, 360, false));
                draws.add(new Draw(start + 60 * M, 60, 360, false));
            }
        }

        r = stream(day, CHORES);
        if (weekend && r.nextInt(100) < 50) {
            runs.add(run(10 * H + r.nextInt(2 * H), 25 * M, 1_300, DayPlan.L3));     // vacuum cleaner
        }

        if (water) {
            waterDraws(day, o, draws);
        }
        runs.removeIf(run -> run.seconds() <= 0);
        runs.sort(Comparator.comparingInt(Run::start));
        return new DayPlan(day, weekend, runs.stream().map(DayPlanner::withinDay).toList(), draws,
                heating(day, o), car(day, o), o.homeAllDay() ? -1 : o.leave, boilerNeed(day));
    }

    /** 0 in mid-January, 1 in mid-July. */
    static double summerness(long day) {
        return (1 - Math.cos(2 * Math.PI * (day - 14) / 365.2422)) / 2;
    }

    private Occupancy occupancy(long day, boolean weekend) {
        SplittableRandom r = Noise.random(settings.seed(), Noise.OCCUPANCY, day);
        if (weekend) {
            int wake = 7 * H + 30 * M + r.nextInt(2 * H);
            int bed = 23 * H + r.nextInt(55 * M);
            if (r.nextInt(100) < 50) {
                int leave = 13 * H + r.nextInt(H);
                return new Occupancy(wake, leave, leave + 2 * H + r.nextInt(2 * H), bed, false, true);
            }
            return new Occupancy(wake, bed, bed, bed, false, true);
        }
        int wake = 6 * H + 15 * M + r.nextInt(H);
        int bed = 22 * H + 15 * M + r.nextInt(90 * M);
        if (r.nextInt(100) < 30) {
            return new Occupancy(wake, bed, bed, bed, true, false);
        }
        int leave = wake + 50 * M + r.nextInt(30 * M);
        return new Occupancy(wake, leave, 16 * H + 45 * M + r.nextInt(105 * M), bed, false, false);
    }

    /** Showers, flushes and taps adding up to about the day's litres (±15 %), when someone is at home and awake. */
    private void waterDraws(long day, Occupancy o, List<Draw> draws) {
        SplittableRandom r = Noise.random(settings.seed(), Noise.WATER, day);
        long litres = settings.water().orElseThrow().litresPerDay() * (85 + r.nextInt(31)) / 100;
        long showers = Math.max(1, Math.round(litres * 0.40 / 60));
        boolean morning = !o.weekend || r.nextInt(100) < 30;
        for (int i = 0; i < showers; i++) {
            int start = morning ? o.wake + 600 + i * 900 : 20 * H + 30 * M + i * 900;
            draws.add(new Draw(start, 360 + r.nextInt(240), 480, true));                // 8 l a minute
        }
        long flushes = Math.round(litres * 0.28 / 6);
        for (int i = 0; i < flushes; i++) {
            draws.add(new Draw(o.anyAwakeSecond(r), 45, 480, false));                   // 6 l
        }
        long taps = Math.round(litres * 0.18 / 3);
        for (int i = 0; i < taps; i++) {
            draws.add(new Draw(o.anyAwakeSecond(r), 30, 360, i % 3 == 0));              // 3 l, a third of them hot
        }
        draws.removeIf(d -> d.start() + d.seconds() > DAY);
    }

    /** The day's heating gas from its degree-days, spread over the hours the thermostat asks for heat. */
    private long[] heating(long day, Occupancy o) {
        long[] flow = new long[24];
        if (settings.gas().isEmpty()) {
            return flow;
        }
        GasSettings gas = settings.gas().get();
        long deciDegreeDays = Math.max(0, gas.baseTemperatureDeciC() - weather.meanTemperatureDeciC(day));
        long litres = gas.litresPerDegreeDay() * deciDegreeDays / 10;
        int[] weight = new int[24];
        for (int hour = 0; hour < 24; hour++) {
            // night set-back keeps the house from cooling through; the morning boost warms it up again
            boolean comfort = o.weekend || o.homeOffice ? hour >= 8 && hour < 23 : hour >= 17 && hour < 23;
            weight[hour] = comfort ? 5 : 2;
        }
        int boost = o.weekend ? 8 : 6;
        weight[boost] = 9;
        weight[boost + 1] = 6;
        long total = 0;
        for (int w : weight) {
            total += w;
        }
        for (int hour = 0; hour < 24; hour++) {
            flow[hour] = litres * weight[hour] / total;
        }
        return flow;
    }

    private Session car(long day, Occupancy o) {
        if (settings.ev().isEmpty()) {
            return null;
        }
        EvSettings ev = settings.ev().get();
        SplittableRandom r = Noise.random(settings.seed(), Noise.CAR, day);
        int chance = o.weekend ? ev.weekendChargePercent()
                : o.homeOffice ? ev.weekdayChargePercent() / 3 : ev.weekdayChargePercent();
        if (r.nextInt(100) >= chance) {
            return null;
        }
        int arrival = o.weekend || o.homeOffice ? 15 * H + r.nextInt(5 * H) : o.back + r.nextInt(10 * M);
        long wh = ev.minSessionWh() + r.nextLong(ev.maxSessionWh() - ev.minSessionWh() + 1);
        long seconds = (wh * 3600 + ev.chargerWatts() - 1) / ev.chargerWatts();
        return new Session(arrival, (int) seconds, wh);
    }

    private long boilerNeed(long day) {
        if (settings.boiler().isEmpty()) {
            return 0;
        }
        SplittableRandom r = Noise.random(settings.seed(), Noise.BOILER, day);
        return settings.boiler().get().dailyNeedWh() * (80 + r.nextInt(41)) / 100;
    }

    private SplittableRandom stream(long day, int appliance) {
        return Noise.random(settings.seed(), Noise.APPLIANCES << 8 | appliance, day);
    }

    private static Run run(int start, int seconds, long watts, int phase) {
        return new Run(start, seconds, watts, phase, 0, 0, false);
    }

    private static Run cycling(int start, int seconds, long watts, int phase, int period, int onSeconds) {
        return new Run(start, seconds, watts, phase, period, onSeconds, false);
    }

    private static Run dark(int start, int seconds, long watts, int phase) {
        return new Run(start, seconds, watts, phase, 0, 0, true);
    }

    /** Ends a run at midnight: the household's next day is another plan. */
    private static Run withinDay(Run r) {
        return r.start() + r.seconds() <= DAY ? r
                : new Run(r.start(), DAY - r.start(), r.watts(), r.phase(), r.period(), r.onSeconds(), r.dark());
    }
}
