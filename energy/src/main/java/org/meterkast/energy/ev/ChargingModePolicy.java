package org.meterkast.energy.ev;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.meterkast.energy.control.ChargerSnapshot;
import org.meterkast.energy.control.ChargingMode;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Command.OfferCurrent;
import org.meterkast.energy.control.Policy;
import org.meterkast.energy.control.Reason;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.control.SurplusShares;
import org.meterkast.energy.control.SurplusUse;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.quarter.Quarter;

/**
 * Steers every charger with an EV by its user's mode, one current offer per charger and cycle, each with its
 * reason:
 * <ul>
 *   <li>{@link ChargingMode#OFF}: 0 A;</li>
 *   <li>{@link ChargingMode#NOW}: the maximum current, on three phases where the charger can switch;</li>
 *   <li>{@link ChargingMode#MIN_SOLAR}: never below the minimum current, the solar surplus on top;</li>
 *   <li>{@link ChargingMode#SOLAR}: the surplus only, started and stopped with the delays and margins of
 *       {@link SolarSettings}, holding the minimum while the stop delay runs;</li>
 *   <li>{@link ChargingMode#PLAN}: the plan's power for the running quarter ({@link ChargerSnapshot#planned}); below
 *       the minimum, the minimum until the quarter's share is in, then a pause.</li>
 * </ul>
 * The surplus is the car's share of it ({@link SurplusShares}): what the site injects plus what the flexible loads
 * take now, less what the uses the household put before the car claim; chargers earlier in the snapshot's list take
 * from it first. A charger that can switch phases goes to one phase when three cannot be
 * filled from the surplus, and to three when one cannot hold it, each after its own delay. A charger without an EV
 * (standby, error, or still starting) gets no command. Time is the snapshot's only. It remembers its timers between
 * cycles, so each address's loop has its own instance.
 */
public final class ChargingModePolicy implements Policy {
    /** The name in the decisions log. */
    public static final String NAME = "ev-mode";

    private final SolarSettings settings;
    private final Map<String, Memory> memory = new HashMap<>();

