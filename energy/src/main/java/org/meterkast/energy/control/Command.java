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
}
