package org.meterkast.sim.ev;

/**
 * The OCPP 1.6 status of the charge point's one connector, as far as a charger without faults or reservations
 * has them; the constants are named as they go over the wire.
 */
public enum ConnectorStatus {
    /** No car. */
    Available,
    /** A car is plugged in; no transaction yet (waiting for authorisation or a remote start). */
    Preparing,
    /** Energy flows. */
    Charging,
    /** The charger withholds energy: the limit in force is below the 6 A a car needs. */
    SuspendedEVSE,
    /** The charger offers energy, the car takes none (it is full). */
    SuspendedEV,
    /** The transaction has ended; the cable is still in. */
    Finishing;

    /**
     * What the connector's status follows from.
     *
     * @param pluggedIn    a car is connected
     * @param transaction  a transaction runs
     * @param ended        a transaction ended since the car was plugged in
     * @param offeredWatts what the charger offers the car, W (0 below 6 A)
     * @param carWatts     what the car would take of it, W
     */
    public record Inputs(boolean pluggedIn, boolean transaction, boolean ended, long offeredWatts, long carWatts) {
    }

    /** The status these inputs show. */
    public static ConnectorStatus of(Inputs in) {
        if (!in.pluggedIn()) {
            return Available;
        }
        if (!in.transaction()) {
            return in.ended() ? Finishing : Preparing;
        }
        if (in.offeredWatts() <= 0) {
            return SuspendedEVSE;
        }
        return in.carWatts() <= 0 ? SuspendedEV : Charging;
    }
}
