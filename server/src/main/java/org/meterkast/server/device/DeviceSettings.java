package org.meterkast.server.device;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.meterkast.energy.device.DeviceException;

/**
 * One device's settings as written in the properties ({@code meterkast.meters.<meter>.devices.<name>.*}) or saved
 * from the app: its kind and adapter type, and the values that type reads (each adapter type checks its own).
 *
 * @param locationId the address the device belongs to; 0 for a device of the properties whose meter no address
 *                   shows yet
 * @param name       the device's id within its address: {@code carport}
 * @param kind       what it is
 * @param type       the adapter's type name: {@code ocpp16}, {@code sunspec}, {@code sim}
 * @param values     the type's own settings by their names (kebab-case, as in the properties)
 * @param origin     where the settings were read, to name in a message: {@code meterkast.meters.home.devices.carport.}
 * @param meter      the name of the address's meter ({@code home}); null where the device was made without it
 * @param fromApp    whether a household entered them in the app (else the operator wrote them in the properties):
 *                   then every connection its adapter opens must go to a host {@link AllowedHosts} allows
 */
public record DeviceSettings(long locationId, String name, DeviceKind kind, String type, Map<String, String> values,
                             String origin, String meter, boolean fromApp) {
    /** Settings of the properties, written by the operator. */
    public DeviceSettings(long locationId, String name, DeviceKind kind, String type, Map<String, String> values,
                          String origin, String meter) {
        this(locationId, name, kind, type, values, origin, meter, false);
    }

    /** Settings of a device made without its meter's name. */
    public DeviceSettings(long locationId, String name, DeviceKind kind, String type, Map<String, String> values,
                          String origin) {
        this(locationId, name, kind, type, values, origin, null, false);
    }

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

    /** The whole number under {@code key}, or {@code orElse} when it is not set. */
    public long integer(String key, long orElse) throws DeviceException {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return orElse;
        }
        try {
            return Long.parseLong(value.get().strip());
        } catch (NumberFormatException e) {
            throw new DeviceException(origin + key + " must be a whole number, not '" + value.get() + "'");
        }
    }

    /** The decimal number under {@code key}, or {@code orElse} when it is not set. */
    public java.math.BigDecimal decimal(String key, java.math.BigDecimal orElse) throws DeviceException {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return orElse;
        }
        try {
            return new java.math.BigDecimal(value.get().strip());
        } catch (NumberFormatException e) {
            throw new DeviceException(origin + key + " must be a number such as 60.5, not '" + value.get() + "'");
        }
    }

    /** {@code true} or {@code false} under {@code key}, or {@code orElse} when it is not set. */
    public boolean bool(String key, boolean orElse) throws DeviceException {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return orElse;
        }
        return switch (value.get().strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new DeviceException(origin + key + " must be true or false, not '" + value.get() + "'");
        };
    }

    /** A duration such as {@code 2s} or {@code 500ms} under {@code key}, or {@code orElse} when it is not set. */
    public java.time.Duration duration(String key, java.time.Duration orElse) throws DeviceException {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return orElse;
        }
        try {
            return org.springframework.boot.convert.DurationStyle.detectAndParse(value.get().strip());
        } catch (IllegalArgumentException e) {
            throw new DeviceException(origin + key + " must be a duration such as 2s or 500ms, not '" + value.get()
                    + "'");
        }
    }
}
