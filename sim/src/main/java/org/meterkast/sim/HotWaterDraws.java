package org.meterkast.sim;

import java.time.Instant;

/**
 * A household's hot-water draws, hashed from its seed like the rest of the simulated household, so any minute can
 * be asked alone: a morning and an evening shower (45–60 l each at 8 l/min, morning 06:30–07:30, evening
 * 19:00–22:00) and a few small draws at the kitchen tap (3–6 l, 08:00–21:00), in local time.
 */
public final class HotWaterDraws {
    private static final long STREAM = 14;
    private static final double SHOWER_LITRES_PER_MINUTE = 8;
    private static final int SMALL_DRAWS = 6;

    private final long seed;

    /** The draws of the household of this seed. */
    public HotWaterDraws(long seed) {
        this.seed = seed;
    }

    /** Litres drawn in the minute that begins at {@code minuteStart} (any second of it is the same minute). */
    public double litresInMinute(Instant minuteStart) {
        long epochSecond = minuteStart.getEpochSecond();
        long day = BrusselsTime.localDay(epochSecond);
        int minute = (int) (Math.floorMod(BrusselsTime.localSeconds(epochSecond), 86_400L) / 60);
        double litres = shower(day, 0, 6 * 60 + 30, 60, minute) + shower(day, 1, 19 * 60, 180, minute);
        for (int i = 0; i < SMALL_DRAWS; i++) {
            int at = 8 * 60 + (int) (Noise.unit(Noise.hash(seed, STREAM, day * 64 + 10 + i)) * 13 * 60);
            if (at == minute) {
                litres += 3 + 3 * Noise.unit(Noise.hash(seed, STREAM, day * 64 + 30 + i));
            }
        }
        return litres;
    }

    /** Litres drawn over a local day, for checks and the tank's sizing. */
    public double litresOnDay(long localDay) {
        double litres = 0;
        for (int minute = 0; minute < 24 * 60; minute++) {
            litres += litresInMinute(Instant.ofEpochSecond(BrusselsTime.epochSecondOf(localDay, minute * 60L)));
        }
        return litres;
    }

    private double shower(long day, int which, int earliest, int window, int minute) {
        int start = earliest + (int) (Noise.unit(Noise.hash(seed, STREAM, day * 64 + which)) * window);
        double litres = 45 + 15 * Noise.unit(Noise.hash(seed, STREAM, day * 64 + 4 + which));
        double minutes = litres / SHOWER_LITRES_PER_MINUTE;
        if (minute < start || minute >= start + Math.ceil(minutes)) {
            return 0;
        }
        double left = litres - (minute - start) * SHOWER_LITRES_PER_MINUTE;
        return Math.min(SHOWER_LITRES_PER_MINUTE, left);
    }
}
