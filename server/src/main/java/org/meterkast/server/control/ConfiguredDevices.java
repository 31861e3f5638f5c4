package org.meterkast.server.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.meterkast.server.device.DeviceFactories;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSettings;
import org.meterkast.server.device.DeviceSettingException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The devices of a configured meter's address as the properties write them:
 * {@code meterkast.meters.<meter>.devices.<name>.kind}, {@code .type} and the type's own keys, and the short form
 * of its inverter, {@code meterkast.meters.<meter>.inverter.type} with the type's keys beside it (a simulated
 * household has its roof, type {@code sim}, unless told otherwise; {@code type=none}: no inverter), and a
 * simulated household's carport ({@link SimulatedCarports}), home battery and boiler ({@link SimulatedStorage}).
 * A secret is
 * turned into its hash here, so an adapter always receives the same form whether the device came from the
 * properties or from the app.
 */
@Component
class ConfiguredDevices {
    /** The name the short form's inverter has within its address. */
    static final String SHORT_FORM_INVERTER = "inverter";

    private static final Bindable<Map<String, Map<String, String>>> DEVICES = Bindable.of(
            ResolvableType.forClassWithGenerics(Map.class, ResolvableType.forClass(String.class),
                    ResolvableType.forClassWithGenerics(Map.class, String.class, String.class)));

    private final Binder binder;
    private final DeviceFactories factories;
    private final PasswordEncoder passwords;
    private final SimulatedCarports carports;
    private final SimulatedStorage storage;

    ConfiguredDevices(Environment environment, DeviceFactories factories, PasswordEncoder passwords,
                      SimulatedCarports carports, SimulatedStorage storage) {
        this.binder = Binder.get(environment);
        this.factories = factories;
        this.passwords = passwords;
        this.carports = carports;
        this.storage = storage;
    }

    /**
     * The devices written for this meter, in name order, the short form's inverter first, a simulated household's
     * carport, battery and boiler last.
     *
     * @param simulated whether the meter is the simulated household (whose roof is its inverter and whose carport is
     *                  an OCPP charger by default)
     * @throws IllegalArgumentException naming the property when a device's name or kind is not one the layer takes
     */
    List<DeviceSettings> of(String meter, long locationId, boolean simulated) {
        String prefix = "meterkast.meters." + meter + ".";
        List<DeviceSettings> devices = new ArrayList<>();
        Map<String, String> inverter = new TreeMap<>(binder.bind(prefix + "inverter",
                Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
        String inverterType = inverter.remove("type");
        inverterType = inverterType == null ? simulated ? "sim" : "none" : inverterType.strip().toLowerCase(Locale.ROOT);
        if (!inverterType.equals("none")) {
            devices.add(secretsHashed(new DeviceSettings(locationId, SHORT_FORM_INVERTER, DeviceKind.INVERTER,
                    inverterType, inverter, prefix + "inverter.", meter)));
        }
        Map<String, Map<String, String>> written = binder.bind(prefix + "devices", DEVICES).orElse(Map.of());
        for (Map.Entry<String, Map<String, String>> entry : new TreeMap<>(written).entrySet()) {
            String name = entry.getKey();
            String origin = prefix + "devices." + name + ".";
            if (!name.matches("[a-z][a-z0-9_-]{0,39}")) {
                throw new IllegalArgumentException(origin + ": a device's name is 1 to 40 lower-case letters, digits, "
                        + "'-' or '_', starting with a letter");
            }
            if (name.equals(SHORT_FORM_INVERTER) && !devices.isEmpty()) {
                throw new IllegalArgumentException(origin + ": the name is the short form's, " + prefix
                        + "inverter.*; give this device another name");
            }
            Map<String, String> values = new LinkedHashMap<>(entry.getValue());
            String kind = values.remove("kind");
            String type = values.remove("type");
            devices.add(secretsHashed(new DeviceSettings(locationId, name, kind(kind, origin), type(type, origin),
                    values, origin, meter)));
        }
        carports.settings(meter, locationId, simulated, List.copyOf(written.keySet()))
                .ifPresent(carport -> devices.add(secretsHashed(carport)));
        devices.addAll(storage.settings(meter, locationId, simulated, List.copyOf(written.keySet())));
        return devices;
    }

    private static DeviceKind kind(String kind, String origin) {
        String known = String.join(", ", Arrays.stream(DeviceKind.values()).map(DeviceKind::settingName).toList());
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException(origin + "kind is required: " + known);
        }
        for (DeviceKind k : DeviceKind.values()) {
            if (k.settingName().equals(kind.strip().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException(origin + "kind '" + kind + "' is not a kind of device the layer knows: "
                + known);
    }

    private static String type(String type, String origin) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException(origin + "type is required: the adapter's type, such as sim");
        }
        return type.strip().toLowerCase(Locale.ROOT);
    }

    /** The settings with each secret of the type replaced by its hash, unless it is written as one ({bcrypt}…). */
    private DeviceSettings secretsHashed(DeviceSettings settings) {
        Map<String, String> values = new LinkedHashMap<>(settings.values());
        try {
            var factory = factories.factory(settings);
            values.replaceAll((key, value) -> DeviceFactories.declared(factory, key)
                    .filter(d -> d.secret() && !value.startsWith("{")).map(d -> passwords.encode(value)).orElse(value));
        } catch (DeviceSettingException unknownType) {
            return settings;    // the start stops on it when the device is made, with the message naming the type
        }
        return new DeviceSettings(settings.locationId(), settings.name(), settings.kind(), settings.type(), values,
                settings.origin(), settings.meter());
    }
}
