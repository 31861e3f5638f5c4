package org.meterkast.energy.tariff;

/** The two tariff periods of a dual-rate meter: the day register (tariff 1, 1.8.1) and the night register (2). */
public enum DayNight {
    DAY, NIGHT
}
