package org.meterkast.server.location;

import java.time.LocalDate;
import java.util.Locale;

/** A device installed at an address, with its serial number or EAN and the day it is active since. */
public record Device(long id, Kind kind, String label, String serial, String ean, LocalDate activeSince) {
    /** What a device is; the P1 reader gives live data, the digital meter Fluvius' data. */
    public enum Kind {
        P1_READER, DIGITAL_METER, GAS_METER, WATER_METER, INVERTER, BATTERY, HEAT_BATTERY, EV_CHARGER;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String column) {
            return valueOf(column.toUpperCase(Locale.ROOT));
        }
    }
}
