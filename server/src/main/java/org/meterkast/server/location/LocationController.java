package org.meterkast.server.location;

import java.util.List;
import org.meterkast.server.account.Administrators;
import org.meterkast.server.account.SignedIn;
import org.meterkast.server.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in account's addresses and the devices installed there: {@code /api/locations}. */
@RestController
class LocationController {
    /** Locks by account, so that one account's additions are counted against its limits one at a time. */
    private static final Object[] ADDING = new Object[64];

    static {
        java.util.Arrays.setAll(ADDING, i -> new Object());
    }

    private final LocationService locations;
    private final LocationRepository repository;
    private final DemoHousehold demo;
    private final Administrators administrators;

    LocationController(LocationService locations, LocationRepository repository, DemoHousehold demo,
                       Administrators administrators) {
        this.locations = locations;
        this.repository = repository;
        this.demo = demo;
        this.administrators = administrators;
    }

    /**
     * An address with where its data comes from ({@link LocationService.Feed}): whether it has a live source and
     * when its data begins and last arrived.
     */
    record LocationView(long id, String name, String street, String postalCode, String city, String meter,
                        String eanElectricity, String eanGas, String live, String liveAddress,
                        java.time.Instant firstData, java.time.Instant lastData, boolean configured) {
        static LocationView of(Location l, LocationService.Feed feed) {
            return new LocationView(l.id(), l.name(), l.street(), l.postalCode(), l.city(), l.meter(),
                    l.eanElectricity(), l.eanGas(), feed.live(), feed.liveAddress(), feed.firstData(), feed.lastData(),
                    feed.configured());
        }
    }

    @GetMapping("/api/locations")
    List<LocationView> all() {
        return repository.ofAccount(account()).stream().map(l -> LocationView.of(l, locations.feed(l))).toList();
    }

    @PostMapping("/api/locations")
    @ResponseStatus(HttpStatus.CREATED)
    Location add(@RequestBody LocationForm form) {
        // a meter this server reads is a household's own: only the operator says whose
        if ("configured".equals(form.source()) && !administrators.isCurrentAdministrator()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "meter", "location.meter.administrators");
        }
        long account = account();
        // the limits are counted before the insert: one add per account at a time, or parallel requests pass them
        synchronized (ADDING[(int) Math.floorMod(account, (long) ADDING.length)]) {
            return locations.add(account, form);
        }
    }

    /** The meters this server reads that no address shows yet, for the "+" flow; an administrator's to give. */
    @GetMapping("/api/locations/free-meters")
    List<String> freeMeters() {
        return administrators.isCurrentAdministrator() ? locations.freeMeters() : List.of();
    }

    @GetMapping("/api/locations/{id}")
    LocationView one(@PathVariable("id") long id) {
        Location location = locations.require(account(), id);
        return LocationView.of(location, locations.feed(location));
    }

    /** Removes the address; the data of a meter of Fluvius exports or of a source given in the app goes with it. */
    @DeleteMapping("/api/locations/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable("id") long id) {
        locations.remove(account(), id);
    }

    /** Gives the address a live source ({@code source}: tcp or homewizard, {@code address}) or another one. */
    @PutMapping("/api/locations/{id}/source")
    LocationService.Feed changeSource(@PathVariable("id") long id, @RequestBody LocationForm form) {
        long account = account();
        synchronized (ADDING[(int) Math.floorMod(account, (long) ADDING.length)]) {
            return locations.changeSource(account, id, form);
        }
    }

    /** Stops reading the address's live source; its data stays. */
    @DeleteMapping("/api/locations/{id}/source")
    LocationService.Feed removeSource(@PathVariable("id") long id) {
        return locations.removeSource(account(), id);
    }

    @PutMapping("/api/locations/{id}")
    Location update(@PathVariable("id") long id, @RequestBody LocationForm form) {
        return locations.update(account(), id, form);
    }

    @GetMapping("/api/locations/{id}/devices")
    List<Device> devices(@PathVariable("id") long id) {
        return locations.devices(account(), id);
    }

    @PostMapping("/api/locations/{id}/devices")
    @ResponseStatus(HttpStatus.CREATED)
    Device addDevice(@PathVariable("id") long id, @RequestBody DeviceForm device) {
        return locations.addDevice(account(), id, device);
    }

    @DeleteMapping("/api/locations/{id}/devices/{device}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeDevice(@PathVariable("id") long id, @PathVariable("device") long device) {
        locations.removeDevice(account(), id, device);
    }

    /** The demo household's login, shown on the login page while the simulated household runs. */
    @GetMapping("/api/demo")
    DemoHousehold.Credentials demoLogin() {
        return demo.credentials().orElse(null);
    }

    private static long account() {
        return SignedIn.require().accountId();
    }
}
