package org.meterkast.server.control;

import org.meterkast.server.device.MeterPowers;
import org.meterkast.server.live.LiveState;
import org.meterkast.server.live.LiveSummary;
import org.springframework.stereotype.Component;

/** The meters' net power from their last telegram, for the simulated devices. */
@Component
class LiveMeterPowers implements MeterPowers {
    private final LiveState live;

    LiveMeterPowers(LiveState live) {
        this.live = live;
    }

    @Override
    public long netWatts(String meter) {
        return live.latest(meter).map(LiveSummary::netW).orElse(0L);
    }
}
