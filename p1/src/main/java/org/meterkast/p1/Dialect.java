package org.meterkast.p1;

/** Which family of P1 telegrams a meter speaks; it decides what tariff 1 and 2 mean and which objects appear. */
public enum Dialect {
    /** Belgian e-MUCS (Fluvius, ORES, Sibelga): {@code 0-0:96.1.4(502xx)}, tariff 1 = day, 2 = night. */
    BELGIAN,
    /** Dutch DSMR (and DSMR 2.2/3 telegrams without a version line): tariff 1 = low (night), 2 = normal (day). */
    DUTCH
}
