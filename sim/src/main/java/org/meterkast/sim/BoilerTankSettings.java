package org.meterkast.sim;

/**
 * An electric hot-water boiler's tank.
 *
 * @param litres             the tank's volume
 * @param elementWatts       its heating element
 * @param lossWattsPerKelvin heat lost per kelvin above the room (1.7 W/K: about 1.8 kWh a day at 65 °C)
 * @param thermostatC        the element's own thermostat: it stops heating at this temperature
 * @param ambientC           the room around the tank
 * @param coldWaterC         the mains water that refills what is drawn
 */
public record BoilerTankSettings(int litres, long elementWatts, double lossWattsPerKelvin, double thermostatC,
                                 double ambientC, double coldWaterC) {
    /** A 200 l tank with a 2.4 kW element, its thermostat at 65 °C, in an 18 °C room, mains water at 10 °C. */
    public static final BoilerTankSettings DEFAULT = new BoilerTankSettings(200, 2_400, 1.7, 65, 18, 10);

    public BoilerTankSettings {
        Ranges.check("litres", litres, 10, 2_000, "l");
        Ranges.check("elementWatts", elementWatts, 300, 12_000, "W");
        if (!(lossWattsPerKelvin >= 0 && lossWattsPerKelvin <= 20)) {
            throw new IllegalArgumentException("lossWattsPerKelvin must be 0–20 W/K, not " + lossWattsPerKelvin);
        }
        if (!(coldWaterC < thermostatC && thermostatC <= 95 && ambientC < thermostatC)) {
            throw new IllegalArgumentException("need coldWater and ambient below the thermostat (at most 95 °C)");
        }
    }

    /** The heat the water holds per kelvin, Wh/K (4.186 kJ per litre and kelvin). */
    public double whPerKelvin() {
        return litres * 4186.0 / 3600;
    }
}
