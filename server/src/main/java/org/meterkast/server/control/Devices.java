package org.meterkast.server.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.meterkast.energy.device.ChargerPort;
import org.meterkast.energy.device.Device;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.InverterPort;
import org.meterkast.energy.device.InverterReading;
import org.meterkast.server.device.DeviceFactories;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSettings;
import org.meterkast.server.ingest.IngestService;
import org.meterkast.server.location.AddressAdded;
import org.meterkast.server.location.AddressRemoved;
import org.meterkast.server.location.DeviceRemoved;
import org.meterkast.server.solar.InverterCounts;
import org.meterkast.server.solar.InverterPoller;
import org.meterkast.server.solar.Inverters;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The devices of every address, from start to stop: those the properties write for each configured meter, whose
 * errors stop the start, and those entered in the app, whose errors are kept for the address to read and never
 * stop the server. An inverter is read by its poller into the live view and the production quarters; one address
 * has one inverter. Started after ingest (the simulated roof is the simulated meter's), stopped before it.
 */
@Service
public class Devices implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(Devices.class);

    /**
     * A device running at an address.
     *
     * @param settings   what it was made from
     * @param port       the adapter
     * @param poller     an inverter's poller, else null
     * @param configured whether it comes from the properties (else from the app)
     */
    record Running(DeviceSettings settings, Device port, InverterPoller poller, boolean configured) {
        String name() {
            return settings.name();
        }

        void close() {
            if (poller != null) {
                poller.close();     // closes the inverter when its thread ends
            } else {
                try {
                    port.close();
                } catch (RuntimeException e) {
                    log.warn("closing {} failed", port.describe(), e);
                }
            }
        }
    }

    /** One address's devices, by name, and the devices of the app that could not start, with why. */
    static final class Site {
        final String meter;
        final Map<String, Running> devices = new ConcurrentSkipListMap<>();
        final Map<String, String> failed = new ConcurrentSkipListMap<>();

        Site(String meter) {
            this.meter = meter;
        }

        List<Running> chargers() {
            return devices.values().stream().filter(r -> r.settings().kind() == DeviceKind.CHARGER).toList();
        }

        List<Running> batteries() {
            return devices.values().stream().filter(r -> r.settings().kind() == DeviceKind.BATTERY).toList();
        }

        List<Running> boilers() {
            return devices.values().stream().filter(r -> r.settings().kind() == DeviceKind.BOILER).toList();
        }

        Optional<Running> inverter() {
            return devices.values().stream().filter(r -> r.settings().kind() == DeviceKind.INVERTER).findFirst();
        }
    }

    /**
     * Published just before a running device is closed (removed, restarted, moved to another address), on the
     * closing thread, so its control loop can hand a battery back to its own control while it can still be told.
     */
    record Closing(String meter, String name, Device port) {
    }

    /** Published when an address's devices change, so its control loop is made or told. */
    record Changed(String meter) {
    }

    private final DeviceFactories factories;
    private final ConfiguredDevices configured;
    private final AdapterRepository adapters;
    private final IngestService ingest;
    private final MeterRepository meters;
    private final Inverters inverters;
    private final ApplicationEventPublisher events;
    private final Map<String, Site> sites = new ConcurrentHashMap<>();
    private volatile boolean running;

    Devices(DeviceFactories factories, ConfiguredDevices configured, AdapterRepository adapters, IngestService ingest,
            MeterRepository meters, Inverters inverters, ApplicationEventPublisher events) {
        this.factories = factories;
        this.configured = configured;
        this.adapters = adapters;
        this.ingest = ingest;
        this.meters = meters;
        this.inverters = inverters;
        this.events = events;
    }

    @Override
    public boolean isAutoStartup() {
        return ingest.isAutoStartup();
    }

    @Override
    public synchronized void start() {
        try {
            for (String meter : ingest.configuredMeters()) {
                long location = adapters.locationOf(meter).orElse(0L);
                for (DeviceSettings settings : configured.of(meter, location, ingest.isSimulated(meter))) {
                    try {
                        start(settings, true);
                    } catch (DeviceException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                }
            }
        } catch (RuntimeException e) {
            // a device of the properties that cannot start stops the start: let go of those already started
            stopAll();
            throw e;
        }
        for (AdapterRepository.Row row : adapters.all()) {
            startFromApp(row);
        }
        running = true;
        sites.keySet().forEach(meter -> events.publishEvent(new Changed(meter)));
    }

    private void startFromApp(AdapterRepository.Row row) {
        try {
            start(settingsOf(row), false);
        } catch (DeviceException | RuntimeException e) {
            site(row.meter()).failed.put(Long.toString(row.deviceId()), e.getMessage());
            log.warn("address {}: device {} ({} {}) was not started: {}", row.locationId(), row.deviceId(),
                    row.kind(), row.type(), e.getMessage());
        }
    }

    /** The settings of a device entered in the app; its kind as the device layer names it. */
    static DeviceSettings settingsOf(AdapterRepository.Row row) throws DeviceException {
        return new DeviceSettings(row.locationId(), Long.toString(row.deviceId()), kindOf(row.kind()), row.type(),
                row.values(), "device " + row.deviceId() + " ", row.meter(), true);
    }

    /** The layer's kind of a device table's kind, or a DeviceException when the layer cannot run it. */
    static DeviceKind kindOf(String column) throws DeviceException {
        return switch (column.toLowerCase(Locale.ROOT)) {
            case "ev_charger" -> DeviceKind.CHARGER;
            case "inverter" -> DeviceKind.INVERTER;
            case "battery" -> DeviceKind.BATTERY;
            case "heat_battery" -> DeviceKind.BOILER;
            default -> throw new DeviceException("a " + column + " has no adapters yet");
        };
    }

    private Site site(String meter) {
        return sites.computeIfAbsent(meter, Site::new);
    }

    private void start(DeviceSettings settings, boolean fromProperties) throws DeviceException {
        Site site = site(settings.meter());
        if (site.devices.containsKey(settings.name())) {
            throw new DeviceException(settings.origin() + ": the address of meter '" + settings.meter()
                    + "' has a device named '" + settings.name() + "' already");
        }
        Optional<Running> inverter = site.inverter();
        if (settings.kind() == DeviceKind.INVERTER && inverter.isPresent()) {
            throw new DeviceException(settings.origin() + "type: the address of meter '" + settings.meter()
                    + "' has an inverter already (" + inverter.get().settings().origin() + "); its production is "
                    + "read from one");
        }
        Device port = factories.create(settings);
        InverterPoller poller = null;
        if (port instanceof InverterPort inverterPort) {
            try {
                Meter meter = meters.find(settings.meter()).orElseGet(() -> meters.register(settings.meter(), "none"));
                poller = inverters.start(meter, inverterPort, settings);
            } catch (DeviceException | RuntimeException e) {
                port.close();
                throw e;
            }
        }
        site.devices.put(settings.name(), new Running(settings, port, poller, fromProperties));
        site.failed.remove(settings.name());
        log.info("meter '{}': device {} is {}", settings.meter(), settings.name(), port.describe());
    }

    /**
     * Starts a device entered in the app with new settings, in place of the one it had (if any).
     *
     * @throws DeviceException when it cannot be made: the one it had is stopped all the same
     */
    synchronized void restart(DeviceSettings settings) throws DeviceException {
        Running before = sites.containsKey(settings.meter()) ? site(settings.meter()).devices.get(settings.name())
                : null;
        stop(settings.meter(), settings.name());
        if (before != null && !before.settings().type().equals(settings.type())) {
            removed(before.settings(), false);      // another adapter now: the old one lets go of what it held
        }
        try {
            start(settings, false);
        } catch (DeviceException | RuntimeException e) {
            site(settings.meter()).failed.put(settings.name(), e.getMessage());
            throw e;
        } finally {
            events.publishEvent(new Changed(settings.meter()));
        }
    }

    /**
     * Takes a device entered in the app off its address: stopped, and its adapter lets go of what it registered for
     * it ({@code forGood}: the device itself was removed, not only its adapter).
     */
    synchronized void remove(String meter, String name, boolean forGood) {
        Site site = sites.get(meter);
        Running device = site == null ? null : site.devices.get(name);
        stop(meter, name);
        if (device != null && !device.configured()) {
            removed(device.settings(), forGood);
        }
    }

    private void removed(DeviceSettings settings, boolean forGood) {
        try {
            factories.factory(settings).removed(settings, forGood);
        } catch (DeviceException | RuntimeException e) {
            log.warn("meter '{}': device {} could not let go of what it held: {}", settings.meter(), settings.name(),
                    e.getMessage());
        }
    }

    /** Stops a device entered in the app, if it runs. */
    synchronized void stop(String meter, String name) {
        Site site = sites.get(meter);
        if (site == null) {
            return;
        }
        site.failed.remove(name);
        Running device = site.devices.get(name);
        if (device != null && !device.configured()) {
            site.devices.remove(name);
            closing(meter, device);
            device.close();
            events.publishEvent(new Changed(meter));
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(DeviceRemoved event) {
        sites.values().stream()
                .filter(s -> Optional.ofNullable(s.devices.get(Long.toString(event.deviceId())))
                        .map(r -> r.settings().locationId() == event.locationId()).orElse(false))
                .map(s -> s.meter).toList()
                .forEach(meter -> remove(meter, Long.toString(event.deviceId()), true));
    }

    @TransactionalEventListener(fallbackExecution = true)
    synchronized void on(AddressRemoved event) {
        Site site = sites.get(event.meter());
        if (site != null) {
            for (Running device : List.copyOf(site.devices.values())) {
                if (!device.configured() && device.settings().locationId() == event.locationId()) {
                    remove(event.meter(), device.name(), true);
                } else if (device.configured() && device.settings().locationId() == event.locationId()) {
                    removed(device.settings(), true);
                    relocate(site, device, 0);
                }
            }
            site.failed.clear();
        }
    }

    /** An address now shows the meter: the devices of the properties belong to it from now on. */
    @TransactionalEventListener(fallbackExecution = true)
    synchronized void on(AddressAdded event) {
        Site site = sites.get(event.meter());
        if (!running || site == null) {
            return;
        }
        for (Running device : List.copyOf(site.devices.values())) {
            if (device.configured() && device.settings().locationId() != event.locationId()) {
                relocate(site, device, event.locationId());
            }
        }
    }

    /**
     * Makes a device of the properties again for another address (or none: 0), as its adapter may register it
     * there (an OCPP charge point). One that cannot be made is kept out with its error; it never stops the server.
     */
    private void relocate(Site site, Running device, long locationId) {
        DeviceSettings s = device.settings();
        DeviceSettings moved = new DeviceSettings(locationId, s.name(), s.kind(), s.type(), s.values(), s.origin(),
                s.meter(), s.fromApp());
        site.devices.remove(s.name());
        closing(site.meter, device);
        device.close();
        try {
            start(moved, true);
        } catch (DeviceException | RuntimeException e) {
            site.failed.put(s.name(), e.getMessage());
            log.warn("meter '{}': device {} could not be started for address {}: {}", s.meter(), s.name(), locationId,
                    e.getMessage());
        }
        events.publishEvent(new Changed(site.meter));
    }

    private void closing(String meter, Running device) {
        try {
            events.publishEvent(new Closing(meter, device.name(), device.port()));
        } catch (RuntimeException e) {
            log.warn("meter '{}': device {} could not be let go before it closed: {}", meter, device.name(),
                    e.getMessage());
        }
    }

    /** The addresses with devices, by meter. */
    Collection<Site> sites() {
        return sites.values();
    }

    /** The address's devices, if it has any. */
    Optional<Site> site(String meter, boolean create) {
        return Optional.ofNullable(create ? site(meter) : sites.get(meter));
    }

    /** Whether the meter's address has an inverter being read. */
    public boolean hasInverter(String meter) {
        Site site = sites.get(meter);
        return site != null && site.inverter().isPresent();
    }

    /** Whether a charger runs at the meter's address (of the properties, the demo's carport, or the app's). */
    public boolean hasCharger(String meter) {
        Site site = sites.get(meter);
        return site != null && !site.chargers().isEmpty();
    }

    /** What the meter's inverter poller has counted, if one is being read. */
    public Optional<InverterCounts> inverterCounts(String meter) {
        return Optional.ofNullable(sites.get(meter)).flatMap(Site::inverter).map(Running::poller)
                .filter(Objects::nonNull).map(InverterPoller::counts);
    }

    /** The inverter's last good reading, if one is being read and has answered. */
    Optional<InverterReading> production(String meter) {
        return Optional.ofNullable(sites.get(meter)).flatMap(Site::inverter).map(Running::poller)
                .filter(Objects::nonNull).flatMap(InverterPoller::latest);
    }

    /** The charger of this name at the meter's address, if it runs. */
    Optional<ChargerPort> charger(String meter, String name) {
        return Optional.ofNullable(sites.get(meter)).map(s -> s.devices.get(name))
                .filter(r -> r.port() instanceof ChargerPort).map(r -> (ChargerPort) r.port());
    }

    /**
     * The running devices of one kind at the meter's address, by name (for their pages: a battery's capacity, a
     * boiler's rated power); empty when it has none.
     */
    public <T extends Device> Map<String, T> running(String meter, DeviceKind kind, Class<T> port) {
        Map<String, T> out = new java.util.TreeMap<>();
        Optional.ofNullable(sites.get(meter)).ifPresent(site -> site.devices.values().stream()
                .filter(r -> r.settings().kind() == kind && port.isInstance(r.port()))
                .forEach(r -> out.put(r.name(), port.cast(r.port()))));
        return out;
    }

    @Override
    public synchronized void stop() {
        stopAll();
        running = false;
    }

    private void stopAll() {
        List<Running> all = new ArrayList<>();
        sites.values().forEach(s -> all.addAll(s.devices.values()));
        sites.clear();
        all.forEach(Running::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
