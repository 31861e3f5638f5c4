package org.meterkast.server.store;

import java.util.Objects;
import org.meterkast.energy.quarter.RegisterSnapshot;

/** Where a meter's quarter builder stands: the registers at the start of the quarter in progress, in its segment. */
public record MeterState(RegisterSnapshot boundary, int segment) {
    public MeterState {
        Objects.requireNonNull(boundary, "boundary");
    }
}
