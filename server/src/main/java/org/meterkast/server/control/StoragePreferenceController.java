package org.meterkast.server.control;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.control.SurplusUse;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.server.account.SignedIn;
import org.meterkast.server.device.DeviceFactories;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSetting;
import org.meterkast.server.device.DeviceSettings;
import org.meterkast.server.location.Location;
import org.meterkast.server.location.LocationService;
import org.meterkast.server.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The household's choices for its battery and boilers, for the address's owner only (another account's address is a
 * 404): who gets the solar surplus first, {@code GET}/{@code PUT /api/locations/{id}/surplus-order}, and how each
 * boiler is kept, {@code GET}/{@code PUT /api/locations/{id}/boilers/{device}/preferences}; each value checked with
 * the error under its field.
 */
@RestController
class StoragePreferenceController {
    /** The least floor a household may set, °C: below it a boiler is not hot water. */
    static final double LEAST_FLOOR_C = 20;
    /** The most a boiler may be heated to where its thermostat is not known, °C. */
    static final double MOST_C = 90;

    private final LocationService locations;
    private final Devices devices;
    private final AdapterRepository adapters;
    private final StoragePreferences preferences;
    private final DeviceFactories factories;

    StoragePreferenceController(LocationService locations, Devices devices, AdapterRepository adapters,
                                StoragePreferences preferences, DeviceFactories factories) {
        this.factories = factories;
        this.locations = locations;
        this.devices = devices;
        this.adapters = adapters;
        this.preferences = preferences;
    }

    /** The order as the app sends and reads it: {@code EV}, {@code BATTERY} and {@code BOILER}, each once. */
    record SurplusOrderForm(List<String> order) {
    }

    /** A boiler's preferences as the app sends and reads them, °C. */
    record BoilerForm(Double floorC, Double maxC, Boolean legionella) {
    }

    @GetMapping("/api/locations/{id}/surplus-order")
    SurplusOrderForm surplusOrder(@PathVariable("id") long id) {
        Location location = locations.require(SignedIn.require().accountId(), id);
        return new SurplusOrderForm(preferences.surplusOrder(location.id()).stream().map(Enum::name).toList());
    }

    @PutMapping("/api/locations/{id}/surplus-order")
    SurplusOrderForm saveSurplusOrder(@PathVariable("id") long id, @RequestBody SurplusOrderForm form) {
        Location location = locations.require(SignedIn.require().accountId(), id);
        List<SurplusUse> order = order(form);
        preferences.saveSurplusOrder(location.id(), order);
        return new SurplusOrderForm(order.stream().map(Enum::name).toList());
    }

    @GetMapping("/api/locations/{id}/boilers/{device}/preferences")
    BoilerForm boiler(@PathVariable("id") long id, @PathVariable("device") String device) {
        Location location = locations.require(SignedIn.require().accountId(), id);
        requireBoiler(location, device);
        return form(preferences.boiler(location.id(), device));
    }

    @PutMapping("/api/locations/{id}/boilers/{device}/preferences")
    BoilerForm saveBoiler(@PathVariable("id") long id, @PathVariable("device") String device,
                          @RequestBody BoilerForm form) {
        Location location = locations.require(SignedIn.require().accountId(), id);
        double thermostat = requireBoiler(location, device);
        BoilerPreferences checked = check(form, thermostat);
        preferences.saveBoiler(location.id(), device, checked);
        return form(checked);
    }

    static List<SurplusUse> order(SurplusOrderForm form) {
        String known = String.join(", ", SiteSnapshot.DEFAULT_SURPLUS_ORDER.stream().map(Enum::name).toList());
        if (form == null || form.order() == null || form.order().size() != SurplusUse.values().length) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "order", "storage.surplus-order.each-once", known);
        }
        List<SurplusUse> order = new ArrayList<>();
        for (String name : form.order()) {
            SurplusUse use;
            try {
                use = SurplusUse.valueOf(String.valueOf(name).strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "order", "storage.surplus-order.unknown",
                        String.valueOf(name), known);
            }
            if (order.contains(use)) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "order", "storage.surplus-order.each-once", known);
            }
            order.add(use);
        }
        return List.copyOf(order);
    }

    static BoilerPreferences check(BoilerForm form, double thermostatC) {
        if (form == null || form.floorC() == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "floorC", "storage.boiler.floor", figure(LEAST_FLOOR_C),
                    figure(thermostatC));
        }
        double floor = form.floorC();
        if (!(floor >= LEAST_FLOOR_C && floor < thermostatC)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "floorC", "storage.boiler.floor", figure(LEAST_FLOOR_C),
                    figure(thermostatC));
        }
        if (form.maxC() == null || !(form.maxC() <= thermostatC)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "maxC", "storage.boiler.max", figure(thermostatC));
        }
        double max = form.maxC();
        if (max <= floor) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "maxC", "storage.boiler.max-above-floor", figure(floor));
        }
        return new BoilerPreferences(floor, max, form.legionella() == null || form.legionella());
    }

    /**
     * The boiler's thermostat (its setting {@code thermostat}, else that setting's default for its adapter type, else
     * {@link #MOST_C}), when the address has a boiler of this name: running (of the server's settings or the app's)
     * or entered in the app; else a 404.
     */
    private double requireBoiler(Location location, String device) {
        Optional<Devices.Running> running = devices.site(location.meter(), false).map(s -> s.devices.get(device))
                .filter(r -> r.settings().kind() == DeviceKind.BOILER);
        if (running.isPresent()) {
            DeviceSettings settings = running.get().settings();
            BigDecimal byType = Optional.ofNullable(factories.types(DeviceKind.BOILER).get(settings.type()))
                    .flatMap(f -> DeviceFactories.declared(f, "thermostat")).map(DeviceSetting::defaultValue)
                    .map(BigDecimal::new).orElse(BigDecimal.valueOf(MOST_C));
            try {
                return settings.decimal("thermostat", byType).doubleValue();
            } catch (DeviceException e) {
                return byType.doubleValue();
            }
        }
        boolean entered = device.matches("\\d{1,18}") && adapters.find(location.id(), Long.parseLong(device))
                .filter(row -> isBoiler(row.kind())).isPresent();
        if (!entered) {
            throw new ApiException(HttpStatus.NOT_FOUND, "device", "storage.boiler.unknown", device);
        }
        return MOST_C;
    }

    private static boolean isBoiler(String kind) {
        try {
            return Devices.kindOf(kind) == DeviceKind.BOILER;
        } catch (DeviceException e) {
            return false;
        }
    }

    private static BoilerForm form(BoilerPreferences p) {
        return new BoilerForm(p.floorC(), p.maxC(), p.legionella());
    }

    private static String figure(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
