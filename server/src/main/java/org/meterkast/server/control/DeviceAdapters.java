package org.meterkast.server.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.server.device.DeviceFactories;
import org.meterkast.server.device.DeviceFactory;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSetting;
import org.meterkast.server.device.DeviceSettingException;
import org.meterkast.server.device.DeviceSettings;
import org.meterkast.server.ingest.AddedSourceNetworks;
import org.meterkast.server.location.Location;
import org.meterkast.server.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * The adapters of an address's devices as the app sets them: every write checked against what the type declares
 * and by its factory, an address a host the server may reach, a secret kept only as its hash; the device started
 * again with its new settings.
 */
@Service
class DeviceAdapters {
    private static final Logger log = LoggerFactory.getLogger(DeviceAdapters.class);
    /** OCPP 1.6J security profile 1: a charge point's basic-auth password is 16 to 40 characters. */
    private static final int SHORTEST_SECRET = 16;
    private static final int LONGEST_SECRET = 40;

    /**
     * A device's adapter as the API shows it.
     *
     * @param device     the device's name within its address (a device entered in the app: its id)
     * @param kind       {@code charger} or {@code inverter}
     * @param type       the adapter type
     * @param values     its settings, secrets left out
     * @param secrets    the names of the secrets that are set
     * @param configured whether it comes from the server's properties (then the app cannot change it)
     * @param describe   what the running adapter says it is, or null when it does not run
     * @param error      why it does not run, or null
     */
    record AdapterView(String device, String kind, String type, Map<String, String> values, List<String> secrets,
                       boolean configured, String describe, String error) {
    }

    /** What the app sends: the adapter type and its settings by name (a secret left empty keeps the one saved). */
    record AdapterForm(String type, Map<String, String> values) {
    }

    private final AdapterRepository adapters;
    private final DeviceFactories factories;
    private final Devices devices;
    private final AddedSourceNetworks networks;
    private final PasswordEncoder passwords;

    DeviceAdapters(AdapterRepository adapters, DeviceFactories factories, Devices devices,
                   AddedSourceNetworks networks, PasswordEncoder passwords) {
        this.adapters = adapters;
        this.factories = factories;
        this.devices = devices;
        this.networks = networks;
        this.passwords = passwords;
    }

    /** The address's devices with an adapter: those of the properties first, then those entered in the app. */
    List<AdapterView> of(Location location) {
        List<AdapterView> views = new ArrayList<>();
        Optional<Devices.Site> site = devices.site(location.meter(), false);
        site.ifPresent(s -> s.devices.values().stream().filter(Devices.Running::configured)
                .forEach(r -> views.add(view(r.settings(), true, r.port().describe(), null))));
        for (AdapterRepository.Row row : adapters.of(location.id())) {
            String name = Long.toString(row.deviceId());
            Optional<Devices.Running> running = site.map(s -> s.devices.get(name));
            String error = site.map(s -> s.failed.get(name)).orElse(null);
            try {
                views.add(view(Devices.settingsOf(row), false, running.map(r -> r.port().describe()).orElse(null),
                        error));
            } catch (DeviceException e) {
                views.add(new AdapterView(name, row.kind(), row.type(), Map.of(), List.of(), false, null,
                        e.getMessage()));
            }
        }
        return views;
    }

    private AdapterView view(DeviceSettings settings, boolean configured, String describe, String error) {
        Map<String, String> values = new TreeMap<>();
        List<String> secrets = new ArrayList<>();
        DeviceFactory<?> factory = factories.types(settings.kind()).get(settings.type());
        settings.values().forEach((name, value) -> {
            boolean secret = factory != null && DeviceFactories.declared(factory, name).map(DeviceSetting::secret)
                    .orElse(false);
            if (secret) {
                secrets.add(name);
            } else {
                values.put(name, value);
            }
        });
        return new AdapterView(settings.name(), settings.kind().settingName(), settings.type(), values, secrets,
                configured, describe, error);
    }

