package org.meterkast.server.tariff;

import java.time.LocalDate;
import java.util.List;
import org.meterkast.energy.tariff.Levies;
import org.meterkast.energy.tariff.NetworkTariff;
import org.meterkast.energy.tariff.NetworkTariffs;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterRepository;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A location's tariffs: the versions in force, the history of changes, and saving, replacing and deleting one. */
@RestController
public class TariffController {
    /** The versions in force, oldest first, and every change, newest first. */
    public record TariffsView(List<TariffService.VersionView> versions, List<TariffService.ChangeView> changes,
                       LocalDate changesApplyFrom) {
    }

    /** A new version: the tariff, and the date it applies from (tomorrow when left out). */
    record NewVersion(LocalDate validFrom, TariffForm tariff) {
    }

    /** The network tariffs and levies Meterkast ships, as used by the bill. */
    record ReferenceView(List<NetworkTariff> network, List<Levies.LevySet> levies) {
    }

    private final TariffService tariffs;
    private final MeterRepository meters;
    private final NetworkTariffs network;
    private final Levies levies;

    TariffController(TariffService tariffs, MeterRepository meters, NetworkTariffs network, Levies levies) {
        this.tariffs = tariffs;
        this.meters = meters;
        this.network = network;
        this.levies = levies;
    }

    @GetMapping("/api/meters/{id}/tariffs")
    public TariffsView tariffs(@PathVariable("id") String id) {
        int meter = meters.require(id).id();
        return new TariffsView(tariffs.versions(meter), tariffs.changes(meter), tariffs.tomorrow());
    }

    @PostMapping("/api/meters/{id}/tariffs")
    ResponseEntity<TariffService.VersionView> add(@PathVariable("id") String id, @RequestBody NewVersion body) {
        Meter meter = meters.require(id);
        return ResponseEntity.status(HttpStatus.CREATED).body(tariffs.save(meter.id(), body.validFrom(), body.tariff()));
    }

    /** Replaces the version from the date with another tariff (the old one stays in the history). */
    @PutMapping("/api/meters/{id}/tariffs/{validFrom}")
    TariffService.VersionView replace(@PathVariable("id") String id, @PathVariable("validFrom") LocalDate validFrom,
                                      @RequestBody TariffForm body) {
        Meter meter = meters.require(id);
        return tariffs.replace(meter, validFrom, body);
    }

    @DeleteMapping("/api/meters/{id}/tariffs/{validFrom}")
    ResponseEntity<Void> delete(@PathVariable("id") String id, @PathVariable("validFrom") LocalDate validFrom) {
        Meter meter = meters.require(id);
        tariffs.delete(meter, validFrom);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/tariffs/reference")
    ReferenceView reference() {
        return new ReferenceView(network.all(), levies.all());
    }
}
