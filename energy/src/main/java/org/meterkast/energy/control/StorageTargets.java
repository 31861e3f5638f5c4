package org.meterkast.energy.control;

import java.util.ArrayList;
import java.util.List;
import org.meterkast.energy.device.BatteryLimits;
import org.meterkast.energy.device.Power;

/**
 * Turns a cycle's commands into one target per home battery and per boiler, as {@link ChargerTargets} does for the
 * chargers. Policies run in order, safety first, and a later policy does not overrule an earlier one:
 * <ul>
 *   <li>a battery follows the first {@link Command.BatteryPower} or {@link Command.ReleaseBattery} for it; its power
 *       is held to the battery's limits, and the lowest {@link Command.LimitPower} for it caps its charging (never
 *       its discharging); a limit alone caps the charging it reports now, and leaves a battery that does not charge
 *       as it is;</li>
 *   <li>a boiler follows the first {@link Command.HeatBoiler} for it, at most its rated power; the lowest {@link
 *       Command.LimitPower} caps it, and a boiler that is only switched is switched off by a limit below its rated
 *       power; a limit alone switches off or lowers a boiler that heats above it.</li>
 * </ul>
 * A device no command names gets no target: it is left as it is.
 */
public final class StorageTargets {
    private StorageTargets() {
    }

    /** The targets of the snapshot's batteries that some command names, in the snapshot's order. */
    public static List<BatteryTarget> batteries(SiteSnapshot snapshot, List<Command> commands) {
        List<BatteryTarget> targets = new ArrayList<>();
        for (BatterySnapshot battery : snapshot.batteries()) {
            BatteryTarget target = battery(battery, commands);
            if (target != null) {
                targets.add(target);
            }
        }
        return targets;
    }

    /** The targets of the snapshot's boilers that some command names, in the snapshot's order. */
    public static List<BoilerTarget> boilers(SiteSnapshot snapshot, List<Command> commands) {
        List<BoilerTarget> targets = new ArrayList<>();
        for (BoilerSnapshot boiler : snapshot.boilers()) {
            BoilerTarget target = boiler(boiler, commands);
            if (target != null) {
                targets.add(target);
            }
        }
        return targets;
    }

    private static BatteryTarget battery(BatterySnapshot battery, List<Command> commands) {
        Command first = null;
        Command.LimitPower limit = null;
        for (Command command : commands) {
            if (!command.device().equals(battery.device())) {
                continue;
            }
            if (first == null && (command instanceof Command.BatteryPower || command instanceof Command.ReleaseBattery)) {
                first = command;
            }
            limit = lowest(limit, command);
        }
        if (first instanceof Command.ReleaseBattery release && limit == null) {
            return new BatteryTarget(battery.device(), Power.ZERO, true, release.reason(), release);
        }
        Power power;
        Command cause;
        if (first instanceof Command.BatteryPower asked) {
            power = within(asked.power(), battery.limits());
            cause = asked;
        } else if (limit != null) {
            power = battery.reading().power();
            cause = first;   // a release, or nothing: only a limit below the charging it reports changes it
        } else {
            return null;
        }
        if (limit != null && power.compareTo(limit.max()) > 0) {
            return new BatteryTarget(battery.device(), limit.max(), false, limit.reason(), limit);
        }
        if (cause instanceof Command.ReleaseBattery release) {
            return new BatteryTarget(battery.device(), Power.ZERO, true, release.reason(), release);
        }
        return cause == null ? null : new BatteryTarget(battery.device(), power, false, cause.reason(), cause);
    }

    private static BoilerTarget boiler(BoilerSnapshot boiler, List<Command> commands) {
        Command.HeatBoiler heat = null;
        Command.LimitPower limit = null;
        for (Command command : commands) {
            if (!command.device().equals(boiler.device())) {
                continue;
            }
            if (heat == null && command instanceof Command.HeatBoiler h) {
                heat = h;
            }
            limit = lowest(limit, command);
        }
        Power power;
        Command cause;
        if (heat != null) {
            power = heat.power().isPositive() && !boiler.modulating() ? boiler.ratedPower()
                    : heat.power().min(boiler.ratedPower());
            cause = heat;
        } else if (limit != null && drawable(boiler).compareTo(limit.max()) > 0) {
            power = drawable(boiler);
            cause = null;
        } else {
            return null;
        }
        if (limit != null && power.compareTo(limit.max()) > 0) {
            Power capped = boiler.modulating() ? limit.max() : Power.ZERO;
            return new BoilerTarget(boiler.device(), capped, limit.reason(), limit);
        }
        return cause == null ? null : new BoilerTarget(boiler.device(), power, cause.reason(), cause);
    }

    /**
     * What a boiler may draw as it is set now: a switched boiler that is switched on may draw its rated power as soon
     * as its thermostat calls, even while it draws nothing.
     */
    private static Power drawable(BoilerSnapshot boiler) {
        return boiler.reading().switchedOn() && !boiler.modulating() ? boiler.ratedPower() : boiler.reading().power();
    }

    private static Command.LimitPower lowest(Command.LimitPower limit, Command command) {
        if (command instanceof Command.LimitPower l && (limit == null || l.max().compareTo(limit.max()) < 0)) {
            return l;
        }
        return limit;
    }

    private static Power within(Power power, BatteryLimits limits) {
        return power.min(limits.maxCharge()).max(limits.maxDischarge().negated());
    }
}
