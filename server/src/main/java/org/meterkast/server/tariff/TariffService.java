package org.meterkast.server.tariff;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.meterkast.energy.tariff.FlemishTariff;
import org.meterkast.energy.tariff.MeterKind;
import org.meterkast.energy.tariff.NetworkTariff;
import org.meterkast.energy.tariff.NetworkTariffs;
import org.meterkast.energy.tariff.Tariff;
import org.meterkast.energy.tariff.TariffHistory;
import org.meterkast.energy.tariff.TariffVersion;
import org.meterkast.server.store.Meter;
import org.meterkast.server.web.BadParameterException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * A location's tariff versions and the history of their changes. A change saved today applies from tomorrow
 * (Brussels time), as in the iLusmart app, unless the request names another date; the first version also covers
 * the days before it, so history is costed as soon as a tariff is known.
 */
@Service
public class TariffService {
    static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    /** A version in force from a date. */
    public record VersionView(LocalDate validFrom, TariffForm tariff, Instant savedAt) {
    }

    /** One change as the history shows it: saved or deleted, when, and the tariff saved. */
    public record ChangeView(LocalDate validFrom, Instant savedAt, String action, TariffForm tariff) {
    }

    private final TariffRepository repository;
    private final JsonMapper json;
    private final Clock clock;
    private final NetworkTariffs network;

    TariffService(TariffRepository repository, JsonMapper json, Clock clock, NetworkTariffs network) {
        this.network = network;
        this.repository = repository;
        this.json = json;
        this.clock = clock;
    }

    /** The day a change saved now applies from. */
    public LocalDate tomorrow() {
        return LocalDate.now(clock.withZone(BRUSSELS)).plusDays(1);
    }

    /** The versions in force, oldest first. */
    public List<VersionView> versions(int meterId) {
        var current = new TreeMap<LocalDate, VersionView>();
        for (TariffRepository.Change c : repository.changes(meterId)) {
            if (c.deleted()) {
                current.remove(c.validFrom());
            } else {
                current.put(c.validFrom(), new VersionView(c.validFrom(), read(c.tariff()), c.savedAt()));
            }
        }
        return new ArrayList<>(current.values());
    }

    /** Every change, newest first. */
    public List<ChangeView> changes(int meterId) {
        var out = new ArrayList<ChangeView>();
        for (TariffRepository.Change c : repository.changes(meterId)) {
            out.add(0, new ChangeView(c.validFrom(), c.savedAt(), c.deleted() ? "deleted" : "saved",
                    c.deleted() ? null : read(c.tariff())));
        }
        return out;
    }

    /** The tariff history the bill uses; empty when no tariff was saved. */
    public Optional<TariffHistory> history(int meterId) {
        List<VersionView> versions = versions(meterId);
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TariffHistory(versions.stream()
                .map(v -> new TariffVersion(v.validFrom(), v.tariff().toTariff(), v.tariff().gasTariff())).toList()));
    }

    /** Saves a version from {@code validFrom}, or from tomorrow when null; checked first. */
    @Transactional
    public VersionView save(int meterId, LocalDate validFrom, TariffForm form) {
        if (form == null) {
            throw new BadParameterException("tariff", "error.tariff.missing", "tariff");
        }
        Tariff tariff = form.toTariff();
        org.meterkast.energy.tariff.GasTariff gas = form.gasTariff();
        LocalDate from = validFrom == null ? tomorrow() : validFrom;
        if (tariff instanceof FlemishTariff f && f.meter() != MeterKind.DIGITAL) {
            // a classic meter needs its own kWh network tariff, which the data has for few areas and years
            for (NetworkTariff t : network.all()) {
                if (t.area() == f.area() && t.analoguePerKwh() == null
                        && !network.inForce(f.area(), from).validFrom().isAfter(t.validFrom())) {
                    throw new BadParameterException("tariff.meter", "error.tariff.analogue-unknown",
                            f.area().displayName(), t.validFrom().toString());
                }
            }
        }
        TariffForm canonical = TariffForm.of(tariff, gas);
        Instant now = clock.instant();
        repository.add(meterId, from, now, json.writeValueAsString(canonical));
        return new VersionView(from, canonical, now);
    }

    /** Replaces the version from the date (the old one stays in the history); refused when there is none. */
    @Transactional
    public VersionView replace(Meter meter, LocalDate validFrom, TariffForm form) {
        requireVersion(meter, validFrom);
        return save(meter.id(), validFrom, form);
    }

    /** Deletes the version from the date (kept in the history); refused when there is none. */
    @Transactional
    public void delete(Meter meter, LocalDate validFrom) {
        requireVersion(meter, validFrom);
        repository.add(meter.id(), validFrom, clock.instant(), null);
    }

    private void requireVersion(Meter meter, LocalDate validFrom) {
        if (versions(meter.id()).stream().noneMatch(v -> v.validFrom().equals(validFrom))) {
            throw new BadParameterException("validFrom", "error.tariff.no-version", meter.name(), validFrom.toString());
        }
    }

    private TariffForm read(String stored) {
        return json.readValue(stored, TariffForm.class);
    }
}
