package org.meterkast.server.live;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Net power per second for the last hour, in a fixed ring of 3600 slots: live data stays in memory only, and a
 * Raspberry Pi never grows it. A slot remembers its second so a stale one (a gap in the telegrams) is skipped.
 */
final class PowerRing {
    static final int SECONDS = 3600;

    /** Net power at one second, W: positive = import, negative = export. */
    record Sample(Instant at, long netW) {
    }

    private final long[] epochSecond = new long[SECONDS];
    private final long[] netW = new long[SECONDS];
    private long newest = Long.MIN_VALUE;

    PowerRing() {
        Arrays.fill(epochSecond, Long.MIN_VALUE);
    }

    synchronized void put(Instant at, long watts) {
        long second = at.getEpochSecond();
        int slot = (int) Math.floorMod(second, SECONDS);
        epochSecond[slot] = second;
        netW[slot] = watts;
        newest = Math.max(newest, second);
    }

    /** The samples of the hour up to the newest one, oldest first. */
    synchronized List<Sample> lastHour() {
        List<Sample> samples = new ArrayList<>();
        if (newest == Long.MIN_VALUE) {
            return samples;
        }
        for (long s = newest - SECONDS + 1; s <= newest; s++) {
            int slot = (int) Math.floorMod(s, SECONDS);
            if (epochSecond[slot] == s) {
                samples.add(new Sample(Instant.ofEpochSecond(s), netW[slot]));
            }
        }
        return samples;
    }
}
