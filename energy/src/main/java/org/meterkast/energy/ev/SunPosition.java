package org.meterkast.energy.ev;

/**
 * The sun's elevation at a place and instant, from the NOAA solar calculator's formulas (fractional year,
 * declination, equation of time, hour angle): within a few tenths of a degree, which is all a forecast needs.
 */
final class SunPosition {
    private static final long J2000_MIDNIGHT = 946_684_800L;    // 2000-01-01T00:00:00Z
    private static final double TROPICAL_YEAR_DAYS = 365.2422;

    private SunPosition() {
    }

    /** The sine of the sun's elevation above the horizon: negative at night, 1 with the sun overhead. */
    static double sinElevation(long epochSecond, double latitudeDegrees, double longitudeDegrees) {
        double days = (epochSecond - J2000_MIDNIGHT) / 86_400.0;
        double dayOfYear = days - Math.floor(days / TROPICAL_YEAR_DAYS) * TROPICAL_YEAR_DAYS;
        double gamma = 2 * Math.PI / TROPICAL_YEAR_DAYS * (dayOfYear - 0.5);    // NOAA: (day − 1 + (hour − 12) / 24)
        double declination = 0.006918 - 0.399912 * Math.cos(gamma) + 0.070257 * Math.sin(gamma)
                - 0.006758 * Math.cos(2 * gamma) + 0.000907 * Math.sin(2 * gamma)
                - 0.002697 * Math.cos(3 * gamma) + 0.00148 * Math.sin(3 * gamma);
        double equationOfTimeMinutes = 229.18 * (0.000075 + 0.001868 * Math.cos(gamma) - 0.032077 * Math.sin(gamma)
                - 0.014615 * Math.cos(2 * gamma) - 0.040849 * Math.sin(2 * gamma));
        double solarMinutes = Math.floorMod(epochSecond, 86_400L) / 60.0 + equationOfTimeMinutes
                + 4 * longitudeDegrees;
        double hourAngle = Math.toRadians(solarMinutes / 4 - 180);
        double latitude = Math.toRadians(latitudeDegrees);
        return Math.sin(latitude) * Math.sin(declination)
                + Math.cos(latitude) * Math.cos(declination) * Math.cos(hourAngle);
    }

    /** The sun's elevation, degrees. */
    static double elevationDegrees(long epochSecond, double latitudeDegrees, double longitudeDegrees) {
        return Math.toDegrees(Math.asin(Math.max(-1, Math.min(1,
                sinElevation(epochSecond, latitudeDegrees, longitudeDegrees)))));
    }
}
