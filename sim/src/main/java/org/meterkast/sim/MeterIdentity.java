package org.meterkast.sim;

import java.util.Objects;

/**
 * What the simulated meter says it is: the identification line, the e-MUCS version, and the serials of the
 * meter and of its gas (M-Bus channel 1) and water (channel 2) meters.
 */
public record MeterIdentity(String header, String version, String equipmentId, String gasEquipmentId,
                            String waterEquipmentId) {
    /** A Fluvius e-MUCS 2.1.7 meter with a Flonidan gas meter and a Sensus water meter. */
    public static final MeterIdentity FLUVIUS = new MeterIdentity("FLU5\\253769484_A", "50217", "1SAG3105209493",
            "7FLO2218002643", "8SET2103047621");

    public MeterIdentity {
        notBlank("header", header);
        notBlank("version", version);
        notBlank("equipmentId", equipmentId);
        notBlank("gasEquipmentId", gasEquipmentId);
        notBlank("waterEquipmentId", waterEquipmentId);
        if (header.indexOf('\r') >= 0 || header.indexOf('\n') >= 0 || header.indexOf('!') >= 0) {
            throw new IllegalArgumentException("header must be one line without '!', not '" + header + "'");
        }
    }

    private static void notBlank(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
