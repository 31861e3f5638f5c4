package org.meterkast.sim;

import java.time.Instant;
import java.util.Objects;
import org.meterkast.p1.Tariff;

/**
 * One clock quarter hour as the simulated meter integrated it. The energies are the register differences
 * between the quarter's start and end, so the quarters of a period add up exactly to the registers' change.
 *
 * @param start              the quarter's start (a multiple of 15 minutes)
 * @param tariff             the tariff period the quarter was counted in
 * @param importedWh         import in the quarter (day and night registers together)
 * @param exportedWh         export in the quarter
 * @param averageImportWatts the quarter's average import as the meter computes it for the capacity tariff:
 *                           the import in W·s divided by 900
 * @param solarWh            solar production (the simulator knows it; a meter does not)
 * @param gasLitres          gas used
 * @param waterLitres        water used
 */
public record QuarterEnergy(Instant start, Tariff tariff, long importedWh, long exportedWh, long averageImportWatts,
                            long solarWh, long gasLitres, long waterLitres) {
    public QuarterEnergy {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(tariff, "tariff");
        if (start.getNano() != 0 || Math.floorMod(start.getEpochSecond(), 900) != 0) {
            throw new IllegalArgumentException("start must be on a quarter hour, not " + start);
        }
        if (importedWh < 0 || exportedWh < 0 || averageImportWatts < 0 || solarWh < 0 || gasLitres < 0
                || waterLitres < 0) {
            throw new IllegalArgumentException("the quarter from " + start + " has a negative value: import "
                    + importedWh + " Wh, export " + exportedWh + " Wh, average " + averageImportWatts + " W, solar "
                    + solarWh + " Wh, gas " + gasLitres + " l, water " + waterLitres + " l");
        }
    }

    /** The quarter's end. */
    public Instant end() {
        return start.plusSeconds(900);
    }
}
