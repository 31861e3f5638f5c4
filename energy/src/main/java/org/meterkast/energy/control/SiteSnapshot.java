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
 */
public record SiteSnapshot(Instant at, Power grid, long quarterImportWh, long quarterExportWh, Power production,
                           Power peakLimit, List<ChargerSnapshot> chargers) {
    public SiteSnapshot {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(production, "production");
        Objects.requireNonNull(peakLimit, "peakLimit");
        chargers = List.copyOf(chargers);
    }
}
