package org.meterkast.server.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.control.SurplusUse;
import org.meterkast.server.location.AddressRemoved;
import org.meterkast.server.location.DeviceRemoved;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The household's surplus order and its boilers' preferences, kept in memory once read (every cycle asks), and
 * when each boiler's water last reached 60 °C: seen by the loop in its readings, and written down (at most every
 * {@link #LEGIONELLA_WRITES} while the water stays hot), so a restart does not forget the weekly cycle.
 */
@Service
public class StoragePreferences {
    /** The water temperature that kills legionella, °C. */
    static final double LEGIONELLA_C = 60;
    /** While the water stays hot, its time is written again after this long, not at every cycle. */
    static final Duration LEGIONELLA_WRITES = Duration.ofMinutes(15);

    private record Key(long locationId, String device) {
    }

    private final StoragePreferenceRepository repository;
    private final Clock clock;
    private final Map<Long, List<SurplusUse>> orders = new ConcurrentHashMap<>();
    private final Map<Key, BoilerPreferences> boilers = new ConcurrentHashMap<>();
    /** The last legionella cycle seen, and the one written down, per boiler; an empty one: never seen. */
    private final Map<Key, Optional<Instant>> seen = new ConcurrentHashMap<>();
    private final Map<Key, Instant> written = new ConcurrentHashMap<>();

    StoragePreferences(StoragePreferenceRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** Who gets the surplus first at the address; the default order while none was saved, or with no address. */
    public List<SurplusUse> surplusOrder(long locationId) {
        if (locationId == 0) {
            return SiteSnapshot.DEFAULT_SURPLUS_ORDER;
        }
        return orders.computeIfAbsent(locationId,
                id -> repository.surplusOrder(id).orElse(SiteSnapshot.DEFAULT_SURPLUS_ORDER));
    }

    void saveSurplusOrder(long locationId, List<SurplusUse> order) {
        repository.saveSurplusOrder(locationId, order, clock.instant());
        orders.put(locationId, List.copyOf(order));
    }

    /** How the household wants the boiler kept; the defaults while none were saved, or with no address. */
    public BoilerPreferences boiler(long locationId, String device) {
        if (locationId == 0) {
            return BoilerPreferences.DEFAULTS;
        }
        return boilers.computeIfAbsent(new Key(locationId, device), k -> repository.boiler(k.locationId(), k.device())
                .map(StoragePreferenceRepository.BoilerRow::preferences).filter(p -> p != null)
                .orElse(BoilerPreferences.DEFAULTS));
    }

    void saveBoiler(long locationId, String device, BoilerPreferences preferences) {
        repository.saveBoiler(locationId, device, preferences, clock.instant());
        boilers.put(new Key(locationId, device), preferences);
    }

    /** When the boiler's water last reached 60 °C, as far as this server has seen; empty when never (or no address). */
    public Optional<Instant> lastLegionella(long locationId, String device) {
        if (locationId == 0) {
            return Optional.empty();
        }
        return seen.computeIfAbsent(new Key(locationId, device), this::stored);
    }

    /** The boiler's water was at this temperature at this instant: 60 °C or more is a legionella cycle. */
    void water(long locationId, String device, Instant at, double temperatureC) {
        if (locationId == 0 || !(temperatureC >= LEGIONELLA_C)) {
            return;
        }
        Key key = new Key(locationId, device);
        Optional<Instant> before = seen.computeIfAbsent(key, this::stored);
        if (before.isPresent() && !at.isAfter(before.get())) {
            return;
        }
        seen.put(key, Optional.of(at));
        Instant lastWritten = written.get(key);
        if (lastWritten == null || !at.isBefore(lastWritten.plus(LEGIONELLA_WRITES))) {
            repository.saveLegionella(locationId, device, at, clock.instant());
            written.put(key, at);
        }
    }

    private Optional<Instant> stored(Key key) {
        Optional<Instant> last = repository.boiler(key.locationId(), key.device())
                .map(StoragePreferenceRepository.BoilerRow::lastLegionella);
        last.ifPresent(at -> written.put(key, at));
        return last;
    }

    @EventListener
    void on(DeviceRemoved event) {
        String device = Long.toString(event.deviceId());
        repository.deleteBoiler(event.locationId(), device);
        Key key = new Key(event.locationId(), device);
        boilers.remove(key);
        seen.remove(key);
        written.remove(key);
    }

    @EventListener
    void on(AddressRemoved event) {
        orders.remove(event.locationId());
        boilers.keySet().removeIf(k -> k.locationId() == event.locationId());
        seen.keySet().removeIf(k -> k.locationId() == event.locationId());
        written.keySet().removeIf(k -> k.locationId() == event.locationId());
    }
}
