package org.meterkast.energy.control;

import java.util.Objects;
import org.meterkast.energy.device.Power;

/** What a policy wants a device to do, with why. {@code device} is the device's id within its address. */
public sealed interface Command {
    /** The device this command is for. */
    String device();

    /** Why. */
    Reason reason();

    /**
     * Offer this current per phase to a charger's EV on this many phases; 0 A pauses (the session stays open).
     */
    record OfferCurrent(String device, double amps, int phases, Reason reason) implements Command {
        public OfferCurrent {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(reason, "reason");
            if (amps < 0) {
                throw new IllegalArgumentException("amps must not be negative, not " + amps);
            }
            if (phases != 1 && phases != 3) {
                throw new IllegalArgumentException("phases must be 1 or 3, not " + phases);
            }
        }
    }

    /**
     * A ceiling on what a device may draw, from a guard (the capacity peak); it caps whatever the other policies
     * offer that device, and does not switch anything on by itself.
     */
    record LimitPower(String device, Power max, Reason reason) implements Command {
        public LimitPower {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(max, "max");
            Objects.requireNonNull(reason, "reason");
            if (max.isNegative()) {
                throw new IllegalArgumentException("a limit is not negative: " + max);
            }
        }
    }

    /** End a charger's running session for good. */
    record StopSession(String device, Reason reason) implements Command {
        public StopSession {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Charge a home battery at this power (positive), discharge it (negative) or hold it (zero); the loop clamps it
     * to the battery's limits, and a {@link LimitPower} for the battery caps its charging.
     */
    record BatteryPower(String device, Power power, Reason reason) implements Command {
        public BatteryPower {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(power, "power");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Hand a home battery back to its own control (its built-in self-consumption). */
    record ReleaseBattery(String device, Reason reason) implements Command {
        public ReleaseBattery {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Heat a boiler at this power: zero switches its element off; a boiler that can only be switched is switched on
     * for any positive power (a policy asks its rated power), one that can be modulated heats at it. A {@link
     * LimitPower} for the boiler caps it (below a switched boiler's rated power: off).
     */
    record HeatBoiler(String device, Power power, Reason reason) implements Command {
        public HeatBoiler {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(power, "power");
            Objects.requireNonNull(reason, "reason");
            if (power.isNegative()) {
                throw new IllegalArgumentException("a boiler's power is not negative: " + power);
            }
        }
    }
}
