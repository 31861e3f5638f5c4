package org.meterkast.energy.ev;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.meterkast.energy.control.ChargerSnapshot;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Command.LimitPower;
import org.meterkast.energy.control.Policy;
import org.meterkast.energy.control.Reason;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.quarter.Quarter;

/**
 * Keeps the running quarter's average grid import at or under the site's peak limit by capping what the chargers
 * may draw for the rest of the quarter.
 *
 * <p>What the quarter may still import is the limit's quarter (limit × 15 min) less what it imported so far. The
 * chargers cannot change their power at once: for the next {@code reaction} they are taken to go on drawing what
 * they draw now, and the rest of the budget is spread over the quarter's remaining time after that. So
 * <pre>
 *   cap = (limit × 900 s − imported − max(0, house + chargers) × reaction) / (left − reaction) − house
 * </pre>
 * where {@code house} is the site's grid power less the chargers' draw (negative while it injects). Two floors:
 * charging from what the site injects imports nothing, so the cap is never below the export; and in the last
 * {@code reaction} seconds of a quarter, any change lands in the next one, so the cap is then the next quarter's,
 * {@code limit − house}. Several chargers share the headroom above what they draw now equally. Only chargers with an
 * EV get a cap.
 */
public final class ChargerPeakGuard implements Policy {
    /** The name in the decisions log. */
    public static final String NAME = "peak-guard";
    /** How long a charger and its car take to follow a new limit, by default. */
    public static final Duration DEFAULT_REACTION = Duration.ofSeconds(10);

    private static final long QUARTER_SECONDS = Quarter.LENGTH.toSeconds();

    private final long reactionSeconds;

    /** @param reaction how long a charger and its car take to follow a new limit (OCPP round trip and ramp) */
    public ChargerPeakGuard(Duration reaction) {
        Objects.requireNonNull(reaction, "reaction");
        if (reaction.isNegative() || reaction.toSeconds() >= QUARTER_SECONDS) {
            throw new IllegalArgumentException("reaction must be 0 s to 15 min, not " + reaction);
        }
        this.reactionSeconds = reaction.toSeconds();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Command> decide(SiteSnapshot site) {
        List<ChargerSnapshot> chargers = site.chargers().stream().filter(ChargerPeakGuard::hasEv).toList();
        if (chargers.isEmpty()) {
            return List.of();
        }
        long draws = 0;
        for (ChargerSnapshot c : chargers) {
            draws += c.reading().power().watts();
        }
        long house = site.grid().watts() - draws;
        long peakW = site.peakLimit().watts();
        long left = Duration.between(site.at(), Quarter.containing(site.at()).end()).getSeconds();
        long total;
        String key;
        if (left <= reactionSeconds) {
            total = peakW - house;
            key = ReasonKeys.PEAK_GUARD_NEXT_QUARTER;
        } else {
            long budgetWs = peakW * QUARTER_SECONDS - site.quarterImportWh() * 3600;
            long spentWs = Math.max(0, house + draws) * reactionSeconds;
            total = Math.floorDiv(budgetWs - spentWs, left - reactionSeconds) - house;
            key = ReasonKeys.PEAK_GUARD_LIMIT;
        }
        if (house < 0 && total <= -house) {
            total = -house;
            key = ReasonKeys.PEAK_GUARD_EXPORT_ONLY;
        }
        total = Math.max(0, total);
        long[] caps = share(chargers, total);
        var commands = new ArrayList<Command>(chargers.size());
        for (int i = 0; i < caps.length; i++) {
            Reason reason = switch (key) {
                case ReasonKeys.PEAK_GUARD_NEXT_QUARTER -> Reason.of(key, "peakLimitW", peakW, "secondsLeft", left,
                        "limitW", caps[i]);
                case ReasonKeys.PEAK_GUARD_EXPORT_ONLY -> Reason.of(key, "peakLimitW", peakW,
                        "importedWh", site.quarterImportWh(), "exportW", -house, "limitW", caps[i]);
                default -> Reason.of(key, "peakLimitW", peakW, "importedWh", site.quarterImportWh(),
                        "secondsLeft", left, "limitW", caps[i]);
            };
            commands.add(new LimitPower(chargers.get(i).device(), Power.ofWatts(caps[i]), reason));
        }
        return commands;
    }

    /** Splits the chargers' cap: each keeps its draw plus an equal share of the headroom, never below zero. */
    private static long[] share(List<ChargerSnapshot> chargers, long total) {
        int n = chargers.size();
        long[] caps = new long[n];
        boolean[] zero = new boolean[n];
        boolean changed = true;
        while (changed) {
            changed = false;
            long draws = 0;
            int active = 0;
            for (int i = 0; i < n; i++) {
                if (!zero[i]) {
                    draws += chargers.get(i).reading().power().watts();
                    active++;
                }
            }
            long headroom = Math.floorDiv(total - draws, active);
            for (int i = 0; i < n; i++) {
                if (!zero[i]) {
                    caps[i] = chargers.get(i).reading().power().watts() + headroom;
                    if (caps[i] < 0) {
                        caps[i] = 0;
                        zero[i] = true;
                        changed = true;
                    }
                }
            }
            if (active == 1 || !changed) {
                break;
            }
        }
        return caps;
    }

    private static boolean hasEv(ChargerSnapshot c) {
        ChargerStatus s = c.reading().status();
        return s == ChargerStatus.EV_CONNECTED || s == ChargerStatus.CHARGING || s == ChargerStatus.PAUSED;
    }
}
