package org.meterkast.server.battery;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.List;
import org.meterkast.energy.device.BatteryLimits;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.Power;
import org.meterkast.server.device.AllowedHosts;
import org.meterkast.server.device.DeviceFactory;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSetting;
import org.meterkast.server.device.DeviceSetting.Kind;
import org.meterkast.server.device.DeviceSettings;
import org.meterkast.server.modbus.ModbusLink;
import org.springframework.stereotype.Component;

/**
 * Type {@code modbus}: a home battery of a brand without SunSpec, through a register map its settings give (from the
 * brand's Modbus documentation).
 */
@Component
class RegisterMapBatteryFactory implements DeviceFactory<RegisterMapBattery> {
    private final Clock clock;
    private final AllowedHosts hosts;

    RegisterMapBatteryFactory(Clock clock, AllowedHosts hosts) {
        this.clock = clock;
        this.hosts = hosts;
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.BATTERY;
    }

    @Override
    public String type() {
        return "modbus";
    }

    @Override
    public List<DeviceSetting> settings() {
        return List.of(
                DeviceSetting.required("address", Kind.ADDRESS),
                DeviceSetting.optional("unit-id", Kind.INTEGER, "1").between(0, 255),
                DeviceSetting.optional("input-registers", Kind.BOOLEAN, "false"),
                DeviceSetting.required("soc-register", Kind.INTEGER).between(0, 65_535),
                DeviceSetting.optional("soc-type", Kind.TEXT, "uint16"),
                DeviceSetting.optional("soc-scale", Kind.DECIMAL, "1"),
                DeviceSetting.required("power-register", Kind.INTEGER).between(0, 65_535),
                DeviceSetting.optional("power-type", Kind.TEXT, "int16"),
                DeviceSetting.optional("power-scale", Kind.DECIMAL, "1"),
                DeviceSetting.optional("discharge-positive", Kind.BOOLEAN, "false"),
                DeviceSetting.required("setpoint-register", Kind.INTEGER).between(0, 65_535),
                DeviceSetting.optional("setpoint-type", Kind.TEXT, "int16"),
                DeviceSetting.optional("setpoint-scale", Kind.DECIMAL, "1"),
                DeviceSetting.required("setpoint-auto", Kind.INTEGER).between(-2_147_483_648L, 4_294_967_295L),
                DeviceSetting.optional("low-word-first", Kind.BOOLEAN, "false"),
                DeviceSetting.optional("swapped-bytes", Kind.BOOLEAN, "false"),
                DeviceSetting.required("capacity-kwh", Kind.DECIMAL).between(1, 1_000),
                DeviceSetting.required("max-charge-kw", Kind.DECIMAL).between(0, 100),
                DeviceSetting.required("max-discharge-kw", Kind.DECIMAL).between(0, 100),
                DeviceSetting.optional("min-soc", Kind.INTEGER, "10").between(0, 99),
                DeviceSetting.optional("max-soc", Kind.INTEGER, "100").between(1, 100));
    }

    @Override
    public RegisterMapBattery create(DeviceSettings s) throws DeviceException {
        String address = BatterySettings.address(s);
        int unit = (int) bounded(s, "unit-id", s.integer("unit-id", 1), 0, 255);
        boolean lowWordFirst = s.bool("low-word-first", false);
        boolean swapped = s.bool("swapped-bytes", false);
        RegisterMapBattery.Point soc = point(s, "soc", "uint16", lowWordFirst, swapped);
        RegisterMapBattery.Point power = point(s, "power", "int16", lowWordFirst, swapped);
        RegisterMapBattery.Point setpoint = point(s, "setpoint", "int16", lowWordFirst, swapped);
        s.required("setpoint-auto");
        long auto = s.integer("setpoint-auto", 0);
        RegisterFormat.Type setpointType = setpoint.format().type();
        if (auto < setpointType.min() || auto > setpointType.max()) {
            throw new DeviceException(s.origin() + "setpoint-auto " + auto + " does not fit the setpoint's "
                    + setpointType.settingName());
        }
        long capacityWh = kilo(s, "capacity-kwh");
        long charge = kilo(s, "max-charge-kw");
        long discharge = kilo(s, "max-discharge-kw");
        long minSoc = bounded(s, "min-soc", s.integer("min-soc", 10), 0, 99);
        long maxSoc = bounded(s, "max-soc", s.integer("max-soc", 100), 1, 100);
        if (capacityWh < 1) {
            throw new DeviceException(s.origin() + "capacity-kwh must be positive");
        }
        if (minSoc >= maxSoc) {
            throw new DeviceException(s.origin() + "min-soc " + minSoc + " must be under max-soc " + maxSoc);
        }
        BatteryLimits limits = new BatteryLimits(capacityWh, Power.ofWatts(charge), Power.ofWatts(discharge), minSoc,
                maxSoc);
        ModbusLink link = new ModbusLink(address, unit, SunSpecBatteryFactory.TIMEOUT, hosts.of(s));
        return new RegisterMapBattery(link, soc, power, setpoint, auto, s.bool("discharge-positive", false),
                s.bool("input-registers", false), limits, clock);
    }

    /** The {@code <name>-register}, {@code -type} and {@code -scale} settings as one point. */
    private static RegisterMapBattery.Point point(DeviceSettings s, String name, String defaultType,
                                                  boolean lowWordFirst, boolean swapped) throws DeviceException {
        s.required(name + "-register");
        long register = bounded(s, name + "-register", s.integer(name + "-register", 0), 0, 65_535);
        RegisterFormat.Type type;
        try {
            type = RegisterFormat.Type.parse(s.optional(name + "-type").orElse(defaultType));
        } catch (IllegalArgumentException e) {
            throw new DeviceException(s.origin() + name + "-type " + e.getMessage());
        }
        BigDecimal scale = s.decimal(name + "-scale", BigDecimal.ONE);
        if (scale.signum() <= 0) {
            throw new DeviceException(s.origin() + name + "-scale must be positive, not " + scale.toPlainString());
        }
        if (register + type.registers - 1 > 65_535) {
            throw new DeviceException(s.origin() + name + "-register " + register + " leaves no room for a "
                    + type.settingName());
        }
        return new RegisterMapBattery.Point((int) register, new RegisterFormat(type, lowWordFirst, swapped),
                scale.doubleValue());
    }

    private static long kilo(DeviceSettings s, String key) throws DeviceException {
        s.required(key);
        BigDecimal value = s.decimal(key, BigDecimal.ZERO);
        if (value.signum() < 0) {
            throw new DeviceException(s.origin() + key + " must not be negative, not " + value.toPlainString());
        }
        return value.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static long bounded(DeviceSettings s, String key, long value, long min, long max) throws DeviceException {
        if (value < min || value > max) {
            throw new DeviceException(s.origin() + key + " must be " + min + " to " + max + ", not " + value);
        }
        return value;
    }
}
