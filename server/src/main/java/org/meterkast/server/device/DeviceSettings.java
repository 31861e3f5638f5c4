package org.meterkast.server.device;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.meterkast.energy.device.DeviceException;

/**
 * One device's settings as written in the properties ({@code meterkast.meters.<meter>.devices.<name>.*}) or saved
 * from the app: its kind and adapter type, and the values that type reads (each adapter type checks its own).
 *
 * @param locationId the address the device belongs to
 * @param name       the device's id within its address: {@code carport}
 * @param kind       what it is
 * @param type       the adapter's type name: {@code ocpp16}, {@code sunspec}, {@code sim}
 * @param values     the type's own settings by their names (kebab-case, as in the properties)
 * @param origin     where the settings were read, to name in a message: {@code meterkast.meters.home.devices.carport.}
 */
public record DeviceSettings(long locationId, String name, DeviceKind kind, String type, Map<String, String> values,
                             String origin) {
    public DeviceSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(origin, "origin");
        values = Map.copyOf(values);
    }

    /** The value of {@code key}, or a DeviceException naming the setting that is missing. */
    public String required(String key) throws DeviceException {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new DeviceException(origin + key + " is required for a " + kind.settingName() + " of type " + type);
        }
        return value;
    }

    /** The value of {@code key}, when set. */
    public Optional<String> optional(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
    }
}
