package org.meterkast.p1;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The last reading an M-Bus device (gas, water, heat) delivered to the meter, with the time the device took
 * it. The value is kept exactly, in thousandths of the sent unit: litres for {@code m3}.
 */
public final class MbusReading {
    private final Instant capturedAt;
    private final long thousandths;
    private final String unit;

    public MbusReading(Instant capturedAt, long thousandths, String unit) {
        this.capturedAt = Objects.requireNonNull(capturedAt, "capturedAt");
        this.thousandths = thousandths;
        this.unit = unit;
    }

    public Instant capturedAt() {
        return capturedAt;
    }

    /** The value in thousandths of {@link #unit()}: litres when the unit is m3. */
    public long thousandths() {
        return thousandths;
    }

    /** The value in its unit, exact. */
    public BigDecimal value() {
        return BigDecimal.valueOf(thousandths, 3);
    }

    /** The unit as sent ({@code m3}, {@code GJ}, {@code kWh}); empty when the meter sent none. */
    public Optional<String> unit() {
        return Optional.ofNullable(unit);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MbusReading r && thousandths == r.thousandths && capturedAt.equals(r.capturedAt)
                && Objects.equals(unit, r.unit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(capturedAt, thousandths, unit);
    }

    @Override
    public String toString() {
        return value() + (unit == null ? "" : " " + unit) + " at " + capturedAt;
    }
}
