package org.meterkast.server.ev;

import org.meterkast.energy.device.ChargerStatus;

/** A connector's status as OCPP 1.6 StatusNotification reports it, and what it means in the manual's words. */
enum ConnectorStatus {
    AVAILABLE("Available"),
    PREPARING("Preparing"),
    CHARGING("Charging"),
    SUSPENDED_EVSE("SuspendedEVSE"),
    SUSPENDED_EV("SuspendedEV"),
    FINISHING("Finishing"),
    RESERVED("Reserved"),
    UNAVAILABLE("Unavailable"),
    FAULTED("Faulted");

    private final String wire;

    ConnectorStatus(String wire) {
        this.wire = wire;
    }

    String wire() {
        return wire;
    }

    /**
     * The manual's status for this one. A suspended connector is a paused session only while a transaction runs;
     * without one the car is plugged in and waits. Unavailable is an error for the user: the charger refuses to
     * charge (switched off by its owner or its installer), and nothing the manager does changes that.
     */
    ChargerStatus toChargerStatus(boolean transactionRunning) {
        return switch (this) {
            case AVAILABLE, RESERVED -> ChargerStatus.STANDBY;
            case PREPARING, FINISHING -> ChargerStatus.EV_CONNECTED;
            case CHARGING -> ChargerStatus.CHARGING;
            case SUSPENDED_EVSE, SUSPENDED_EV -> transactionRunning ? ChargerStatus.PAUSED : ChargerStatus.EV_CONNECTED;
            case UNAVAILABLE, FAULTED -> ChargerStatus.ERROR;
        };
    }
}
