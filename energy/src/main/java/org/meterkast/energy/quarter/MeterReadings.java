package org.meterkast.energy.quarter;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.meterkast.p1.MbusDevice;
import org.meterkast.p1.MbusReading;
import org.meterkast.p1.Tariff;
import org.meterkast.p1.Telegram;

/** What the quarter and hour builders need from a telegram. */
public final class MeterReadings {
    private MeterReadings() {
    }

    /**
     * The electricity registers at the telegram's time, by tariff period as the telegram's dialect defines them;
     * empty when the time or any of the four registers is missing or invalid (such a telegram carries no
     * usable reading, and skipping it loses nothing: the next one's registers cover the interval).
     */
    public static Optional<RegisterSnapshot> registers(Telegram t) {
        Optional<Instant> at = t.timestamp();
        OptionalLong importDay = t.energyImported(Tariff.DAY);
        OptionalLong importNight = t.energyImported(Tariff.NIGHT);
        OptionalLong exportDay = t.energyExported(Tariff.DAY);
        OptionalLong exportNight = t.energyExported(Tariff.NIGHT);
        if (at.isEmpty() || importDay.isEmpty() || importNight.isEmpty() || exportDay.isEmpty()
                || exportNight.isEmpty()) {
            return Optional.empty();
        }
        if (importDay.getAsLong() < 0 || importNight.getAsLong() < 0 || exportDay.getAsLong() < 0
                || exportNight.getAsLong() < 0) {
            return Optional.empty();
        }
        return Optional.of(new RegisterSnapshot(at.get(), new Registers(importDay.getAsLong(), importNight.getAsLong(),
                exportDay.getAsLong(), exportNight.getAsLong())));
    }

    /** The gas meter's last index in litres with the time the meter took it, if it reads in m³. */
    public static Optional<MbusReading> gas(Telegram t) {
        return cubicMetres(t.gasMeter());
    }

    /** The water meter's last index in litres with the time the meter took it, if it reads in m³. */
    public static Optional<MbusReading> water(Telegram t) {
        return cubicMetres(t.waterMeter());
    }

    private static Optional<MbusReading> cubicMetres(Optional<MbusDevice> device) {
        return device.flatMap(MbusDevice::reading)
                .filter(r -> r.unit().map(u -> u.equalsIgnoreCase("m3")).orElse(true))
                .filter(r -> r.thousandths() >= 0);
    }
}
