package org.meterkast.energy.storage;

import static org.meterkast.energy.storage.StorageReasonKeys.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import org.meterkast.energy.control.BatterySnapshot;
import org.meterkast.energy.control.BoilerSnapshot;
import org.meterkast.energy.control.ChargerSnapshot;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Command.BatteryPower;
import org.meterkast.energy.control.Command.LimitPower;
import org.meterkast.energy.control.Policy;
import org.meterkast.energy.control.Reason;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.device.BatteryStatus;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.ev.ReasonKeys;
import org.meterkast.energy.quarter.Quarter;

/**
 * The capacity-peak guard: keeps the running quarter's average grid import at or under the site's peak limit
 * (this month's peak so far, never below 2.5 kW) by capping the flexible loads for the rest of the quarter, and by
 * discharging the battery when capping them is not enough.
 *
 * <p>What the quarter may still import is the limit's quarter (limit × 15 min) less what it imported so far. The
 * loads cannot change their power at once: for the next {@code reaction} they are taken to go on drawing what they
 * draw now, and the rest of the budget is spread over the quarter's remaining time after that. So the flexible
 * loads together (chargers with an EV, boilers, batteries by their signed power) may draw
 * <pre>
 *   allowed = (limit × 900 s − imported − max(0, grid) × reaction) / (left − reaction) − house
 * </pre>
 * where {@code house} is the grid power less those loads (negative while it injects). Two floors: taking from what
 * the site injects imports nothing, so {@code allowed} is never below the export; and in the last {@code reaction}
 * seconds of a quarter, any change lands in the next one, so it is then the next quarter's, {@code limit − house}.
 *
 * <p>The loads keep their part of it in this order, the last one shed first: the car (several chargers share the
 * headroom above what they draw now equally), then the boiler (a switched one is off below its rated power, stays
 * off for the rest of that quarter so its relay is not toggled against the falling average, and is let on in a later
 * quarter only when the allowance clears its element by {@code releaseMarginW}), then the battery's charging;
 * what is still over is the battery's to discharge: as much as covers what the site would import with it idle, never
 * more, for power sent into the grid does not lower the offtake peak (once the quarter's budget is spent the
 * allowance is far below zero, and the battery would otherwise be asked to export). A site with chargers only gets
 * exactly the chargers' caps, with the EV's reasons.
 */
public final class PeakGuard implements Policy {
    /** The name in the decisions log. */
    public static final String NAME = "peak-guard";
    /** How long a load takes to follow a new limit, by default. */
    public static final Duration DEFAULT_REACTION = Duration.ofSeconds(10);
    /** How far the allowance must clear a shed switched boiler's element before it is let on again, by default. */
    public static final long DEFAULT_RELEASE_MARGIN_W = 300;

    private static final long QUARTER_SECONDS = Quarter.LENGTH.toSeconds();

    private final long reactionSeconds;
    private final long releaseMarginW;
    /** The switched boilers shed, with the quarter each was shed in. */
    private final Map<String, Quarter> shedBoilers = new HashMap<>();

    /** @param reaction how long a load takes to follow a new limit (an OCPP round trip and a car's ramp) */
    public PeakGuard(Duration reaction) {
        this(reaction, DEFAULT_RELEASE_MARGIN_W);
    }

