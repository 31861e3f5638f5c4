package org.meterkast.server.live;

import java.time.Instant;
import org.meterkast.energy.quarter.Registers;

/**
 * One telegram as the live view shows it.
 *
 * @param time       the meter's time stamp of the telegram (null when it sent none)
 * @param receivedAt when the server received it
 * @param importW    power imported now, W (null when not sent)
 * @param exportW    power exported now, W (null when not sent)
 * @param netW       at the grid connection: positive = import, negative = export, W
 * @param tariff     "day" or "night" (null when not sent)
 * @param registers  the four energy registers in Wh (null when the telegram lacks one)
 * @param meter      the month peak, breaker, limiter and coupled meters the telegram carries
 * @param quarter    the quarter hour in progress with its projection (null when the telegram has no time or no
 *                   offtake power, or when neither 1-0:1.4.0 nor the registers since the quarter started are known)
 * @param solarW     the meter's inverter's last reading of solar production, W (null without an inverter, or
 *                   before its first reading)
 * @param solarTime  when that reading was taken (null with it)
 */
public record LiveSummary(Instant time, Instant receivedAt, Long importW, Long exportW, long netW, String tariff,
                          Registers registers, MeterDisplay meter, RunningQuarter quarter, Long solarW,
                          Instant solarTime) {
    /** This summary with the inverter's last reading beside it. */
    LiveSummary withSolar(SolarSummary solar) {
        return solar == null ? this : new LiveSummary(time, receivedAt, importW, exportW, netW, tariff, registers,
                meter, quarter, solar.watts(), solar.time());
    }
}
