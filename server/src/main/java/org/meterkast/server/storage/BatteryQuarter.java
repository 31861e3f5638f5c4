package org.meterkast.server.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * A home battery's quarter hour, as kept in {@code battery_quarter}.
 *
 * @param locationId  the address
 * @param device      the battery's id within the address
 * @param start       the quarter's start
 * @param chargedWh   the energy it took in, Wh
 * @param deliveredWh the energy it gave out, Wh
 * @param socEnd      its state of charge at the quarter's end, %
 * @param socMin      the lowest state of charge seen in the quarter, %
 * @param socMax      the highest, %
 * @param measuredMs  how much of the quarter its readings covered, ms
 * @param firstAt     the first instant of the quarter a reading covered
 * @param lastAt      the last
 */
public record BatteryQuarter(long locationId, String device, Instant start, long chargedWh, long deliveredWh,
                             double socEnd, double socMin, double socMax, long measuredMs, Instant firstAt,
                             Instant lastAt) {
    public BatteryQuarter {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(firstAt, "firstAt");
        Objects.requireNonNull(lastAt, "lastAt");
        if (start.getEpochSecond() % 900 != 0 || start.getNano() != 0) {
            throw new IllegalArgumentException("a quarter starts on a multiple of 15 minutes, not " + start);
        }
        if (chargedWh < 0 || deliveredWh < 0) {
            throw new IllegalArgumentException("energy is not negative: " + chargedWh + ", " + deliveredWh);
        }
    }

    /** Two parts of one quarter, one before the other (written before a restart and after it), as one. */
    BatteryQuarter followedBy(BatteryQuarter later) {
        return new BatteryQuarter(locationId, device, start, chargedWh + later.chargedWh,
                deliveredWh + later.deliveredWh, later.socEnd, Math.min(socMin, later.socMin),
                Math.max(socMax, later.socMax), Math.min(QuarterAccumulator.QUARTER_MS, measuredMs + later.measuredMs),
                firstAt, later.lastAt);
    }
}
