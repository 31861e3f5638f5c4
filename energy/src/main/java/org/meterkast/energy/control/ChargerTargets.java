package org.meterkast.energy.control;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a cycle's commands into one target per charger. For each charger of the snapshot:
 * <ul>
 *   <li>a {@link Command.StopSession} ends its session, whatever else was asked;</li>
 *   <li>otherwise the first {@link Command.OfferCurrent} for it counts (policies run in order, safety first, and a
 *       later policy does not overrule an earlier one), at most the charger's maximum, on the phases asked where the
 *       charger can switch and at most the phases it is wired for, else on the phases it charges on now;</li>
 *   <li>the lowest {@link Command.LimitPower} for it caps that current, converted to amps per phase at 230 V on
 *       those phases; a limit alone caps the current the charger offers now and switches nothing on;</li>
 *   <li>a current above 0 but below the charger's minimum becomes 0, a pause, with the reason of what held it
 *       down;</li>
 *   <li>currents are rounded down to a tenth of an ampere, so a limit is never exceeded.</li>
 * </ul>
 * A charger no command names gets no target: it is left as it is.
 */
public final class ChargerTargets {
    private ChargerTargets() {
    }

    /** The targets of the snapshot's chargers that some command names, in the snapshot's order. */
    public static List<ChargerTarget> resolve(SiteSnapshot snapshot, List<Command> commands) {
        List<ChargerTarget> targets = new ArrayList<>();
        for (ChargerSnapshot charger : snapshot.chargers()) {
            ChargerTarget target = resolve(charger, commands);
            if (target != null) {
                targets.add(target);
            }
        }
        return targets;
    }

    private static ChargerTarget resolve(ChargerSnapshot charger, List<Command> commands) {
        Command.OfferCurrent offer = null;
        Command.LimitPower limit = null;
        for (Command command : commands) {
            if (!command.device().equals(charger.device())) {
                continue;
            }
            if (command instanceof Command.StopSession stop) {
                return new ChargerTarget(charger.device(), 0, charger.reading().phases(), true, stop.reason(), stop);
            }
            if (command instanceof Command.OfferCurrent o && offer == null) {
                offer = o;
            }
            if (command instanceof Command.LimitPower l && (limit == null || l.max().compareTo(limit.max()) < 0)) {
                limit = l;
            }
        }
        if (offer == null && limit == null) {
            return null;
        }
        int phases;
        double amps;
        Command cause;
        if (offer != null) {
            phases = charger.canSwitchPhases() ? Math.min(offer.phases(), charger.maxPhases())
                    : charger.reading().phases();
            amps = Math.min(offer.amps(), charger.range().maxAmps());
            cause = offer;
        } else {
            phases = charger.reading().phases();
            amps = charger.reading().offeredAmps();
            cause = null;
        }
        if (limit != null) {
            double allowed = tenthsDown(limit.max().ampsPerPhase(phases));
            if (amps > allowed) {
                amps = allowed;
                cause = limit;
            }
        }
        if (cause == null) {
            return null;   // a limit the charger is already under: nothing to change
        }
        amps = tenthsDown(amps);
        if (amps > 0 && amps < charger.range().minAmps()) {
            amps = 0;
        }
        return new ChargerTarget(charger.device(), amps, phases, false, cause.reason(), cause);
    }

    /** Rounded down to a tenth, without the binary fraction's 4.299999 turning 4.3 into 4.2. */
    private static double tenthsDown(double amps) {
        return Math.floor(amps * 10 + 1e-9) / 10;
    }
}
