package org.meterkast.server.device;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.meterkast.energy.device.Device;
import org.meterkast.energy.device.DeviceException;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

/**
 * Every adapter type the server has, by kind and type name, collected from the {@link DeviceFactory} beans. Two
 * factories of one kind and type stop the start, naming both classes; settings of a type no factory makes are
 * refused, naming the setting, the kind and the known types; values are checked against what the type declares
 * before its factory sees them.
 */
@Component
public class DeviceFactories {
    private static final int LONGEST_TEXT = 200;

    private final Map<DeviceKind, Map<String, DeviceFactory<?>>> byKind = new EnumMap<>(DeviceKind.class);

    public DeviceFactories(List<DeviceFactory<?>> factories) {
        for (DeviceKind kind : DeviceKind.values()) {
            byKind.put(kind, new TreeMap<>());
        }
        for (DeviceFactory<?> factory : factories) {
            DeviceFactory<?> before = byKind.get(factory.kind()).putIfAbsent(factory.type(), factory);
            if (before != null) {
                throw new IllegalStateException("two adapters claim the " + factory.kind().settingName() + " type '"
                        + factory.type() + "': " + before.getClass().getName() + " and "
                        + factory.getClass().getName());
            }
        }
    }

    /** The adapter types of a kind, by type name. */
    public Map<String, DeviceFactory<?>> types(DeviceKind kind) {
        return java.util.Collections.unmodifiableMap(byKind.get(kind));
    }

    /** The factory of the settings' kind and type. */
    public DeviceFactory<?> factory(DeviceSettings settings) throws DeviceSettingException {
        DeviceFactory<?> factory = byKind.get(settings.kind()).get(settings.type());
        if (factory == null) {
            Collection<String> known = byKind.get(settings.kind()).keySet();
            throw new DeviceSettingException(settings.origin() + "type: no " + settings.kind().settingName()
                    + " adapter of type '" + settings.type() + "'; known " + settings.kind().settingName() + " types: "
                    + known, "type", "device.type.unknown", settings.type(), settings.kind().settingName(),
                    String.join(", ", known));
        }
        return factory;
    }

    /** Makes the device the settings describe, once they pass what its type declares. */
    public Device create(DeviceSettings settings) throws DeviceException {
        DeviceFactory<?> factory = factory(settings);
        checkDeclared(factory, settings);
        Device device = factory.create(settings);
        if (!settings.kind().port().isInstance(device)) {
            device.close();
            throw new IllegalStateException(factory.getClass().getName() + " made a " + device.getClass().getName()
                    + ", not a " + settings.kind().port().getSimpleName());
        }
        return device;
    }

    /** Checks settings without keeping a device: what the type declares, then its factory's own check. */
    public void check(DeviceSettings settings) throws DeviceException {
        DeviceFactory<?> factory = factory(settings);
        checkDeclared(factory, settings);
        factory.check(settings);
    }

    /** The declared setting of this name, if the type has it. */
    public static Optional<DeviceSetting> declared(DeviceFactory<?> factory, String name) {
        return factory.settings().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static void checkDeclared(DeviceFactory<?> factory, DeviceSettings settings) throws DeviceSettingException {
        String origin = settings.origin();
        for (String name : new TreeMap<>(settings.values()).keySet()) {
            if (declared(factory, name).isEmpty()) {
                String known = String.join(", ", factory.settings().stream().map(DeviceSetting::name).toList());
                throw new DeviceSettingException(origin + name + " is not a setting of the "
                        + settings.kind().settingName() + " type " + settings.type() + " (its settings: " + known + ")",
                        name, "device.setting.unknown", name, settings.type(), known);
            }
        }
        for (DeviceSetting declared : factory.settings()) {
            String value = settings.values().get(declared.name());
            String property = origin + declared.name();
            if (value == null || value.isBlank()) {
                if (declared.required()) {
                    throw new DeviceSettingException(property + " is required for the " + settings.kind().settingName()
                            + " type " + settings.type(), declared.name(), "device.setting.required",
                            declared.name());
                }
                continue;
            }
            if (!declared.secret()) {
                checkValue(declared, property, value.strip());
            }
        }
    }

    /** Checks one value against its declared kind and bounds. */
    public static void checkValue(DeviceSetting declared, String property, String value)
            throws DeviceSettingException {
        String name = declared.name();
        switch (declared.kind()) {
            case TEXT, PASSWORD -> {
                if (value.length() > LONGEST_TEXT) {
                    throw new DeviceSettingException(property + " has more than " + LONGEST_TEXT + " characters",
                            name, "device.setting.text", name, Integer.toString(LONGEST_TEXT));
                }
            }
            case INTEGER, DECIMAL -> {
                BigDecimal number;
                try {
                    number = new BigDecimal(value);
                } catch (NumberFormatException e) {
                    number = null;
                }
                boolean whole = number != null && number.stripTrailingZeros().scale() <= 0;
                if (number == null || declared.kind() == DeviceSetting.Kind.INTEGER && !whole) {
                    String code = declared.kind() == DeviceSetting.Kind.INTEGER ? "device.setting.integer"
                            : "device.setting.decimal";
                    throw new DeviceSettingException(property + " must be a " + (declared.kind()
                            == DeviceSetting.Kind.INTEGER ? "whole number" : "number") + ", not '" + value + "'",
                            name, code, name, value);
                }
                if (declared.min() != null && number.compareTo(BigDecimal.valueOf(declared.min())) < 0
                        || declared.max() != null && number.compareTo(BigDecimal.valueOf(declared.max())) > 0) {
                    throw new DeviceSettingException(property + " must be from " + declared.min() + " to "
                            + declared.max() + ", not " + value, name, "device.setting.range", name, value,
                            String.valueOf(declared.min()), String.valueOf(declared.max()));
                }
            }
            case BOOLEAN -> {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    throw new DeviceSettingException(property + " must be true or false, not '" + value + "'", name,
                            "device.setting.boolean", name, value);
                }
            }
            case DURATION -> {
                try {
                    if (DurationStyle.detectAndParse(value).isNegative()) {
                        throw new IllegalArgumentException("negative");
                    }
                } catch (IllegalArgumentException e) {
                    throw new DeviceSettingException(property + " must be a duration such as 2s or 500ms, not '"
                            + value + "'", name, "device.setting.duration", name, value);
                }
            }
            case ADDRESS -> {
                if (!value.matches("[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?")
                        || port(value) > 65_535 || port(value) == 0) {
                    throw new DeviceSettingException(property + " must be HOST or HOST:PORT, e.g. 192.168.1.70:502,"
                            + " not '" + value + "'", name, "device.setting.address", name, value);
                }
            }
        }
    }

    /** The port of {@code HOST:PORT}, -1 without one. */
    private static int port(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0 || address.endsWith("]")) {
            return -1;
        }
        return Integer.parseInt(address.substring(colon + 1));
    }
}
