package org.meterkast.server.battery;

import java.time.Clock;
import java.util.Objects;
import org.meterkast.energy.device.BatteryLimits;
import org.meterkast.energy.device.BatteryPort;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.BatteryStatus;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.Power;
import org.meterkast.server.modbus.ModbusLink;

/**
 * A home battery of a brand without SunSpec, read and steered through the registers its settings name:
 * the state of charge, the power and a power setpoint, each with its type and scale (a register's value times
 * the scale is %, W; the charge and the power in holding or input registers, the setpoint in a holding one), the
 * power's sign shared by the setpoint, and the setpoint's value that hands the battery
 * back to its own control. What it can do comes from the settings, not from the battery. The status follows the
 * measured power ({@link SunSpecBattery#STANDBY_WATTS}); a battery that cannot be read is the loop's error. Such
 * maps have no revert timer: the battery keeps a setpoint until the next one or {@link #release}.
 */
final class RegisterMapBattery implements BatteryPort {
    /**
     * One number in the registers.
     *
     * @param register the first holding register
     * @param format   its layout
     * @param scale    what one unit of the register is worth: % for the charge, W for a power
     */
    record Point(int register, RegisterFormat format, double scale) {
        Point {
            Objects.requireNonNull(format, "format");
            if (!(scale > 0)) {
                throw new IllegalArgumentException("scale must be positive, not " + scale);
            }
        }
    }

    private final ModbusLink link;
    private final Point soc;
    private final Point power;
    private final Point setpoint;
    private final long autoValue;
    private final boolean dischargePositive;
    private final boolean inputRegisters;
    private final BatteryLimits limits;
    private final Clock clock;

    /**
     * @param autoValue         the setpoint's raw value that means "the battery's own control"
     * @param dischargePositive whether the power and the setpoint count discharging as positive
     * @param inputRegisters    whether the charge and the power are input registers (function 4), not holding
     */
    RegisterMapBattery(ModbusLink link, Point soc, Point power, Point setpoint, long autoValue,
                       boolean dischargePositive, boolean inputRegisters, BatteryLimits limits, Clock clock) {
        this.link = Objects.requireNonNull(link, "link");
        this.soc = Objects.requireNonNull(soc, "soc");
        this.power = Objects.requireNonNull(power, "power");
        this.setpoint = Objects.requireNonNull(setpoint, "setpoint");
        this.autoValue = autoValue;
        this.dischargePositive = dischargePositive;
        this.inputRegisters = inputRegisters;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String describe() {
        return "Modbus battery " + link.describe();
    }

    @Override
    public synchronized BatteryReading read() throws DeviceException {
        double percent = value(soc);
        if (!(percent >= 0 && percent <= 100)) {
            throw new DeviceException(describe() + ": state of charge " + percent + " % (register " + soc.register()
                    + ") is outside 0–100", true);
        }
        long watts = Math.round(value(power)) * (dischargePositive ? -1 : 1);
        BatteryStatus status = watts >= SunSpecBattery.STANDBY_WATTS ? BatteryStatus.CHARGING
                : watts <= -SunSpecBattery.STANDBY_WATTS ? BatteryStatus.DISCHARGING : BatteryStatus.STANDBY;
        return new BatteryReading(clock.instant(), status, percent, Power.ofWatts(watts));
    }

    @Override
    public synchronized void setPower(Power asked) throws DeviceException {
        Power p = asked.min(limits.maxCharge()).max(limits.maxDischarge().negated());
        long raw = Math.round(p.watts() * (dischargePositive ? -1 : 1) / setpoint.scale());
        if (raw == autoValue) {
            // the one power that would read as "auto": the nearest step towards zero keeps it a command
            raw -= Long.signum(raw) == 0 ? -1 : Long.signum(raw);
        }
        write(setpoint, raw);
    }

    @Override
    public synchronized void release() throws DeviceException {
        write(setpoint, autoValue);
    }

    @Override
    public BatteryLimits limits() {
        return limits;
    }

    private double value(Point point) throws DeviceException {
        int count = point.format().registers();
        int[] r = inputRegisters ? link.readInput(point.register(), count) : link.read(point.register(), count);
        return point.format().decode(r) * point.scale();
    }

    private void write(Point point, long raw) throws DeviceException {
        int[] registers;
        try {
            registers = point.format().encode(raw);
        } catch (IllegalArgumentException e) {
            throw new DeviceException(describe() + ": setpoint register " + point.register() + ": " + e.getMessage());
        }
        link.write(point.register(), registers);
    }

    @Override
    public synchronized void close() {
        link.close();
    }
}