    /**
     * @param reaction       how long a load takes to follow a new limit
     * @param releaseMarginW how far the allowance must clear a shed switched boiler's element before it is let on
     */
    public PeakGuard(Duration reaction, long releaseMarginW) {
        Objects.requireNonNull(reaction, "reaction");
        if (reaction.isNegative() || reaction.toSeconds() >= QUARTER_SECONDS) {
            throw new IllegalArgumentException("reaction must be 0 s to 15 min, not " + reaction);
        }
        if (releaseMarginW < 0) {
            throw new IllegalArgumentException("releaseMarginW must not be negative, not " + releaseMarginW);
        }
        this.reactionSeconds = reaction.toSeconds();
        this.releaseMarginW = releaseMarginW;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Command> decide(SiteSnapshot site) {
        List<ChargerSnapshot> chargers = site.chargers().stream().filter(PeakGuard::hasEv).toList();
        List<BoilerSnapshot> boilers = site.boilers().stream()
                .filter(b -> b.reading().status() != BoilerStatus.ERROR).toList();
        List<BatterySnapshot> batteries = site.batteries().stream()
                .filter(b -> b.reading().status() != BatteryStatus.ERROR).toList();
        shedBoilers.keySet().retainAll(boilers.stream().map(BoilerSnapshot::device).toList());
        if (chargers.isEmpty() && boilers.isEmpty() && batteries.isEmpty()) {
            return List.of();
        }
        long evDraw = sum(chargers.stream().mapToLong(c -> c.reading().power().watts()).toArray());
        long boilerDraw = sum(boilers.stream().mapToLong(b -> b.reading().power().watts()).toArray());
        long batteryPower = sum(batteries.stream().mapToLong(b -> b.reading().power().watts()).toArray());
        long grid = site.grid().watts();
        long house = grid - evDraw - boilerDraw - batteryPower;
        long peakW = site.peakLimit().watts();
        Quarter running = Quarter.containing(site.at());
        long left = Duration.between(site.at(), running.end()).getSeconds();
        long allowed;
        long headingW;
        String key;
        if (left <= reactionSeconds) {
            allowed = peakW - house;
            headingW = Math.max(0, grid);
            key = ReasonKeys.PEAK_GUARD_NEXT_QUARTER;
        } else {
            long budgetWs = peakW * QUARTER_SECONDS - site.quarterImportWh() * 3600;
            long spentWs = Math.max(0, grid) * reactionSeconds;
            allowed = Math.floorDiv(budgetWs - spentWs, left - reactionSeconds) - house;
            headingW = (site.quarterImportWh() * 3600 + Math.max(0, grid) * left) / QUARTER_SECONDS;
            key = ReasonKeys.PEAK_GUARD_LIMIT;
        }
        if (house < 0 && allowed <= -house) {
            allowed = -house;
            key = ReasonKeys.PEAK_GUARD_EXPORT_ONLY;
        }
        var commands = new ArrayList<Command>();

        long evAllowed = Math.max(0, allowed);
        long[] caps = share(chargers, evAllowed);
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
        long evKept = Math.min(evDraw, evAllowed);
        long boilersKept = 0;
        long rest = allowed - evKept;

        for (BoilerSnapshot b : boilers) {
            long draw = b.reading().power().watts();
            long rated = b.ratedPower().watts();
            long cap = Math.max(0, rest);
            if (b.modulating()) {
                if (cap < draw) {
                    commands.add(new LimitPower(b.device(), Power.ofWatts(cap), Reason.of(PEAK_BOILER_LIMIT,
                            "headingW", headingW, "peakLimitW", peakW, "limitW", cap)));
                }
                boilersKept += Math.min(draw, cap);
                rest -= Math.min(draw, cap);
                continue;
            }
            Quarter shedIn = shedBoilers.get(b.device());
            boolean shed = cap < rated || shedIn != null && (shedIn.equals(running) || cap < rated + releaseMarginW);
            if (shed) {
                shedBoilers.putIfAbsent(b.device(), running);
                commands.add(new LimitPower(b.device(), Power.ZERO, Reason.of(PEAK_BOILER_OFF,
                        "headingW", headingW, "peakLimitW", peakW)));
            } else {
                shedBoilers.remove(b.device());
                boilersKept += draw;
                rest -= draw;
            }
        }

        // what would the site import with the batteries idle, after the caps above; discharging more than that
        // would only export, which lowers no peak
        long withoutBatteries = house + evKept + boilersKept;
        long discharge = rest < 0 ? Math.max(0, withoutBatteries) : 0;
        for (BatterySnapshot b : batteries) {
            if (discharge > 0) {
                if (b.reading().socPercent() <= b.limits().minSocPercent()) {
                    continue;
                }
                long power = Math.min(discharge, b.limits().maxDischarge().watts());
                discharge -= power;
                commands.add(new BatteryPower(b.device(), Power.ofWatts(-power), Reason.of(PEAK_BATTERY_DISCHARGE,
                        "headingW", headingW, "peakLimitW", peakW, "powerW", power)));
            } else {
                long cap = Math.max(0, rest);
                commands.add(new LimitPower(b.device(), Power.ofWatts(cap), Reason.of(PEAK_BATTERY_LIMIT,
                        "headingW", headingW, "peakLimitW", peakW, "limitW", cap)));
                rest -= Math.min(cap, Math.max(0, b.reading().power().watts()));
            }
        }
        return commands;
    }

    private static long sum(long[] values) {
        long total = 0;
        for (long v : values) {
            total += v;
        }
        return total;
    }

    /** Splits the chargers' cap: each keeps its draw plus an equal share of the headroom, never below zero. */
    private static long[] share(List<ChargerSnapshot> chargers, long total) {
        int n = chargers.size();
        long[] caps = new long[n];
        if (n == 0) {
            return caps;
        }
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
