package org.meterkast.sim;

/**
 * A roof of panels: clear-sky irradiance on the tilted plane (Meinel beam with the Kasten–Young air mass, a
 * diffuse sky and ground reflection) times the peak power and a performance ratio.
 */
final class SolarArray {
    private static final double SOLAR_CONSTANT = 1361;
    /** Inverter, wiring, soiling and warm cells: what a Belgian system delivers of its nameplate. */
    private static final double PERFORMANCE_RATIO = 0.86;
    private static final double GROUND_ALBEDO = 0.2;

    private final long peakWatts;
    private final double azimuth;
    private final double tilt;
    private final double skyView;
    private final double groundView;

    SolarArray(long peakWatts, int azimuthDegrees, int tiltDegrees) {
        this.peakWatts = peakWatts;
        this.azimuth = Math.toRadians(azimuthDegrees);
        this.tilt = Math.toRadians(tiltDegrees);
        this.skyView = (1 + Math.cos(tilt)) / 2;
        this.groundView = (1 - Math.cos(tilt)) / 2;
    }

    /** Irradiance on the panels under a clear sky, W/m². */
    double clearSkyIrradiance(SunPosition sun) {
        if (sun.up() <= 0) {
            return 0;
        }
        double zenithDegrees = 90 - sun.elevationDegrees();
        double airMass = 1 / (sun.up() + 0.50572 * Math.pow(96.07995 - zenithDegrees, -1.6364));
        double beam = SOLAR_CONSTANT * Math.pow(0.7, Math.pow(airMass, 0.678));
        double diffuse = 0.1 * beam;
        double global = beam * sun.up() + diffuse;
        return beam * Math.max(0, sun.cosIncidence(azimuth, tilt)) + diffuse * skyView
                + GROUND_ALBEDO * global * groundView;
    }

    /** What the array delivers under a clear sky, W. */
    long clearSkyWatts(long epochSecond) {
        return watts(SunPosition.at(epochSecond), 1.0);
    }

    /** What the array delivers with this share of the clear-sky light (clouds), W. */
    long watts(SunPosition sun, double cloudFactor) {
        if (peakWatts == 0 || sun.up() <= 0) {
            return 0;
        }
        return Math.round(peakWatts * clearSkyIrradiance(sun) / 1000 * PERFORMANCE_RATIO * cloudFactor);
    }
}
