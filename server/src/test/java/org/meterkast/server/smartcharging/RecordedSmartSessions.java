package org.meterkast.server.smartcharging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.meterkast.energy.smartcharging.ChargedQuarter;
import org.meterkast.energy.smartcharging.SmartSession;

/**
 * Smart sessions a test recorded per address, answered as a sessions store would: the sessions that charged in the
 * span asked, each with only its quarters in that span.
 */
final class RecordedSmartSessions implements SmartChargedQuarters {
    private final Map<Long, List<SmartSession>> byLocation = new ConcurrentHashMap<>();

    void record(long locationId, SmartSession session) {
        byLocation.computeIfAbsent(locationId, id -> new ArrayList<>()).add(session);
    }

    @Override
    public List<SmartSession> between(long locationId, Instant from, Instant to) {
        List<SmartSession> out = new ArrayList<>();
        for (SmartSession s : byLocation.getOrDefault(locationId, List.of())) {
            List<ChargedQuarter> inSpan = s.quarters().stream()
                    .filter(q -> !q.quarter().start().isBefore(from) && q.quarter().start().isBefore(to))
                    .toList();
            if (!inSpan.isEmpty()) {
                out.add(new SmartSession(s.id(), s.idTag(), s.normalChargingPercent(), s.targetPercent(), inSpan));
            }
        }
        return out;
    }
}
