package org.meterkast.energy.tariff;

/** The meter the network tariffs are charged for. */
public enum MeterKind {
    /** a digital meter: real offtake and injection, the capacity tariff on the measured peaks */
    DIGITAL,
    /** a classic meter without production: a fixed capacity term of 2.5 kW and the analogue kWh tariff */
    ANALOGUE,
    /**
     * a classic reversing meter with solar panels: energy and levies on the net offtake, no injection compensation,
     * and the prosumer tariff on the inverter's power
     */
    ANALOGUE_REVERSING
}
