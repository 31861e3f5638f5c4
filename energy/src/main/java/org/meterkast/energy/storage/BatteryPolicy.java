package org.meterkast.energy.storage;

import static org.meterkast.energy.storage.StorageReasonKeys.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.meterkast.energy.control.BatterySnapshot;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Command.BatteryPower;
import org.meterkast.energy.control.Policy;
import org.meterkast.energy.control.Reason;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.control.SurplusShares;
import org.meterkast.energy.control.SurplusUse;
import org.meterkast.energy.device.BatteryStatus;
import org.meterkast.energy.device.Power;

/**
 * Steers every home battery for self-consumption, one power per battery and cycle, each with its reason:
 * <ul>
 *   <li>with a surplus, it charges with the battery's share of it ({@link SurplusShares}, after the uses the
 *       household put before it), within its charging limit, until its top charge: a battery that is not full
 *       while the house injects charges (the manual's smart mode);</li>
 *   <li>with a deficit, it discharges to cover it, within its limit, down to its reserve;</li>
 *   <li>standby only when full while injecting, or empty while taking from the grid;</li>
 *   <li>with a price plan ({@link BatterySnapshot#planned}, dynamic prices): a positive plan charges at least that
 *       (from the grid in a cheap quarter), a zero plan keeps the charge for a dearer quarter (it still charges from
 *       surplus), a negative plan discharges to cover the house.</li>
 * </ul>
 * Several batteries take the surplus and the deficit in the snapshot's order. A boiler that heats whatever the sun
 * does ({@link BoilerRules#heatsAnyway}) is part of the house for it: its draw is no surplus to charge from, and a
 * deficit it causes is covered like the house's. Pure and without memory.
 */
public final class BatteryPolicy implements Policy {
    /** The name in the decisions log. */
    public static final String NAME = "battery";

    private final BoilerRules boilerRules;

    /** With the default boiler rules ({@link BoilerRules#DEFAULTS}). */
    public BatteryPolicy() {
        this(BoilerRules.DEFAULTS);
    }

    /** @param boilerRules the rules the address's boiler policy runs by, to tell which boiler heats anyway */
    public BatteryPolicy(BoilerRules boilerRules) {
        this.boilerRules = Objects.requireNonNull(boilerRules, "boilerRules");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Command> decide(SiteSnapshot site) {
        SurplusShares shares = SurplusShares.of(site, b -> boilerRules.heatsAnyway(b, site.at()));
        long surplus = shares.surplusW();
        long share = Math.max(0, shares.shareW(SurplusUse.BATTERY));
        long deficit = Math.max(0, -surplus);
        var commands = new ArrayList<Command>();
        for (BatterySnapshot b : site.batteries()) {
            if (b.reading().status() == BatteryStatus.ERROR) {
                continue;
            }
            double soc = b.reading().socPercent();
            boolean full = soc >= b.limits().maxSocPercent();
            boolean empty = soc <= b.limits().minSocPercent();
            long maxCharge = full ? 0 : b.limits().maxCharge().watts();
            long maxDischarge = empty ? 0 : b.limits().maxDischarge().watts();
            long charge = Math.min(share, maxCharge);
            share -= charge;
            Optional<Power> planned = b.planned();
            long power;
            Reason reason;
            if (planned.isPresent() && planned.get().isPositive() && !full) {
                power = Math.min(maxCharge, Math.max(planned.get().watts(), charge));
                reason = Reason.of(BATTERY_PLAN_CHARGE, "plannedW", planned.get().watts(), "powerW", power);
            } else if (surplus > 0) {
                power = charge;
                reason = full ? Reason.of(BATTERY_STANDBY_FULL, "socPercent", Math.round(soc), "surplusW", surplus)
                        : charge == 0 ? Reason.of(BATTERY_SURPLUS_ELSEWHERE, "surplusW", surplus)
                        : Reason.of(BATTERY_CHARGE_SURPLUS, "surplusW", surplus, "powerW", charge);
            } else if (deficit > 0) {
                if (planned.isPresent() && !planned.get().isNegative() && !empty) {
                    power = 0;
                    reason = Reason.of(BATTERY_PLAN_HOLD, "socPercent", Math.round(soc), "importW", deficit);
                } else {
                    power = -Math.min(deficit, maxDischarge);
                    deficit += power;
                    reason = empty ? Reason.of(BATTERY_STANDBY_EMPTY, "socPercent", Math.round(soc),
                            "minSocPercent", Math.round(b.limits().minSocPercent()), "importW", -surplus)
                            : planned.isPresent() ? Reason.of(BATTERY_PLAN_DISCHARGE, "importW", -surplus,
                            "powerW", -power)
                            : Reason.of(BATTERY_DISCHARGE_COVER, "importW", -surplus, "powerW", -power);
                }
            } else {
                power = 0;
                reason = Reason.of(BATTERY_BALANCED);
            }
            commands.add(new BatteryPower(b.device(), Power.ofWatts(power), reason));
        }
        return commands;
    }
}
