package org.meterkast.sim;

/**
 * Where the sun stands, as a unit vector in local east/north/up coordinates, from the NOAA formulas
 * (fractional year, declination, equation of time, hour angle).
 *
 * @param east  the sun vector's east component
 * @param north its north component
 * @param up    its up component: the sine of the elevation
 */
record SunPosition(double east, double north, double up) {
    /** Meterkast's home: Mechelen, between Brussels and Antwerp. */
    static final double LATITUDE = 51.0;
    static final double LONGITUDE = 4.4;

    private static final long J2000_MIDNIGHT = 946_684_800L;    // 2000-01-01T00:00:00Z
    private static final double TROPICAL_YEAR_DAYS = 365.2422;

    /** The sun at 51.0° N, 4.4° E. */
    static SunPosition at(long epochSecond) {
        return at(epochSecond, LATITUDE, LONGITUDE);
    }

    static SunPosition at(long epochSecond, double latitudeDegrees, double longitudeDegrees) {
        double days = (epochSecond - J2000_MIDNIGHT) / 86_400.0;
        // days since this year's 1 January 00:00 UTC; counting tropical years from 2000 drifts less than a day
        double dayOfYear = days - Math.floor(days / TROPICAL_YEAR_DAYS) * TROPICAL_YEAR_DAYS;
        double gamma = 2 * Math.PI / TROPICAL_YEAR_DAYS * (dayOfYear - 0.5);
        double declination = 0.006918 - 0.399912 * Math.cos(gamma) + 0.070257 * Math.sin(gamma)
                - 0.006758 * Math.cos(2 * gamma) + 0.000907 * Math.sin(2 * gamma)
                - 0.002697 * Math.cos(3 * gamma) + 0.00148 * Math.sin(3 * gamma);
        double equationOfTimeMinutes = 229.18 * (0.000075 + 0.001868 * Math.cos(gamma) - 0.032077 * Math.sin(gamma)
                - 0.014615 * Math.cos(2 * gamma) - 0.040849 * Math.sin(2 * gamma));
        double utcMinutes = Math.floorMod(epochSecond, 86_400L) / 60.0;
        double solarMinutes = utcMinutes + equationOfTimeMinutes + 4 * longitudeDegrees;
        double hourAngle = Math.toRadians(solarMinutes / 4 - 180);
        double lat = Math.toRadians(latitudeDegrees);
        double cosDec = Math.cos(declination);
        double sinDec = Math.sin(declination);
        double cosHour = Math.cos(hourAngle);
        double up = Math.sin(lat) * sinDec + Math.cos(lat) * cosDec * cosHour;
        double east = -cosDec * Math.sin(hourAngle);
        double north = Math.cos(lat) * sinDec - Math.sin(lat) * cosDec * cosHour;
        return new SunPosition(east, north, up);
    }

    double elevationDegrees() {
        return Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, up))));
    }

    /** The cosine of the angle between the sun and the normal of a plane with this azimuth and tilt. */
    double cosIncidence(double azimuthRadians, double tiltRadians) {
        double sinTilt = Math.sin(tiltRadians);
        return east * sinTilt * Math.sin(azimuthRadians) + north * sinTilt * Math.cos(azimuthRadians)
                + up * Math.cos(tiltRadians);
    }
}
