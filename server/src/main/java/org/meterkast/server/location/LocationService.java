package org.meterkast.server.location;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import org.meterkast.energy.location.Ean;
import org.meterkast.server.ingest.AddedSourceNetworks;
import org.meterkast.server.ingest.IngestService;
import org.meterkast.server.store.KeyedRows;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.QuarterRepository;
import org.meterkast.server.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Adding and changing an account's addresses and their devices, with the EANs checked. */
@Service
public class LocationService {
    private static final Logger log = LoggerFactory.getLogger(LocationService.class);
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private final LocationRepository locations;
    private final MeterRepository meters;
    private final IngestService ingest;
    private final QuarterRepository quarters;
    private final KeyedRows keyedRows;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final SecureRandom random = new SecureRandom();
    private final int perAccount;
    private final int sourcesPerAccount;

    LocationService(LocationRepository locations, MeterRepository meters, IngestService ingest,
                    QuarterRepository quarters, KeyedRows keyedRows, Clock clock, ApplicationEventPublisher events,
                    @Value("${meterkast.locations.per-account:20}") int perAccount,
                    @Value("${meterkast.added-sources.per-account:3}") int sourcesPerAccount) {
        this.perAccount = perAccount;
        this.sourcesPerAccount = sourcesPerAccount;
        this.locations = locations;
        this.meters = meters;
        this.ingest = ingest;
        this.quarters = quarters;
        this.keyedRows = keyedRows;
        this.clock = clock;
        this.events = events;
    }

    /** The meters this server reads that no address shows yet: what "a meter read by this server" offers. */
    public List<String> freeMeters() {
        var held = locations.heldMeters();
        return ingest.configuredMeters().stream().filter(m -> !held.contains(m)).toList();
    }

