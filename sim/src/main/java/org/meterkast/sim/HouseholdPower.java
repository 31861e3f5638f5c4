package org.meterkast.sim;

import java.time.Instant;
import java.util.Objects;

/**
 * What the household draws at one instant, in W (and flows in litres per hour). The net grid power is the sum
 * of its parts, and of the three phases: positive is import, negative export.
 *
 * @param at                 the instant
 * @param consumptionWatts   the house itself: base load, fridge, freezer, appliances, lights (not car, boiler, battery)
 * @param solarWatts         solar production
 * @param evWatts            the car charging
 * @param boilerWatts        the electric boiler heating
 * @param batteryWatts       the battery: positive charging, negative discharging
 * @param batteryChargeWh    the battery's charge (0 without a battery)
 * @param netWatts           grid power: consumption + car + boiler + battery − solar
 * @param netL1Watts         grid power on phase L1 (solar and the car are on L1)
 * @param netL2Watts         on L2 (the kitchen and the boiler)
 * @param netL3Watts         on L3 (laundry, dishwasher and the battery)
 * @param gasLitresPerHour   gas flow (heating and, without a boiler, hot water)
 * @param waterLitresPerHour water flow
 */
public record HouseholdPower(Instant at, long consumptionWatts, long solarWatts, long evWatts, long boilerWatts,
                             long batteryWatts, long batteryChargeWh, long netWatts, long netL1Watts,
                             long netL2Watts, long netL3Watts, long gasLitresPerHour, long waterLitresPerHour) {
    public HouseholdPower {
        Objects.requireNonNull(at, "at");
        nonNegative("consumptionWatts", consumptionWatts);
        nonNegative("solarWatts", solarWatts);
        nonNegative("evWatts", evWatts);
        nonNegative("boilerWatts", boilerWatts);
        nonNegative("batteryChargeWh", batteryChargeWh);
        nonNegative("gasLitresPerHour", gasLitresPerHour);
        nonNegative("waterLitresPerHour", waterLitresPerHour);
        long sum = consumptionWatts + evWatts + boilerWatts + batteryWatts - solarWatts;
        if (netWatts != sum) {
            throw new IllegalArgumentException("netWatts " + netWatts + " is not consumption + car + boiler + battery"
                    + " − solar = " + sum + " at " + at);
        }
        if (netL1Watts + netL2Watts + netL3Watts != netWatts) {
            throw new IllegalArgumentException("the phases " + netL1Watts + " + " + netL2Watts + " + " + netL3Watts
                    + " W do not add up to netWatts " + netWatts + " at " + at);
        }
    }

    /**
     * The same instant with the car drawing {@code watts} on {@code phases} phases instead of what the household's
     * own car draws: one phase is L1 (where the household's car is), three share it equally (the odd watts on L1).
     * The battery is not worked out again: it answers to the household's own car.
     */
    public HouseholdPower withCar(long watts, int phases) {
        nonNegative("watts", watts);
        if (phases != 1 && phases != 3) {
            throw new IllegalArgumentException("phases must be 1 or 3, not " + phases);
        }
        long each = phases == 1 ? 0 : watts / 3;
        long onL1 = watts - 2 * each;
        return new HouseholdPower(at, consumptionWatts, solarWatts, watts, boilerWatts, batteryWatts, batteryChargeWh,
                netWatts - evWatts + watts, netL1Watts - evWatts + onL1, netL2Watts + each, netL3Watts + each,
                gasLitresPerHour, waterLitresPerHour);
    }

    /**
     * The same instant with the battery doing {@code batteryWatts} (on L3, where the household's own is) and the
     * boiler drawing {@code boilerWatts} (on L2) instead of the household's own; the battery's charge is left as
     * the household's own battery had it (0 without one).
     */
    public HouseholdPower withStorage(long batteryWatts, long boilerWatts) {
        nonNegative("boilerWatts", boilerWatts);
        long net = netWatts - this.batteryWatts - this.boilerWatts + batteryWatts + boilerWatts;
        return new HouseholdPower(at, consumptionWatts, solarWatts, evWatts, boilerWatts, batteryWatts,
                batteryChargeWh, net, netL1Watts, netL2Watts - this.boilerWatts + boilerWatts,
                netL3Watts - this.batteryWatts + batteryWatts, gasLitresPerHour, waterLitresPerHour);
    }

    /** Power taken from the grid, 0 when exporting. */
    public long importWatts() {
        return Math.max(netWatts, 0);
    }

    /** Power injected into the grid, 0 when importing. */
    public long exportWatts() {
        return Math.max(-netWatts, 0);
    }

    private static void nonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, not " + value);
        }
    }
}
