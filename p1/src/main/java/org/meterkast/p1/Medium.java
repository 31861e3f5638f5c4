package org.meterkast.p1;

/** What an M-Bus device meters, from its device type ({@code 0-n:24.1.0}, EN 13757-3). */
public enum Medium {
    GAS, HEAT, HOT_WATER, WATER, OTHER;

    /** The medium of an EN 13757-3 device type: 3 gas, 4 and 12 heat, 6 hot water, 7 water. */
    public static Medium ofDeviceType(int type) {
        return switch (type) {
            case 3 -> GAS;
            case 4, 12 -> HEAT;
            case 6 -> HOT_WATER;
            case 7 -> WATER;
            default -> OTHER;
        };
    }
}
