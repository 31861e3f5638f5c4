package org.meterkast.energy.advice;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Objects;
import org.meterkast.energy.bill.Coverage;

/**
 * What the control of a home battery or a boiler saved in a month, as its own history counts it: the energy it
 * moved (solar surplus stored or heated instead of injected, offtake covered from the battery) and its worth at the
 * household's tariff, incl. VAT.
 *
 * @param device  the device's name at the address
 * @param kind    {@code battery} or {@code boiler}
 * @param movedWh the energy the control moved, Wh
 * @param saved   what that saved, €
 */
public record StorageSaving(String key, String device, String kind, YearMonth month, long movedWh, BigDecimal saved,
                            Coverage coverage) implements Advice {
    public static final String KEY_BATTERY = "advice.storage.battery";
    public static final String KEY_BOILER = "advice.storage.boiler";

    public StorageSaving {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(saved, "saved");
        if (!kind.equals("battery") && !kind.equals("boiler")) {
            throw new IllegalArgumentException("a saving comes from a battery or a boiler, not '" + kind + "'");
        }
    }

    /** A battery's or boiler's month, with the key its kind is said with. */
    public static StorageSaving of(String device, String kind, YearMonth month, long movedWh, BigDecimal saved,
                                   Coverage coverage) {
        return new StorageSaving(kind.equals("battery") ? KEY_BATTERY : KEY_BOILER, device, kind, month, movedWh,
                saved, coverage);
    }
}
