package org.meterkast.server.storage;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.meterkast.energy.device.BatteryPort;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.BoilerPort;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.server.account.SignedIn;
import org.meterkast.server.control.ControlLoops;
import org.meterkast.server.control.Devices;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.location.Location;
import org.meterkast.server.location.LocationService;
import org.meterkast.server.web.ApiException;
import org.meterkast.server.web.BadParameterException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An address's home batteries and boilers for their owner: their live state for the dashboard's tiles, and their
 * history for their pages (see {@link StorageHistoryService} for how the battery's saving is reckoned). Another
 * account's address answers 404, as every location endpoint does.
 */
@RestController
class StorageController {
    private final LocationService locations;
    private final Devices devices;
    private final ControlLoops loops;
    private final StorageHistory history;
    private final StorageHistoryService service;
    private final StorageHistoryRepository repository;
    private final Clock clock;

    StorageController(LocationService locations, Devices devices, ControlLoops loops, StorageHistory history,
                      StorageHistoryService service, StorageHistoryRepository repository, Clock clock) {
        this.locations = locations;
        this.devices = devices;
        this.loops = loops;
        this.history = history;
        this.service = service;
        this.repository = repository;
        this.clock = clock;
    }

    /** A battery's last reading as the tile shows it. */
    record BatteryNow(Instant at, String status, double socPercent, long powerWatts) {
        static BatteryNow of(BatteryReading r) {
            return r == null ? null : new BatteryNow(r.at(), r.status().name(), r.socPercent(), r.power().watts());
        }
    }

    /**
     * A battery of the address.
     *
     * @param running    whether it runs now (an adapter started for it)
     * @param capacityWh its usable energy, as it declared it in the control loop's last read of it; null when it does
     *                   not run or has not answered since it started (the list never waits on a battery)
     * @param reading    its last reading since the server started; null before one
     */
    record BatteryView(String device, boolean running, Long capacityWh, BatteryNow reading) {
    }

    /** A boiler's last reading as the tile shows it; temperatureC null where it reports none. */
    record BoilerNow(Instant at, String status, Double temperatureC, long powerWatts, boolean switchedOn) {
        static BoilerNow of(BoilerReading r) {
            return r == null ? null : new BoilerNow(r.at(), r.status().name(),
                    r.temperatureC().isPresent() ? r.temperatureC().getAsDouble() : null, r.power().watts(),
                    r.switchedOn());
        }
    }

    /** A boiler of the address, with its element's rated power when it runs. */
    record BoilerView(String device, boolean running, Long ratedWatts, BoilerNow reading) {
    }

    @GetMapping("/api/locations/{id}/batteries")
    List<BatteryView> batteries(@PathVariable("id") long id) {
        Location location = owned(id);
        Map<String, BatteryPort> ports = devices.running(location.meter(), DeviceKind.BATTERY, BatteryPort.class);
        TreeSet<String> names = new TreeSet<>(ports.keySet());
        names.addAll(history.seen(location.id(), true));
        List<BatteryView> out = new ArrayList<>();
        for (String name : names) {
            BatteryPort port = ports.get(name);
            // the loop's last known limits, not the port's: a battery that has not answered yet would be read now
            Long capacity = port == null ? null : loops.batteryLimits(location.meter(), name)
                    .map(l -> l.capacityWh()).orElse(null);
            out.add(new BatteryView(name, port != null, capacity,
                    BatteryNow.of(history.lastBattery(location.id(), name).orElse(null))));
        }
        return out;
    }

    @GetMapping("/api/locations/{id}/boilers")
    List<BoilerView> boilers(@PathVariable("id") long id) {
        Location location = owned(id);
        Map<String, BoilerPort> ports = devices.running(location.meter(), DeviceKind.BOILER, BoilerPort.class);
        TreeSet<String> names = new TreeSet<>(ports.keySet());
        names.addAll(history.seen(location.id(), false));
        List<BoilerView> out = new ArrayList<>();
        for (String name : names) {
            BoilerPort port = ports.get(name);
            out.add(new BoilerView(name, port != null, port == null ? null : port.ratedPower().watts(),
                    BoilerNow.of(history.lastBoiler(location.id(), name).orElse(null))));
        }
        return out;
    }

    @GetMapping("/api/locations/{id}/batteries/{device}/day")
    StorageHistoryService.BatteryDay batteryDay(@PathVariable("id") long id, @PathVariable("device") String device,
                                                @RequestParam(name = "date", required = false) String date) {
        Location location = owned(id);
        known(location, device, DeviceKind.BATTERY);
        return service.batteryDay(location.id(), location.meter(), device, date(date));
    }

    @GetMapping("/api/locations/{id}/batteries/{device}/period")
    StorageHistoryService.BatteryPeriod batteryPeriod(@PathVariable("id") long id,
                                                      @PathVariable("device") String device,
                                                      @RequestParam(name = "period", required = false) String period,
                                                      @RequestParam(name = "date", required = false) String date) {
        Location location = owned(id);
        known(location, device, DeviceKind.BATTERY);
        return service.batteryPeriod(location.id(), location.meter(), device, period, date(date));
    }

    @GetMapping("/api/locations/{id}/boilers/{device}/day")
    StorageHistoryService.BoilerDay boilerDay(@PathVariable("id") long id, @PathVariable("device") String device,
                                              @RequestParam(name = "date", required = false) String date) {
        Location location = owned(id);
        known(location, device, DeviceKind.BOILER);
        return service.boilerDay(location.id(), device, date(date));
    }

    @GetMapping("/api/locations/{id}/boilers/{device}/period")
    StorageHistoryService.BoilerPeriod boilerPeriod(@PathVariable("id") long id,
                                                    @PathVariable("device") String device,
                                                    @RequestParam(name = "period", required = false) String period,
                                                    @RequestParam(name = "date", required = false) String date) {
        Location location = owned(id);
        known(location, device, DeviceKind.BOILER);
        return service.boilerPeriod(location.id(), device, period, date(date));
    }

    private Location owned(long id) {
        return locations.require(SignedIn.require().accountId(), id);
    }

    /** A device the address runs, or one whose history is stored there; else 404 naming it. */
    private void known(Location location, String device, DeviceKind kind) {
        Class<? extends org.meterkast.energy.device.Device> port = kind == DeviceKind.BATTERY ? BatteryPort.class
                : BoilerPort.class;
        if (devices.running(location.meter(), kind, port).containsKey(device)
                || history.seen(location.id(), kind == DeviceKind.BATTERY).contains(device)
                || repository.hasAny(location.id(), device)) {
            return;
        }
        throw new ApiException(HttpStatus.NOT_FOUND, "device", "location.device.unknown", device);
    }

    /** A Brussels date, today when left out. */
    private LocalDate date(String value) {
        if (value == null || value.isBlank()) {
            return LocalDate.now(clock.withZone(StorageHistoryService.BRUSSELS));
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new BadParameterException("date", "error.parameter.not-date", "date", value);
        }
    }
}
