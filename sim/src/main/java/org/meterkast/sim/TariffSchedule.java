package org.meterkast.sim;

import java.time.Instant;
import java.util.Objects;
import org.meterkast.p1.Tariff;

/** The Flemish day/night schedule: day on weekdays from 07:00 to 22:00 local time, night otherwise (weekends included). */
public final class TariffSchedule {
    private static final int DAY_START = 7 * 3600;
    private static final int DAY_END = 22 * 3600;

    private TariffSchedule() {
    }

    /** The tariff period at an instant. Public holidays are counted as weekdays, as meters that ignore them do. */
    public static Tariff at(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        return at(instant.getEpochSecond());
    }

    static Tariff at(long epochSecond) {
        long local = BrusselsTime.localSeconds(epochSecond);
        long day = Math.floorDiv(local, BrusselsTime.SECONDS_PER_DAY);
        long second = local - day * BrusselsTime.SECONDS_PER_DAY;
        // 1970-01-01 was a Thursday: with Monday as 0, Thursday is 3
        long dayOfWeek = Math.floorMod(day + 3, 7);
        return dayOfWeek < 5 && second >= DAY_START && second < DAY_END ? Tariff.DAY : Tariff.NIGHT;
    }
}
