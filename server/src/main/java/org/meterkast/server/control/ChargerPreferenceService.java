package org.meterkast.server.control;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.meterkast.server.location.AddressRemoved;
import org.meterkast.server.location.DeviceRemoved;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The chargers' preferences, kept in memory once read: every cycle of every address asks for them, and they change
 * only when the household saves them on this node. The sessions' store reads them too, to keep with each quarter
 * what the charger was set to do.
 */
@Service
public class ChargerPreferenceService {
    private record Key(long locationId, String device) {
    }

    private final ChargerPreferenceRepository repository;
    private final Clock clock;
    private final Map<Key, ChargerPreferences> cache = new ConcurrentHashMap<>();

    ChargerPreferenceService(ChargerPreferenceRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** The charger's preferences; the defaults while none were saved, or while no address shows its meter. */
    public ChargerPreferences of(long locationId, String device) {
        if (locationId == 0) {
            return ChargerPreferences.DEFAULTS;
        }
        return cache.computeIfAbsent(new Key(locationId, device),
                k -> repository.find(k.locationId(), k.device()).orElse(ChargerPreferences.DEFAULTS));
    }

    void save(long locationId, String device, ChargerPreferences preferences) {
        repository.save(locationId, device, preferences, clock.instant());
        cache.put(new Key(locationId, device), preferences);
    }

    @EventListener
    void on(DeviceRemoved event) {
        repository.delete(event.locationId(), Long.toString(event.deviceId()));
        cache.remove(new Key(event.locationId(), Long.toString(event.deviceId())));
    }

    @EventListener
    void on(AddressRemoved event) {
        cache.keySet().removeIf(k -> k.locationId() == event.locationId());
    }
}
