package org.meterkast.energy.storage;

import static org.meterkast.energy.storage.StorageReasonKeys.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import org.meterkast.energy.control.BoilerSnapshot;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Command.HeatBoiler;
import org.meterkast.energy.control.Policy;
import org.meterkast.energy.control.Reason;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.control.SurplusShares;
import org.meterkast.energy.control.SurplusUse;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.device.Power;

/**
 * Runs every boiler (heat battery) on solar surplus above a temperature floor, one command per boiler and cycle,
 * in this order:
 * <ol>
 *   <li>the weekly legionella cycle: when the water has not reached 60 °C for six days (or it is not known when it
 *       last did), heat to 60 °C from the surplus or in the night tariff, and at once when it is a week;</li>
 *   <li>hot enough (at its top temperature {@link BoilerSnapshot#maxC}): off;</li>
 *   <li>below its floor: heat whatever the sun, up to {@link BoilerRules#floorMarginK} above it;</li>
 *   <li>in the night tariff: top up to {@link BoilerRules#nightTopUpK} above the floor, started again once the water
 *       has cooled {@link BoilerRules#floorMarginK} below that;</li>
 *   <li>its share of the surplus ({@link SurplusShares}): a modulating boiler heats at it, a switched one is
 *       switched on when the share covers its element and off when the share falls below half of it;</li>
 *   <li>else off.</li>
 * </ol>
 * A switched boiler's relay is spared: it stays on at least {@link BoilerRules#minOn} and off at least {@link
 * BoilerRules#minOff}, except that the water's reaching its top temperature switches it off at once. A boiler
 * without a temperature sensor heats in the night tariff and from surplus. It remembers, per boiler, when it last
 * switched it (by the snapshots' time), so each address's loop has its own instance.
 */
public final class BoilerPolicy implements Policy {
    /** The name in the decisions log. */
    public static final String NAME = "boiler";

    private final BoilerRules rules;
    private final Map<String, Memory> memory = new HashMap<>();

    public BoilerPolicy(BoilerRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Command> decide(SiteSnapshot site) {
        long share = SurplusShares.of(site, b -> rules.heatsAnyway(b, site.at())).shareW(SurplusUse.BOILER);
        boolean night = rules.night(site.at());
        var commands = new ArrayList<Command>();
        Set<String> present = new HashSet<>();
        for (BoilerSnapshot b : site.boilers()) {
            present.add(b.device());
            if (b.reading().status() == BoilerStatus.ERROR) {
                continue;
            }
            Memory m = memory.computeIfAbsent(b.device(), d -> new Memory(b.reading().switchedOn()));
            long rated = b.ratedPower().watts();
            long available = Math.max(0, share);
            Decision d = decide(b, m, site.at(), night, available);
            boolean on = d.watts > 0;
            if (!b.modulating() && on != m.on && m.since != null && !d.hot) {
                Duration held = Duration.between(m.since, site.at());
                Duration least = m.on ? rules.minOn() : rules.minOff();
                if (held.compareTo(least) < 0) {
                    d = new Decision(m.on ? rated : 0, Reason.of(m.on ? BOILER_HOLD_ON : BOILER_HOLD_OFF,
                            "forSeconds", held.getSeconds(), "minimumSeconds", least.getSeconds()), false);
                    on = m.on;
                }
            }
            if (on != m.on || m.since == null) {
                m.on = on;
                m.since = site.at();
            }
            // a boiler that heats anyway took nothing of the share (its draw is not in it)
            if (share > 0 && !rules.heatsAnyway(b, site.at())) {
                share -= Math.min(share, d.watts);
            }
            commands.add(new HeatBoiler(b.device(), Power.ofWatts(d.watts), d.reason));
        }
        memory.keySet().retainAll(present);
        return commands;
    }

    private Decision decide(BoilerSnapshot b, Memory m, Instant at, boolean night, long share) {
        long rated = b.ratedPower().watts();
        OptionalDouble temperature = b.reading().temperatureC();
        if (temperature.isEmpty()) {
            if (night) {
                return new Decision(rated, Reason.of(BOILER_NIGHT_NO_SENSOR), false);
            }
            return surplus(b, m, share);
        }
        double t = temperature.getAsDouble();
        long whole = Math.round(t);
        Duration since = BoilerRules.sinceLegionella(b, at);
        if (BoilerRules.legionellaWanted(b, t, at)) {
            if (night || BoilerRules.legionellaOverdue(b, t, at) || share * 2 >= rated) {
                Reason reason = since == null ? Reason.of(BOILER_LEGIONELLA_UNKNOWN, "temperatureC", whole)
                        : Reason.of(BOILER_LEGIONELLA, "temperatureC", whole, "daysAgo", since.toDays());
                return new Decision(rated, reason, false);
            }
        }
        if (t >= b.maxC()) {
            m.floor = false;
            return new Decision(0, Reason.of(BOILER_OFF_HOT, "temperatureC", whole, "maxC", Math.round(b.maxC())),
                    true);
        }
        if (t < b.floorC() || m.floor && t < b.floorC() + rules.floorMarginK()) {
            m.floor = true;
            return new Decision(rated, Reason.of(BOILER_FLOOR, "temperatureC", whole, "floorC",
                    Math.round(b.floorC())), false);
        }
        m.floor = false;
        double nightTarget = rules.nightTarget(b);
        if (night && (t < nightTarget - rules.floorMarginK() || m.night && t < nightTarget)) {
            m.night = true;
            return new Decision(rated, Reason.of(BOILER_NIGHT, "temperatureC", whole, "targetC",
                    Math.round(nightTarget)), false);
        }
        m.night = false;
        return surplus(b, m, share);
    }

    private static Decision surplus(BoilerSnapshot b, Memory m, long share) {
        long rated = b.ratedPower().watts();
        if (b.modulating()) {
            long power = Math.min(share, rated);
            return power > 0 ? new Decision(power, Reason.of(BOILER_SURPLUS, "surplusW", share, "powerW", power), false)
                    : new Decision(0, Reason.of(BOILER_OFF_NO_SURPLUS, "surplusW", share, "ratedW", rated), false);
        }
        if (share >= rated || m.on && share * 2 >= rated) {
            return new Decision(rated, Reason.of(BOILER_SURPLUS, "surplusW", share, "powerW", rated), false);
        }
        return new Decision(0, Reason.of(BOILER_OFF_NO_SURPLUS, "surplusW", share, "ratedW", rated), false);
    }

    /** What to do with one boiler; {@code hot} when it is off because its water is hot (no relay delay holds it). */
    private record Decision(long watts, Reason reason, boolean hot) {
    }

    /** What the policy remembers of one boiler: whether it last told it on, since when, and a floor or night run. */
    private static final class Memory {
        boolean on;
        Instant since;
        boolean floor;
        boolean night;

        Memory(boolean on) {
            this.on = on;
        }
    }
}
