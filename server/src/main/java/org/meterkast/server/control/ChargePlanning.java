package org.meterkast.server.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.meterkast.energy.control.ChargingMode;
import org.meterkast.energy.control.Reason;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.ev.Car;
import org.meterkast.energy.ev.ChargePlan;
import org.meterkast.energy.ev.ChargePlanner;
import org.meterkast.energy.ev.PlanPrices;
import org.meterkast.energy.ev.PlanRequest;
import org.meterkast.energy.ev.PlannedQuarter;
import org.meterkast.energy.ev.QuarterOutlook;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.server.location.AddressRemoved;
import org.meterkast.server.location.DeviceRemoved;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The plans of the chargers in mode plan: each made by the {@link ChargePlanner} from the household's goal, the
 * car's charge, the charger's limits, the month's peak and the address's {@link PlanOutlook}, and kept until the
 * quarter changes, the household changes its preferences, a session starts or ends, or the charger starts or stops
 * reporting the car's charge; not every cycle. A plan that cannot be made (the store failing, a figure out of
 * range) is counted and shown with its error, and plans nothing until the next quarter tries again: it never
 * stops the loop.
 *
 * <p>The car's charge is the one the charger reports where it does; else the household's figure plus what the
 * session charged since, × the charging efficiency ({@link Car#TYPICAL_EFFICIENCY}) over the battery. The
 * household's figure counts as the charge at the session's start, unless it was changed during the session: then
 * from that moment.
 */
@Service
class ChargePlanning implements ChargePlans {
    private static final Logger log = LoggerFactory.getLogger(ChargePlanning.class);

    /** A quarter's price source without a tariff: every price taken as zero. */
    static final String NO_TARIFF = "noTariff";

    /** What a goal needs, by the preferences' field names. */
    static final List<String> GOAL = List.of("targetSoc", "departure", "batteryKwh", "soc");

    /** Where a charger's plan stands, as the API names it ({@code notPlanMode}, {@code noGoal}, …). */
    enum PlanState {
        /** the charger is in another mode */
        NOT_PLAN_MODE,
        /** the goal lacks a figure ({@link #GOAL}) */
        NO_GOAL,
        /** the loop has not read the charger yet */
        NO_READING,
        /** the plan could not be made */
        ERROR,
        /** planned */
        PLANNED
    }

    /** Where the car's charge comes from. */
    enum SocSource {
        /** the charger reported it */
        REPORTED,
        /** the household entered it; the session's energy since is added */
        ENTERED
    }

    /**
     * A plan made, or the error that kept it from being made.
     *
     * @param at          when it was made
     * @param quarter     the quarter it was made in
     * @param preferences the preferences it was made for
     * @param session     whether a session was open
     * @param reported    whether the charger reported the car's charge
     * @param socPercent  the car's charge it started from; null when even that could not be had
     * @param socSource   where that charge came from
     * @param peakLimit   the peak limit it kept under
     * @param outlook     the quarters' prices, sun and load; null when it failed
     * @param plan        the plan; null when it failed
     * @param error       why it failed; null when it did not
     */
    record Made(Instant at, Quarter quarter, ChargerPreferences preferences, boolean session, boolean reported,
                Integer socPercent, SocSource socSource, Power peakLimit, PlanOutlook.Outlook outlook, ChargePlan plan,
                String error) {
    }

    private record Key(long locationId, String charger) {
    }

    /** One charger: what the loop last saw of it, the household's figure's starting point, and its plan. */
    private static final class Entry {
        Seen seen;
        boolean session;
        Integer enteredSoc;
        long enteredFromWh;
        Made made;
        long failures;
    }

    private final PlanOutlook outlook;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    ChargePlanning(PlanOutlook outlook) {
        this.outlook = outlook;
    }

    @Override
    public Power planned(Seen charger, Instant at) {
        if (charger.locationId() == 0) {
            return Power.ZERO;
        }
        Entry entry = entries.computeIfAbsent(new Key(charger.locationId(), charger.charger()), k -> new Entry());
        synchronized (entry) {
            observe(entry, charger);
            if (charger.preferences().mode() != ChargingMode.PLAN || !missing(charger).isEmpty()) {
                return Power.ZERO;
            }
            Made made = current(entry, charger, at);
            return made.plan() == null ? Power.ZERO : made.plan().powerAt(at);
        }
    }

    /**
     * Where a charger's plan stands for the household at {@code at}, with these preferences (the latest saved): the
     * plan kept, or one made now from what the loop last saw of the charger when that plan no longer holds.
     */
    PlanView view(long locationId, String charger, ChargerPreferences preferences, Instant at) {
        if (preferences.mode() != ChargingMode.PLAN) {
            return PlanView.notPlanMode(preferences.mode());
        }
        Entry entry = entries.get(new Key(locationId, charger));
        if (entry == null) {
            List<String> missing = missing(preferences, null);
            return missing.isEmpty() ? PlanView.noReading() : PlanView.noGoal(missing);
        }
        synchronized (entry) {
            Seen seen = entry.seen;
            Seen now = new Seen(seen.meter(), seen.locationId(), seen.charger(), preferences, seen.reading(),
                    seen.limits(), seen.reportedSoc(), seen.peakLimit());
            List<String> missing = missing(now);
            if (!missing.isEmpty()) {
                return PlanView.noGoal(missing);
            }
            observe(entry, now);
            Made made = current(entry, now, at);
            return made.plan() == null ? PlanView.failed(made, entry.failures) : PlanView.of(made, seen.reading());
        }
    }

    /** What the goal lacks: of {@link #GOAL}, the fields not entered (the charge only where no charger reports it). */
    static List<String> missing(Seen charger) {
        return missing(charger.preferences(), charger.reportedSoc());
    }

    private static List<String> missing(ChargerPreferences p, Integer reportedSoc) {
        var missing = new ArrayList<String>();
        if (p.targetSoc() == null) {
            missing.add("targetSoc");
        }
        if (p.departure() == null) {
            missing.add("departure");
        }
        if (p.batteryKwh() == null) {
            missing.add("batteryKwh");
        }
        if (p.soc() == null && reportedSoc == null) {
            missing.add("soc");
        }
        return missing;
    }

    /** Notes a cycle's view of the charger: a session opened or closed, a figure entered during a session. */
    private static void observe(Entry entry, Seen charger) {
        boolean session = hasSession(charger.reading().status());
        long sessionWh = charger.reading().sessionWh();
        Seen before = entry.seen;
        boolean restarted = before != null && sessionWh < before.reading().sessionWh();
        if (session && (!entry.session || restarted)) {
            entry.enteredFromWh = 0;
        } else if (session && !Objects.equals(entry.enteredSoc, charger.preferences().soc())) {
            entry.enteredFromWh = sessionWh;
        }
        entry.session = session;
        entry.enteredSoc = charger.preferences().soc();
        entry.seen = charger;
    }

    private static boolean hasSession(ChargerStatus status) {
        return status == ChargerStatus.EV_CONNECTED || status == ChargerStatus.CHARGING
                || status == ChargerStatus.PAUSED;
    }

    /** The plan kept, when it still holds; else a new one. */
    private Made current(Entry entry, Seen charger, Instant at) {
        Made made = entry.made;
        boolean reported = charger.reportedSoc() != null;
        if (made != null && made.quarter().equals(Quarter.containing(at))
                && made.preferences().equals(charger.preferences()) && made.session() == entry.session
                && made.reported() == reported
                // a new month peak (or a plan made by the API from an older reading) plans again
                && made.peakLimit().equals(ChargePlanner.peakLimit(charger.peakLimit()))) {
            return made;
        }
        entry.made = make(entry, charger, at);
        return entry.made;
    }

    private Made make(Entry entry, Seen charger, Instant at) {
        ChargerPreferences p = charger.preferences();
        Quarter quarter = Quarter.containing(at);
        boolean reported = charger.reportedSoc() != null;
        Power peakLimit = ChargePlanner.peakLimit(charger.peakLimit());
        SocSource source = reported ? SocSource.REPORTED : SocSource.ENTERED;
        Integer soc = null;
        try {
            long batteryWh = p.batteryKwh().movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
            soc = reported ? charger.reportedSoc() : socNow(p.soc(),
                    entry.session ? charger.reading().sessionWh() - entry.enteredFromWh : 0, batteryWh);
            Instant departure = departure(at, p);
            int count = Math.toIntExact(ceilDiv(Duration.between(quarter.start(), departure).getSeconds(),
                    Quarter.LENGTH.toSeconds()));
            PlanOutlook.Outlook ahead = outlook.of(charger.meter(), quarter, count, at);
            Car car = new Car(batteryWh, soc, p.targetSoc(), p.normalUpTo() == null ? 0 : p.normalUpTo(),
                    Car.TYPICAL_EFFICIENCY);
            ChargePlan plan = ChargePlanner.plan(new PlanRequest(at, departure, car, charger.limits(), peakLimit,
                    ahead.quarters()));
            return new Made(at, quarter, p, entry.session, reported, soc, source, peakLimit, ahead, plan, null);
        } catch (RuntimeException e) {
            entry.failures++;
            log.warn("meter '{}', charger {}: no plan: {}", charger.meter(), charger.charger(), e.toString());
            return new Made(at, quarter, p, entry.session, reported, soc, source, peakLimit, null, null,
                    e.toString());
        }
    }

    /**
     * The car's charge from the household's figure and the energy charged since, % (rounded down, at most 100):
     * {@code entered} + charged × efficiency × 100 / battery.
     */
    static int socNow(int entered, long chargedWh, long batteryWh) {
        return new Car(batteryWh, entered, entered, 0, Car.TYPICAL_EFFICIENCY).socAfter(Math.max(0, chargedWh));
    }

    /** The next time of day of the departure after {@code at}, in Brussels. */
    static Instant departure(Instant at, ChargerPreferences p) {
        ZonedDateTime local = at.atZone(PlanOutlook.BRUSSELS);
        ZonedDateTime today = local.with(p.departure());
        return today.toInstant().isAfter(at) ? today.toInstant()
                : local.toLocalDate().plusDays(1).atTime(p.departure()).atZone(PlanOutlook.BRUSSELS).toInstant();
    }

    /** An enum constant as the API names it: {@code NOT_PLAN_MODE} is {@code notPlanMode}. */
    static String camel(Enum<?> value) {
        StringBuilder camel = new StringBuilder();
        boolean up = false;
        for (char c : value.name().toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                camel.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return camel.toString();
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    @EventListener
    void on(DeviceRemoved event) {
        entries.remove(new Key(event.locationId(), Long.toString(event.deviceId())));
    }

    @EventListener
    void on(AddressRemoved event) {
        entries.keySet().removeIf(k -> k.locationId() == event.locationId());
    }

    /**
     * A charger's plan as the API shows it: its state ({@link PlanState}), and what applies to it: the goal's missing
     * fields, the error, what the plan starts from and its schedule (both unwrapped into the view).
     *
     * @param failures how many times a plan could not be made for this charger since the start
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PlanView(String state, String mode, List<String> missing, String error, Long failures,
                    @JsonUnwrapped Start start, @JsonUnwrapped Schedule schedule) {

        static PlanView notPlanMode(ChargingMode mode) {
            return new PlanView(camel(PlanState.NOT_PLAN_MODE), mode.name(), null, null, null, null, null);
        }

        static PlanView noGoal(List<String> missing) {
            return new PlanView(camel(PlanState.NO_GOAL), ChargingMode.PLAN.name(), List.copyOf(missing), null, null,
                    null, null);
        }

        static PlanView noReading() {
            return new PlanView(camel(PlanState.NO_READING), ChargingMode.PLAN.name(), null, null, null, null, null);
        }

        static PlanView failed(Made made, long failures) {
            return new PlanView(camel(PlanState.ERROR), ChargingMode.PLAN.name(), null, made.error(), failures,
                    Start.of(made), null);
        }

        static PlanView of(Made made, ChargerReading reading) {
            return new PlanView(camel(PlanState.PLANNED), ChargingMode.PLAN.name(), null, null, null, Start.of(made),
                    Schedule.of(made, reading));
        }
    }

    /**
     * What a plan starts from.
     *
     * @param madeAt     when it was made
     * @param socPercent the car's charge then
     * @param socSource  {@code reported} by the charger, or {@code entered} by the household (plus the session's
     *                   energy since)
     * @param peakLimitW the quarter-average import no planned quarter exceeds
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Start(Instant madeAt, Integer socPercent, String socSource, Integer targetPercent, Integer normalPercent,
                 long peakLimitW) {
        static Start of(Made made) {
            return new Start(made.at(), made.socPercent(), camel(made.socSource()), made.preferences().targetSoc(),
                    made.preferences().normalUpTo(), made.peakLimit().watts());
        }
    }

    /**
     * A plan's schedule.
     *
     * @param departure          the departure it plans for
     * @param neededWh           what the charger must deliver to reach the target
     * @param plannedWh          what the plan delivers
     * @param reachesTarget      whether the car has its target charge by the departure
     * @param expectedSocPercent the charge expected at the departure
     * @param reason             why: it reaches the target, or what keeps it from it (key and figures)
     * @param cost               the expected cost, € to the cent; null without a tariff
     * @param priced             whether the address has a tariff to price it
     * @param readAt             when the loop last read the charger
     * @param quarters           every quarter to the departure, those without charging included
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Schedule(Instant departure, long neededWh, long plannedWh, boolean reachesTarget, int expectedSocPercent,
                    Reason reason, BigDecimal cost, boolean priced, long gridWh, long solarWh, Instant readAt,
                    List<QuarterView> quarters) {
        static Schedule of(Made made, ChargerReading reading) {
            ChargePlan plan = made.plan();
            boolean priced = made.outlook().priced();
            Map<Quarter, Integer> index = new HashMap<>();
            for (int i = 0; i < made.outlook().quarters().size(); i++) {
                index.put(made.outlook().quarters().get(i).quarter(), i);
            }
            var quarters = new ArrayList<QuarterView>(plan.quarters().size());
            for (PlannedQuarter q : plan.quarters()) {
                int i = index.get(q.quarter());
                QuarterOutlook ahead = made.outlook().quarters().get(i);
                PlanPrices.QuarterPrice price = priced ? made.outlook().prices().get(i) : null;
                quarters.add(new QuarterView(q.quarter().start(), q.from(), q.to(), q.power().watts(), q.energyWh(),
                        q.gridWh(), q.solarWh(), q.energyWh() == 0 ? null
                        : BigDecimal.valueOf(q.solarWh()).divide(BigDecimal.valueOf(q.energyWh()), 2,
                                RoundingMode.HALF_UP),
                        price == null ? null : price.offtake(), price == null ? null : price.injection(),
                        price == null ? NO_TARIFF : camel(price.source()), ahead.solarProductionWh(),
                        ahead.householdLoad().watts(), q.normal(),
                        priced ? q.cost().setScale(6, RoundingMode.HALF_UP) : null));
            }
            return new Schedule(plan.departure(), plan.neededWh(), plan.plannedWh(), plan.reachesTarget(),
                    plan.expectedSocPercent(), plan.reason(),
                    priced ? plan.cost().setScale(2, RoundingMode.HALF_UP) : null, priced, plan.gridWh(),
                    plan.solarWh(), reading.at(), quarters);
        }
    }

    /**
     * One quarter of a plan as the API shows it.
     *
     * @param start           the quarter's start
     * @param from            where the plan's part of it begins (now, in the first)
     * @param to              where it ends (the departure, in the last)
     * @param powerW          the average charging power planned over [from, to)
     * @param energyWh        the energy planned
     * @param gridWh          of which from the grid
     * @param solarWh         of which from the solar surplus
     * @param solarShare      solarWh / energyWh, two decimals; null when nothing is planned
     * @param price           what a kWh taken costs, € incl. VAT; null without a tariff
     * @param injectionPrice  what a kWh injected earns, €; null without a tariff
     * @param priceSource     {@code tariff}, {@code dayAhead}, {@code estimated} (the same quarter of an earlier
     *                        day), {@code unknown} (no day-ahead price) or {@code noTariff}
     * @param solarForecastWh the solar production forecast for the whole quarter
     * @param householdLoadW  the household's load forecast, besides the car
     * @param normal          whether it charges for "normal charging"
     * @param cost            the expected cost of its energy, €; null without a tariff
     */
    record QuarterView(Instant start, Instant from, Instant to, long powerW, long energyWh, long gridWh, long solarWh,
                       BigDecimal solarShare, BigDecimal price, BigDecimal injectionPrice, String priceSource,
                       long solarForecastWh, long householdLoadW, boolean normal, BigDecimal cost) {
    }
}