    public ChargingModePolicy(SolarSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Command> decide(SiteSnapshot site) {
        // the car's share of the surplus, after the uses the household put before it (SurplusShares)
        long surplus = SurplusShares.of(site).shareW(SurplusUse.EV);
        var commands = new ArrayList<Command>();
        Set<String> present = new HashSet<>();
        for (ChargerSnapshot c : site.chargers()) {
            present.add(c.device());
            if (!hasEv(c)) {
                memory.remove(c.device());
                continue;
            }
            Memory m = memory.get(c.device());
            if (m == null || m.mode != c.mode()) {
                m = new Memory(c);
                memory.put(c.device(), m);
            }
            Charger charger = new Charger(c, m);
            OfferCurrent offer = switch (c.mode()) {
                case OFF -> charger.offer(0, charger.phases, Reason.of(ReasonKeys.OFF));
                case NOW -> now(charger);
                case MIN_SOLAR -> minSolar(charger, m, site.at(), surplus);
                case SOLAR -> solar(charger, m, site.at(), surplus);
                case PLAN -> plan(charger, m, site.at());
            };
            if (followsSun(c.mode())) {
                surplus -= Power.ofAmps(offer.amps(), offer.phases()).watts();
            }
            m.phases = offer.phases();
            commands.add(offer);
        }
        memory.keySet().retainAll(present);
        return commands;
    }

    private static boolean hasEv(ChargerSnapshot c) {
        ChargerStatus s = c.reading().status();
        return s == ChargerStatus.EV_CONNECTED || s == ChargerStatus.CHARGING || s == ChargerStatus.PAUSED;
    }

    private static boolean followsSun(ChargingMode mode) {
        return mode == ChargingMode.MIN_SOLAR || mode == ChargingMode.SOLAR;
    }

    private static OfferCurrent now(Charger c) {
        int phases = c.switchable ? 3 : c.phases;
        return c.offer(c.maxAmps, phases, Reason.of(ReasonKeys.NOW, "powerW", c.maximumW(phases), "phases", phases));
    }

    private OfferCurrent minSolar(Charger c, Memory m, Instant at, long surplus) {
        Following f = follow(c, m, at, surplus);
        Reason reason = f.switched != null ? f.switched
                : surplus < c.minimumW(f.phases)
                ? Reason.of(ReasonKeys.MIN_SOLAR_MINIMUM, "surplusW", surplus, "minimumW", c.minimumW(f.phases))
                : Reason.of(ReasonKeys.MIN_SOLAR_SURPLUS, "surplusW", surplus,
                        "powerW", Power.ofAmps(f.amps, f.phases).watts());
        return c.offer(f.amps, f.phases, reason);
    }

    private OfferCurrent solar(Charger c, Memory m, Instant at, long surplus) {
        long lowest = c.lowestMinimumW();
        long toStart = lowest + settings.startMarginW();
        boolean covers = surplus >= toStart;
        boolean falls = surplus < lowest - settings.stopMarginW();
        if (covers) {
            m.shortSince = null;
        } else if (m.shortSince == null) {
            m.shortSince = at;
        }
        if (m.solar == SolarState.PAUSED && covers) {
            m.solar = SolarState.STARTING;
            m.since = at;
        }
        if (m.solar == SolarState.STARTING) {
            if (!covers) {
                m.solar = SolarState.PAUSED;
            } else if (elapsed(m.since, at).compareTo(settings.enableDelay()) >= 0) {
                m.solar = SolarState.CHARGING;
                int phases = c.switchable && fillsThreePhases(c, surplus) ? 3 : c.switchable ? 1 : c.phases;
                m.phaseTarget = 0;
                return c.offer(c.ampsFor(surplus, phases), phases, Reason.of(ReasonKeys.SOLAR_CHARGING,
                        "surplusW", surplus, "powerW", Power.ofAmps(c.ampsFor(surplus, phases), phases).watts()));
            } else {
                return c.offer(0, c.phases, Reason.of(ReasonKeys.SOLAR_WAITING_TO_START, "surplusW", surplus,
                        "minimumW", toStart, "forSeconds", seconds(m.since, at),
                        "delaySeconds", settings.enableDelay().toSeconds()));
            }
        }
        if (m.solar == SolarState.CHARGING && falls) {
            m.solar = SolarState.STOPPING;
            m.since = at;
        }
        if (m.solar == SolarState.STOPPING) {
            if (!falls) {
                m.solar = SolarState.CHARGING;
            } else if (elapsed(m.since, at).compareTo(settings.disableDelay()) >= 0) {
                m.solar = SolarState.PAUSED;
                m.phaseTarget = 0;
            } else {
                Following f = follow(c, m, at, surplus);
                return c.offer(f.amps, f.phases, f.switched != null ? f.switched
                        : Reason.of(ReasonKeys.SOLAR_HOLDING_MINIMUM, "surplusW", surplus, "minimumW", lowest,
                        "forSeconds", seconds(m.since, at), "delaySeconds", settings.disableDelay().toSeconds()));
            }
        }
        if (m.solar == SolarState.CHARGING) {
            Following f = follow(c, m, at, surplus);
            return c.offer(f.amps, f.phases, f.switched != null ? f.switched
                    : Reason.of(ReasonKeys.SOLAR_CHARGING, "surplusW", surplus,
                    "powerW", Power.ofAmps(f.amps, f.phases).watts()));
        }
        return c.offer(0, c.phases, Reason.of(ReasonKeys.PAUSED_SURPLUS_BELOW_MINIMUM, "surplusW", surplus,
                "minimumW", toStart, "forSeconds", m.shortSince == null ? 0 : seconds(m.shortSince, at)));
    }

    private static boolean fillsThreePhases(Charger c, long surplus) {
        return surplus >= c.minimumW(3) && surplus > c.maximumW(1);
    }

    /** The current that follows the surplus, at least the minimum, with the phase switch's timers. */
    private Following follow(Charger c, Memory m, Instant at, long surplus) {
        int phases = c.phases;
        Reason switched = null;
        if (c.switchable) {
            int wanted = phases == 3 && surplus < c.minimumW(3) ? 1
                    : phases == 1 && fillsThreePhases(c, surplus) ? 3 : 0;
            if (wanted == 0) {
                m.phaseTarget = 0;
            } else {
                if (m.phaseTarget != wanted) {
                    m.phaseTarget = wanted;
                    m.phaseSince = at;
                }
                Duration delay = wanted == 1 ? settings.phaseDownDelay() : settings.phaseUpDelay();
                if (elapsed(m.phaseSince, at).compareTo(delay) >= 0) {
                    switched = wanted == 1
                            ? Reason.of(ReasonKeys.PHASES_TO_ONE, "surplusW", surplus, "minimumW", c.minimumW(3),
                                    "forSeconds", seconds(m.phaseSince, at))
                            : Reason.of(ReasonKeys.PHASES_TO_THREE, "surplusW", surplus, "maximumW", c.maximumW(1),
                                    "forSeconds", seconds(m.phaseSince, at));
                    phases = wanted;
                    m.phaseTarget = 0;
                }
            }
        }
        return new Following(c.ampsFor(surplus, phases), phases, switched);
    }

    private static OfferCurrent plan(Charger c, Memory m, Instant at) {
        long planned = c.snapshot.planned().watts();
        if (planned <= 0) {
            return c.offer(0, c.phases, Reason.of(ReasonKeys.PLAN_IDLE));
        }
        // one phase as long as it holds the plan's power; above that three, part-time at their minimum if need be
        int phases = !c.switchable ? c.phases : planned > c.maximumW(1) ? 3 : 1;
        if (planned >= c.minimumW(phases)) {
            double amps = c.ampsFor(planned, phases);
            return c.offer(amps, phases, Reason.of(ReasonKeys.PLAN_CHARGING, "plannedW", planned,
                    "powerW", Power.ofAmps(amps, phases).watts()));
        }
        // below the minimum: run at the minimum from when this quarter was first seen until its share is in
        long sessionWh = c.snapshot.reading().sessionWh();
        Quarter quarter = Quarter.containing(at);
        if (!quarter.equals(m.quarter) || sessionWh < m.quarterFromWh) {
            m.quarter = quarter;
            m.quarterFromWh = sessionWh;
            m.quarterSeenAt = at;
        }
        long dueWh = planned * seconds(m.quarterSeenAt, quarter.end()) / 3600;
        long deliveredWh = sessionWh - m.quarterFromWh;
        if (deliveredWh < dueWh) {
            return c.offer(c.minAmps, phases, Reason.of(ReasonKeys.PLAN_BELOW_MINIMUM, "plannedW", planned,
                    "minimumW", c.minimumW(phases), "deliveredWh", deliveredWh, "dueWh", dueWh));
        }
        return c.offer(0, phases, Reason.of(ReasonKeys.PLAN_QUARTER_DONE, "plannedW", planned,
                "deliveredWh", deliveredWh));
    }

    private static Duration elapsed(Instant since, Instant at) {
        return Duration.between(since, at);
    }

    private static long seconds(Instant since, Instant at) {
        return Duration.between(since, at).getSeconds();
    }

    /** Where solar charging stands. */
    private enum SolarState {
        /** not charging; the surplus does not cover the start */
        PAUSED,
        /** not charging; the surplus covers the start, the start delay runs */
        STARTING,
        /** charging from the surplus */
        CHARGING,
        /** the surplus fell short; holding the minimum while the stop delay runs */
        STOPPING
    }

    /** What the policy remembers of one charger between cycles, reset when its mode changes or its EV leaves. */
    private static final class Memory {
        final ChargingMode mode;
        SolarState solar;
        Instant since;
        Instant shortSince;
        int phases;
        int phaseTarget;
        Instant phaseSince;
        Quarter quarter;
        long quarterFromWh;
        Instant quarterSeenAt;

        Memory(ChargerSnapshot c) {
            mode = c.mode();
            // after a restart a charger that is offered current is taken to be charging
            solar = c.reading().offeredAmps() > 0 ? SolarState.CHARGING : SolarState.PAUSED;
            phases = c.reading().phases();
        }
    }

    /** One charger's electrical figures in this cycle. */
    private static final class Charger {
        final ChargerSnapshot snapshot;
        final boolean switchable;
        final int phases;
        final double minAmps;
        final double maxAmps;

        Charger(ChargerSnapshot c, Memory m) {
            snapshot = c;
            switchable = c.canSwitchPhases() && c.maxPhases() == 3;
            // a switch takes a moment to show in the readings: until then go by what was asked
            phases = switchable ? m.phases : c.reading().phases();
            minAmps = c.range().minAmps();
            maxAmps = c.range().maxAmps();
        }

        long minimumW(int p) {
            return Power.ofAmps(minAmps, p).watts();
        }

        long maximumW(int p) {
            return Power.ofAmps(maxAmps, p).watts();
        }

        /** The least it can charge at: on one phase where it can switch. */
        long lowestMinimumW() {
            return minimumW(switchable ? 1 : phases);
        }

        /** The current per phase that takes {@code watts} on {@code p} phases, within the range, in tenths of A. */
        double ampsFor(long watts, int p) {
            return Math.max(minAmps, Math.min(maxAmps, tenths(Power.ofWatts(watts).ampsPerPhase(p))));
        }

        static double tenths(double amps) {
            return Math.floor(amps * 10 + 1e-9) / 10;
        }

        OfferCurrent offer(double amps, int p, Reason reason) {
            return new OfferCurrent(snapshot.device(), amps, p, reason);
        }
    }

    private record Following(double amps, int phases, Reason switched) {
    }
}
