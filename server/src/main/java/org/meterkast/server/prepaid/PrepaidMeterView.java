package org.meterkast.server.prepaid;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.meterkast.p1.BreakerState;
import org.meterkast.p1.Telegram;
import org.meterkast.server.ingest.TelegramReceived;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** What each meter's last telegram says of Prepaid: its breaker ({@code 0-0:96.3.10}) and power limit ({@code 0-0:17.0.0}). */
@Component
class PrepaidMeterView implements TelegramReceived.Listener {
    /**
     * @param breaker      the breaker's state; null when the meter does not send it
     * @param powerLimitW  the active power limit in W; null when none is set
     */
    record MeterSays(Instant at, BreakerState breaker, Long powerLimitW, long netW) {
        boolean breakerOpen() {
            return breaker == BreakerState.DISCONNECTED || breaker == BreakerState.READY_FOR_CONNECTION;
        }
    }

    /** The meter's breaker opened or closed (or was first seen): its Prepaid state may have changed. */
    record BreakerChanged(String meter, boolean open) {
    }

    private final Map<String, MeterSays> latest = new ConcurrentHashMap<>();
    private final ApplicationEventPublisher events;

    PrepaidMeterView(ApplicationEventPublisher events) {
        this.events = events;
    }

    @Override
    public void on(TelegramReceived event) {
        Telegram t = event.telegram();
        long net = t.powerImported().orElse(0) - t.powerExported().orElse(0);
        MeterSays now = new MeterSays(event.receivedAt(), t.breakerState().orElse(null),
                t.powerLimit().isPresent() ? t.powerLimit().getAsLong() : null, net);
        MeterSays before = latest.put(event.meter(), now);
        if (now.breaker() != null && (before == null || before.breakerOpen() != now.breakerOpen())) {
            events.publishEvent(new BreakerChanged(event.meter(), now.breakerOpen()));
        }
    }

    Optional<MeterSays> latest(String meter) {
        return Optional.ofNullable(latest.get(meter));
    }
}