    /** Sets the adapter of a device entered in the app, and starts it with these settings. */
    AdapterView put(Location location, long deviceId, AdapterForm form) {
        AdapterRepository.Row row = adapters.find(location.id(), deviceId).orElseThrow(() -> unknown(deviceId));
        DeviceKind kind;
        try {
            kind = Devices.kindOf(row.kind());
        } catch (DeviceException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "type", "device.kind.unsupported", row.kind());
        }
        if (form == null || form.type() == null || form.type().isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "type", "device.type.required");
        }
        String type = form.type().strip().toLowerCase(java.util.Locale.ROOT);
        String name = Long.toString(deviceId);
        String origin = "device " + deviceId + " ";
        DeviceSettings asked = new DeviceSettings(location.id(), name, kind, type, Map.of(), origin, location.meter(),
                true);
        DeviceFactory<?> factory;
        try {
            factory = factories.factory(asked);
        } catch (DeviceSettingException e) {
            throw refusal(e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> given = form.values() == null ? Map.of() : form.values();
        for (Map.Entry<String, String> entry : new TreeMap<>(given).entrySet()) {
            String value = entry.getValue() == null ? "" : entry.getValue().strip();
            Optional<DeviceSetting> declared = DeviceFactories.declared(factory, entry.getKey());
            if (value.isEmpty()) {
                continue;
            }
            if (declared.isPresent() && declared.get().secret() && !declared.get().keptAsHash()) {
                try {
                    DeviceFactories.checkValue(declared.get(), origin + entry.getKey(), value);
                } catch (DeviceSettingException e) {
                    throw refusal(e);
                }
            } else if (declared.isPresent() && declared.get().secret()) {
                if (value.length() < SHORTEST_SECRET || value.length() > LONGEST_SECRET) {
                    throw new ApiException(HttpStatus.BAD_REQUEST, "values." + entry.getKey(), "device.setting.secret",
                            entry.getKey(), Integer.toString(SHORTEST_SECRET), Integer.toString(LONGEST_SECRET));
                }
                value = passwords.encode(value);
            } else if (declared.isPresent() && declared.get().kind() == DeviceSetting.Kind.ADDRESS) {
                try {
                    DeviceFactories.checkValue(declared.get(), origin + entry.getKey(), value);
                } catch (DeviceSettingException e) {
                    throw refusal(e);
                }
                checkReachable(entry.getKey(), value);
            }
            values.put(entry.getKey(), value);
        }
        // a secret left empty keeps the one saved for the same type
        if (type.equals(row.type())) {
            for (DeviceSetting declared : factory.settings()) {
                String saved = row.values().get(declared.name());
                if (declared.secret() && !values.containsKey(declared.name()) && saved != null) {
                    values.put(declared.name(), saved);
                }
            }
        }
        DeviceSettings settings = new DeviceSettings(location.id(), name, kind, type, values, origin,
                location.meter(), true);
        try {
            factories.check(settings);
            devices.restart(settings);
        } catch (DeviceSettingException e) {
            throw refusal(e);
        } catch (DeviceException e) {
            restartAsBefore(row);
            throw new ApiException(HttpStatus.BAD_REQUEST, "type", "device.refused", e.getMessage());
        }
        adapters.save(location.id(), deviceId, type, values);
        Devices.Running running = devices.site(location.meter(), false).map(s -> s.devices.get(name)).orElse(null);
        return view(settings, false, running == null ? null : running.port().describe(), null);
    }

    /** Removes the adapter of a device entered in the app: it is only listed from then on. */
    void remove(Location location, long deviceId) {
        AdapterRepository.Row row = adapters.find(location.id(), deviceId).orElseThrow(() -> unknown(deviceId));
        if (row.type() == null) {
            throw new ApiException(HttpStatus.NOT_FOUND, "device", "device.adapter.none", Long.toString(deviceId));
        }
        devices.remove(location.meter(), Long.toString(deviceId), false);
        adapters.clear(location.id(), deviceId);
    }

    private void restartAsBefore(AdapterRepository.Row row) {
        if (row.type() == null) {
            return;
        }
        try {
            devices.restart(Devices.settingsOf(row));
        } catch (DeviceException | RuntimeException e) {
            log.warn("address {}: device {} could not be started again as it was: {}", row.locationId(),
                    row.deviceId(), e.getMessage());
        }
    }

    private void checkReachable(String setting, String address) {
        String host = address.startsWith("[") ? address.substring(0, address.indexOf(']') + 1)
                : address.contains(":") ? address.substring(0, address.lastIndexOf(':')) : address;
        try {
            networks.check(host);
        } catch (AddedSourceNetworks.RefusedException e) {
            // the reason stays in the log: the answer says only that this host is not one to reach
            log.info("a device's {} '{}' was refused: {}", setting, address, e.getMessage());
            throw new ApiException(HttpStatus.BAD_REQUEST, "values." + setting, "device.setting." + e.category(),
                    setting, address);
        }
    }

    private static ApiException refusal(DeviceSettingException e) {
        String field = e.setting().equals("type") ? "type" : "values." + e.setting();
        return new ApiException(HttpStatus.BAD_REQUEST, field, e.code(), e.arguments().toArray(String[]::new));
    }

    private static ApiException unknown(long deviceId) {
        return new ApiException(HttpStatus.NOT_FOUND, "device", "location.device.unknown", Long.toString(deviceId));
    }
}
