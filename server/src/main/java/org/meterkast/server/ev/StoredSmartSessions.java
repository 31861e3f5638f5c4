package org.meterkast.server.ev;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.smartcharging.ChargedQuarter;
import org.meterkast.energy.smartcharging.SmartSession;
import org.meterkast.server.ev.ChargePointRepository.PlannedQuarter;
import org.meterkast.server.smartcharging.SmartChargedQuarters;
import org.springframework.stereotype.Component;

/**
 * The smart sessions of an address from the charging sessions' store: the sessions at its chargers with the quarters
 * they charged while the charger was in mode plan (the app steering it to a target by a departure), each with the
 * goal it ran with. Which id tag a session started with is the session's; the discount checks it against the
 * enrolled car's. A session whose goal changed while it ran counts as one smart session per goal ({@code 42},
 * {@code 42-2}, …), as each is judged on its own levels. A plan without "normal charging" charged nothing at once (0
 * %); one without a target has none (0 %, so it does not meet the programme's target).
 */
@Component
class StoredSmartSessions implements SmartChargedQuarters {
    private final ChargePointRepository repository;

    StoredSmartSessions(ChargePointRepository repository) {
        this.repository = repository;
    }

    private record Key(int transactionId, int normalUpTo, int targetSoc) {
    }

    @Override
    public List<SmartSession> between(long locationId, Instant from, Instant to) {
        Map<Key, List<ChargedQuarter>> quarters = new LinkedHashMap<>();
        Map<Key, String> idTags = new LinkedHashMap<>();
        for (PlannedQuarter q : repository.plannedQuarters(locationId, from, to)) {
            Key key = new Key(q.transactionId(), q.normalUpTo() == null ? 0 : q.normalUpTo(),
                    q.targetSoc() == null ? 0 : q.targetSoc());
            quarters.computeIfAbsent(key, k -> new ArrayList<>()).add(new ChargedQuarter(new Quarter(q.start()),
                    q.wh()));
            idTags.put(key, q.idTag());
        }
        List<SmartSession> sessions = new ArrayList<>();
        Map<Integer, Integer> goals = new LinkedHashMap<>();
        for (Map.Entry<Key, List<ChargedQuarter>> e : quarters.entrySet()) {
            Key key = e.getKey();
            int n = goals.merge(key.transactionId(), 1, Integer::sum);
            String id = n == 1 ? Integer.toString(key.transactionId()) : key.transactionId() + "-" + n;
            sessions.add(new SmartSession(id, idTags.get(key), key.normalUpTo(), key.targetSoc(), e.getValue()));
        }
        return sessions;
    }
}
