package org.meterkast.energy.control;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.meterkast.energy.device.Power;

/**
 * One consistent reading of an address, taken once at the start of a control cycle; the policies see nothing else.
 *
 * @param at              when it was taken
 * @param grid            the grid power now (the meter's last telegram): positive import, negative export
 * @param quarterImportWh energy taken from the grid since the running quarter began, Wh
 * @param quarterExportWh energy injected since the running quarter began, Wh
 * @param production      the inverter's production now, as a positive figure ({@link Power#ZERO} without one)
 * @param peakLimit       the quarter average the household should not exceed: this month's capacity peak so far,
 *                        never below 2.5 kW
 * @param chargers        the address's chargers
 * @param batteries       the address's home batteries
 * @param boilers         the address's boilers
 * @param surplusOrder    who gets solar surplus first, as the household ordered them; every {@link SurplusUse} once
 */
public record SiteSnapshot(Instant at, Power grid, long quarterImportWh, long quarterExportWh, Power production,
                           Power peakLimit, List<ChargerSnapshot> chargers, List<BatterySnapshot> batteries,
                           List<BoilerSnapshot> boilers, List<SurplusUse> surplusOrder) {
    /** The order solar surplus goes in unless the household chose another: the car, the battery, the boiler. */
    public static final List<SurplusUse> DEFAULT_SURPLUS_ORDER = List.of(SurplusUse.EV, SurplusUse.BATTERY,
            SurplusUse.BOILER);

    /** A snapshot of an address with chargers only. */
    public SiteSnapshot(Instant at, Power grid, long quarterImportWh, long quarterExportWh, Power production,
                        Power peakLimit, List<ChargerSnapshot> chargers) {
        this(at, grid, quarterImportWh, quarterExportWh, production, peakLimit, chargers, List.of(), List.of(),
                DEFAULT_SURPLUS_ORDER);
    }

    public SiteSnapshot {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(production, "production");
        Objects.requireNonNull(peakLimit, "peakLimit");
        chargers = List.copyOf(chargers);
        batteries = List.copyOf(batteries);
        boilers = List.copyOf(boilers);
        surplusOrder = List.copyOf(surplusOrder);
        if (surplusOrder.size() != SurplusUse.values().length
                || java.util.EnumSet.copyOf(surplusOrder).size() != SurplusUse.values().length) {
            throw new IllegalArgumentException("surplusOrder names every use once, not " + surplusOrder);
        }
    }
}
