package org.meterkast.server.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * A boiler's quarter hour, as kept in {@code boiler_quarter}.
 *
 * @param locationId     the address
 * @param device         the boiler's id within the address
 * @param start          the quarter's start
 * @param energyWh       the element's energy, Wh
 * @param temperatureAvg the water's temperature averaged over {@code temperatureMs}, °C; null when none was reported
 * @param temperatureMin the lowest seen, °C; null when none
 * @param temperatureMax the highest seen, °C; null when none
 * @param temperatureMs  the time the average covers, ms (its weight when quarters are averaged)
 * @param measuredMs     how much of the quarter its readings covered, ms
 * @param firstAt        the first instant of the quarter a reading covered
 * @param lastAt         the last
 */
public record BoilerQuarter(long locationId, String device, Instant start, long energyWh, Double temperatureAvg,
                            Double temperatureMin, Double temperatureMax, long temperatureMs, long measuredMs,
                            Instant firstAt, Instant lastAt) {
    public BoilerQuarter {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(firstAt, "firstAt");
        Objects.requireNonNull(lastAt, "lastAt");
        if (start.getEpochSecond() % 900 != 0 || start.getNano() != 0) {
            throw new IllegalArgumentException("a quarter starts on a multiple of 15 minutes, not " + start);
        }
        if (energyWh < 0) {
            throw new IllegalArgumentException("energy is not negative: " + energyWh);
        }
    }

    /** Two parts of one quarter, one before the other, as one: the temperatures weighted by the time they cover. */
    BoilerQuarter followedBy(BoilerQuarter later) {
        Double avg;
        long ms = temperatureMs + later.temperatureMs;
        if (temperatureAvg == null) {
            avg = later.temperatureAvg;
        } else if (later.temperatureAvg == null) {
            avg = temperatureAvg;
        } else if (ms == 0) {
            avg = (temperatureAvg + later.temperatureAvg) / 2;
        } else {
            avg = (temperatureAvg * temperatureMs + later.temperatureAvg * later.temperatureMs) / ms;
        }
        return new BoilerQuarter(locationId, device, start, energyWh + later.energyWh, avg,
                least(temperatureMin, later.temperatureMin), most(temperatureMax, later.temperatureMax),
                Math.min(QuarterAccumulator.QUARTER_MS, ms),
                Math.min(QuarterAccumulator.QUARTER_MS, measuredMs + later.measuredMs), firstAt, later.lastAt);
    }

    private static Double least(Double a, Double b) {
        return a == null ? b : b == null ? a : Double.valueOf(Math.min(a, b));
    }

    private static Double most(Double a, Double b) {
        return a == null ? b : b == null ? a : Double.valueOf(Math.max(a, b));
    }
}
