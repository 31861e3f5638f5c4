package org.meterkast.energy.quarter;

import java.time.Duration;
import org.meterkast.p1.Medium;

/**
 * What one node keeps of one meter to decide which readings must be stored (docs/CLUSTER.md): the electricity
 * registers around quarter boundaries ({@link BoundaryCandidates}), the gas and water indexes around hour boundaries
 * ({@link VolumeCandidates}). One instance per meter and node; not thread-safe.
 */
public final class MeterCandidates {
    /** Receives each pair a reading must be stored in: registers at quarter boundaries, volumes at hour boundaries. */
    public interface Sink extends BoundaryCandidates.Sink, VolumeCandidates.Sink {
    }

    private final BoundaryCandidates registers;
    private final VolumeCandidates gas = new VolumeCandidates(Medium.GAS);
    private final VolumeCandidates water = new VolumeCandidates(Medium.WATER);

    /** @param window see {@link BoundaryCandidates} */
    public MeterCandidates(Duration window) {
        this.registers = new BoundaryCandidates(window);
    }

    public BoundaryCandidates registers() {
        return registers;
    }

    public VolumeCandidates gas() {
        return gas;
    }

    public VolumeCandidates water() {
        return water;
    }
}
