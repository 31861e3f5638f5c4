package org.meterkast.energy.device;

import java.util.Optional;

/**
 * An EV charger as the control loop sees it: it can be read and offered a current; one adapter per protocol (OCPP
 * 1.6J, the simulator). Extra abilities are separate small interfaces, present only where the charger, as
 * configured, has them.
 */
public interface ChargerPort extends Device {
    /** What the charger reports now. */
    ChargerReading read() throws DeviceException;

    /**
     * Offers this current per phase to the EV: 0 pauses charging (the session stays open), from the charger's
     * minimum (6 A, IEC 61851) up to its maximum charges.
     */
    void offerCurrent(double amps) throws DeviceException;

    /** Ends the running session for good (a new plug-in or a remote start begins the next). */
    void stopSession() throws DeviceException;

    /** The lowest and highest current per phase this charger can offer, A. */
    CurrentRange currentRange();

    /** Present only where this charger can switch between 1 and 3 phases. */
    default Optional<PhaseSwitch> phaseSwitch() {
        return Optional.empty();
    }

    /** Present only where the charger learns the car's state of charge (DC, ISO 15118). */
    default Optional<VehicleSoc> vehicleSoc() {
        return Optional.empty();
    }

    /**
     * The range of current per phase a charger offers.
     *
     * @param minAmps the least it can offer without pausing (6 A for AC)
     * @param maxAmps the most (16 A or 32 A by its breaker and cable)
     */
    record CurrentRange(double minAmps, double maxAmps) {
        public CurrentRange {
            if (minAmps <= 0 || maxAmps < minAmps) {
                throw new IllegalArgumentException("need 0 < minAmps <= maxAmps, not " + minAmps + "…" + maxAmps);
            }
        }
    }

    /** A charger that can switch between charging on 1 and on 3 phases. */
    interface PhaseSwitch {
        /** Switches to {@code phases} (1 or 3); the charger may pause briefly while it does. */
        void usePhases(int phases) throws DeviceException;
    }

    /** A charger that reports the car's state of charge. */
    interface VehicleSoc {
        /** The car's state of charge in percent, empty when the car has not told it (yet). */
        Optional<Integer> socPercent() throws DeviceException;
    }
}