    /**
     * Adds an address. Its meter is a configured one no address shows yet, or a new one for Fluvius imports (its
     * id is random, so it says nothing about other households). The digital meter (with its EAN) and, for a meter
     * read live, the P1 reader are entered as devices active from today.
     */
    @Transactional
    public Location add(long accountId, LocationForm input) {
        LocationForm form = check(input);
        String source = form.source() == null ? "import" : form.source();
        // each address may hold a meter read live; a bound keeps one account from filling the server
        if (locations.ofAccount(accountId).size() >= perAccount) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "name", "location.limit", Integer.toString(perAccount));
        }
        Meter meter;
        switch (source) {
            case "configured" -> {
                if (form.meter() == null || !freeMeters().contains(form.meter())) {
                    throw new ApiException(HttpStatus.BAD_REQUEST, "meter", "location.meter.not-free",
                            String.valueOf(form.meter()));
                }
                meter = meters.find(form.meter()).orElseGet(() -> meters.register(form.meter(), "not read now"));
            }
            case "import" -> meter = meters.register(newMeterName(), "fluvius import");
            case "tcp", "homewizard" -> meter = live(accountId, source, form.address());
            default -> throw new ApiException(HttpStatus.BAD_REQUEST, "source", "location.source.unknown", source);
        }
        long id = locations.insert(accountId, meter.id(), form, clock.instant());
        LocalDate today = LocalDate.now(clock.withZone(BRUSSELS));
        if (form.eanElectricity() != null) {
            locations.insertDevice(id, new Device(0, Device.Kind.DIGITAL_METER, "", null, form.eanElectricity(), today));
        }
        if (!source.equals("import")) {
            locations.insertDevice(id, new Device(0, Device.Kind.P1_READER, meter.source(), null, null, today));
        }
        events.publishEvent(new AddressAdded(id, meter.name()));
        return locations.find(accountId, id).orElseThrow();
    }

    /**
     * Gives an account an address holding the fleet meter {@code meter} (its dongle publishes on the provider's
     * broker, docs/CLUSTER.md) with the electricity EAN {@code ean}: the meter is made, source {@code fleet}, unless
     * its telegrams made it already, and the address gets the digital meter (with the EAN) and the P1 reader as
     * devices active from today, as an address added in the app does. The caller has checked the EAN, that no
     * address holds the meter and that the account has room for one more address; a meter held meanwhile fails on
     * the location's unique meter.
     */
    @Transactional
    public Location addFleetAddress(long accountId, String meter, String ean, String name) {
        if (locations.ofAccount(accountId).size() >= perAccount) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "email", "location.limit", Integer.toString(perAccount));
        }
        Meter stored = meters.find(meter).orElseGet(() -> meters.register(meter, "fleet"));
        LocationForm form = new LocationForm(name, "", "", "", ean, null, "fleet", meter, null);
        long id = locations.insert(accountId, stored.id(), form, clock.instant());
        LocalDate today = LocalDate.now(clock.withZone(BRUSSELS));
        locations.insertDevice(id, new Device(0, Device.Kind.DIGITAL_METER, "", null, ean, today));
        locations.insertDevice(id, new Device(0, Device.Kind.P1_READER, stored.source(), null, null, today));
        events.publishEvent(new AddressAdded(id, stored.name()));
        return locations.find(accountId, id).orElseThrow();
    }

    /** The most addresses one account may have ({@code meterkast.locations.per-account}). */
    public int addressesPerAccount() {
        return perAccount;
    }

    /** A new meter read from the dongle or HomeWizard P1 meter at this address, from now on and at every start. */
    private Meter live(long accountId, String source, String address) {
        if (!ingest.acceptsAddedSources()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "source", "location.source.off");
        }
        if (address == null || address.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "address", "location.source.address", "");
        }
        if (locations.addedSources(accountId) >= sourcesPerAccount) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "source", "location.sources.limit",
                    Integer.toString(sourcesPerAccount));
        }
        String name = newMeterName();
        meters.register(name, source + " " + address);
        try {
            ingest.startAdded(name, source, address);
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "address", "location.source.address", address);
        } catch (AddedSourceNetworks.RefusedException e) {
            // the reason stays in the log: the answer says only that this address is not one to read
            log.info("account {}: the {} source '{}' was refused: {}", accountId, source, address, e.getMessage());
            throw new ApiException(HttpStatus.BAD_REQUEST, "address", "location.source." + e.category(), address);
        }
        return meters.require(name);
    }

    @Transactional
    public Location update(long accountId, long id, LocationForm input) {
        require(accountId, id);
        locations.update(accountId, id, check(input));
        return locations.find(accountId, id).orElseThrow();
    }

    /**
     * Where an address's data comes from and how far it reaches.
     *
     * @param live        {@code configured} (a meter this server reads), {@code simulated} (the demo household), {@code tcp} or {@code homewizard} (a source
     *                    given in the app), or null: no live source, only Fluvius exports
     * @param liveAddress the host:port or host of a source given in the app, else null
     * @param firstData   the start of the first quarter stored, null when none is
     * @param lastData    the start of the newest quarter stored, null when none is
     * @param configured  whether the meter is one this server is configured to read: its source is the
     *                    administrator's, and its data stays when the address is removed
     */
    public record Feed(String live, String liveAddress, Instant firstData, Instant lastData, boolean configured) {
    }

    public Feed feed(Location location) {
        String meter = location.meter();
        String live = null;
        String address = null;
        var added = ingest.addedSource(meter);
        if (added.isPresent()) {
            live = added.get()[0];
            address = added.get()[1];
        } else if (ingest.isSimulated(meter)) {
            live = "simulated";
        } else if (ingest.isConfigured(meter) && ingest.counts(meter).isPresent()) {
            live = "configured";
        }
        var span = meters.find(meter).flatMap(m -> quarters.span(m.id()));
        return new Feed(live, address, span.map(s -> s[0]).orElse(null), span.map(s -> s[1]).orElse(null),
                ingest.isConfigured(meter));
    }

    /**
     * Removes an address with its devices. The data of its meter goes with it when no other address shows the meter
     * and the meter is not one this server is configured to read (that data is the operator's to remove): a meter
     * of Fluvius exports or of a live source given in the app, whose source stops being read.
     */
    @Transactional
    public void remove(long accountId, long id) {
        Location location = require(accountId, id);
        locations.delete(accountId, id);
        events.publishEvent(new AddressRemoved(id, location.meter()));
        String meter = location.meter();
        if (ingest.isConfigured(meter) || locations.showing(meter) > 0) {
            return;
        }
        ingest.stopAdded(meter);
        meters.find(meter).ifPresent(m -> {
            Map<String, Integer> rows = keyedRows.delete("meter_id", m.id(), Set.of());
            locations.deleteMeter(m.id());
            log.info("account {}: address {} removed with its meter '{}'; rows removed per table: {}", accountId, id,
                    meter, rows);
        });
    }

    /**
     * Gives an address a live source, or another one: the same checks as adding an address with one (sources added
     * in the app allowed, the account's number of them, the host allowed). A meter this server is configured to read
     * keeps its source.
     */
    @Transactional
    public Feed changeSource(long accountId, long id, LocationForm input) {
        Location location = require(accountId, id);
        String meter = location.meter();
        if (ingest.isConfigured(meter)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "source", "location.meter.administrators");
        }
        String kind = input == null ? null : input.source();
        if (!"tcp".equals(kind) && !"homewizard".equals(kind)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "source", "location.source.unknown", String.valueOf(kind));
        }
        String address = input.address() == null ? null : input.address().strip();
        if (!ingest.acceptsAddedSources()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "source", "location.source.off");
        }
        if (address == null || address.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "address", "location.source.address", "");
        }
        var before = ingest.addedSource(meter);
        if (before.isEmpty() && locations.addedSources(accountId) >= sourcesPerAccount) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "source", "location.sources.limit",
                    Integer.toString(sourcesPerAccount));
        }
        ingest.stopAdded(meter);
        try {
            ingest.startAdded(meter, kind, address);
        } catch (IllegalArgumentException | AddedSourceNetworks.RefusedException e) {
            // the source it had goes on being read
            before.ifPresent(b -> restart(meter, b));
            if (e instanceof AddedSourceNetworks.RefusedException refused) {
                log.info("account {}: the {} source '{}' was refused: {}", accountId, kind, address, e.getMessage());
                throw new ApiException(HttpStatus.BAD_REQUEST, "address", "location.source." + refused.category(),
                        address);
            }
            throw new ApiException(HttpStatus.BAD_REQUEST, "address", "location.source.address", address);
        }
        meters.register(meter, kind + " " + address);
        if (locations.devices(id).stream().noneMatch(d -> d.kind() == Device.Kind.P1_READER)) {
            locations.insertDevice(id, new Device(0, Device.Kind.P1_READER, "", null, null,
                    LocalDate.now(clock.withZone(BRUSSELS))));
        }
        return feed(location);
    }

    private void restart(String meter, String[] source) {
        try {
            ingest.startAdded(meter, source[0], source[1]);
        } catch (RuntimeException | AddedSourceNetworks.RefusedException e) {
            log.warn("meter '{}': its former source {} {} could not be read again: {}", meter, source[0], source[1],
                    e.getMessage());
        }
    }

    /** Stops reading the live source given to an address; its data stays, and Fluvius exports can still be added. */
    @Transactional
    public Feed removeSource(long accountId, long id) {
        Location location = require(accountId, id);
        if (ingest.isConfigured(location.meter())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "source", "location.meter.administrators");
        }
        if (!ingest.stopAdded(location.meter())) {
            throw new ApiException(HttpStatus.NOT_FOUND, "source", "location.source.none");
        }
        return feed(location);
    }

    public Location require(long accountId, long id) {
        return locations.find(accountId, id)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "location", "location.unknown",
                        Long.toString(id)));
    }

    public List<Device> devices(long accountId, long locationId) {
        require(accountId, locationId);
        return locations.devices(locationId);
    }

    @Transactional
    public Device addDevice(long accountId, long locationId, DeviceForm input) {
        require(accountId, locationId);
        if (input.kind() == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "kind", "location.device.kind");
        }
        String ean = input.ean() == null || input.ean().isBlank() ? null : checkEan("ean", input.ean().strip(), null);
        String serial = input.serial() == null || input.serial().isBlank() ? null : input.serial().strip();
        if (serial != null && serial.length() > 64) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "serial", "location.device.serial");
        }
        LocalDate since = input.activeSince() == null ? LocalDate.now(clock.withZone(BRUSSELS)) : input.activeSince();
        String label = input.label() == null ? "" : input.label().strip();
        Device device = new Device(0, input.kind(), label, serial, ean, since);
        long id = locations.insertDevice(locationId, device);
        return new Device(id, device.kind(), label, serial, ean, since);
    }

    public void removeDevice(long accountId, long locationId, long deviceId) {
        require(accountId, locationId);
        if (!locations.deleteDevice(locationId, deviceId)) {
            throw new ApiException(HttpStatus.NOT_FOUND, "device", "location.device.unknown", Long.toString(deviceId));
        }
        events.publishEvent(new DeviceRemoved(locationId, deviceId));
    }

    private static LocationForm check(LocationForm input) {
        if (input == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "name", "location.name.required");
        }
        LocationForm form = input.cleaned();
        if (form.name().isEmpty() || form.name().length() > 100) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "name", "location.name.required");
        }
        if (form.eanElectricity() != null) {
            checkEan("eanElectricity", form.eanElectricity(), Ean.Kind.ELECTRICITY);
        }
        if (form.eanGas() != null) {
            checkEan("eanGas", form.eanGas(), Ean.Kind.GAS);
        }
        return form;
    }

    /** A valid EAN of the expected kind (when its number tells); 400 with what is wrong otherwise. */
    private static String checkEan(String field, String text, Ean.Kind expected) {
        Ean ean;
        try {
            ean = Ean.parse(text);
        } catch (Ean.InvalidEanException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, field,
                    "error.ean." + e.problem().name().toLowerCase(Locale.ROOT).replace('_', '-'), e.input(),
                    Integer.toString(e.expectedCheckDigit()));
        }
        if (expected != null && ean.kind() != Ean.Kind.UNKNOWN && ean.kind() != expected) {
            throw new ApiException(HttpStatus.BAD_REQUEST, field,
                    expected == Ean.Kind.GAS ? "location.ean.not-gas" : "location.ean.not-electricity", ean.digits());
        }
        return ean.digits();
    }

    private String newMeterName() {
        StringBuilder name = new StringBuilder("m-");
        for (int i = 0; i < 10; i++) {
            name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return name.toString();
    }
}
