package org.meterkast.bench;

import org.meterkast.energy.quarter.BoundaryReading;
import org.meterkast.energy.quarter.HourBoundaryReading;
import org.meterkast.energy.quarter.MeterCandidates;
import org.meterkast.p1.Medium;

/** The fleet benchmarks' sink: counts the boundary pairs handed on and keeps the last, so none is optimised away. */
final class PairCount implements MeterCandidates.Sink {
    long pairs;
    Object last;

    @Override
    public void store(BoundaryReading pair) {
        pairs++;
        last = pair;
    }

    @Override
    public void store(Medium medium, HourBoundaryReading pair) {
        pairs++;
        last = pair;
    }
}
