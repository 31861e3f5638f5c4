package org.meterkast.energy.ev;

/**
 * The message keys of the EV decisions' {@link org.meterkast.energy.control.Reason}s, with the figures each names.
 * Their texts in Dutch, French and English are in {@code reasons*.properties} next to this class.
 */
public final class ReasonKeys {
    /** The plan reaches the target: targetPercent, departureEpochSecond, neededWh, gridWh, solarWh, costCents. */
    public static final String PLAN_REACHES = "ev.plan.reaches";
    /** Nothing to plan: socPercent, targetPercent. */
    public static final String PLAN_ALREADY_REACHED = "ev.plan.alreadyReached";
    /** The departure is not after now: departureEpochSecond, neededWh. */
    public static final String PLAN_DEPARTURE_PASSED = "ev.plan.departurePassed";
    /**
     * The peak limit keeps the target out of reach: neededWh, fitsWh, departureEpochSecond, peakLimitW,
     * reachableSocPercent.
     */
    public static final String PLAN_SHORT_PEAK_LIMIT = "ev.plan.short.peakLimit";
    /**
     * Too little time at the charger's power: neededWh, fitsWh, departureEpochSecond, maxPowerW, reachableSocPercent.
     */
    public static final String PLAN_SHORT_TIME = "ev.plan.short.time";

    /** Mode off: no figures. */
    public static final String OFF = "ev.off";
    /** Mode now, at full power: powerW, phases. */
    public static final String NOW = "ev.now";
    /** Min + solar, the surplus below the minimum: surplusW, minimumW. */
    public static final String MIN_SOLAR_MINIMUM = "ev.minSolar.minimum";
    /** Min + solar, following the surplus: surplusW, powerW. */
    public static final String MIN_SOLAR_SURPLUS = "ev.minSolar.surplus";
    /** Solar, charging from the surplus: surplusW, powerW. */
    public static final String SOLAR_CHARGING = "ev.solar.charging";
    /**
     * Solar, the surplus covers the minimum, waiting out the start delay: surplusW, minimumW, forSeconds,
     * delaySeconds.
     */
    public static final String SOLAR_WAITING_TO_START = "ev.solar.waitingToStart";
    /**
     * Solar, the surplus fell short, holding the minimum for the stop delay: surplusW, minimumW, forSeconds,
     * delaySeconds.
     */
    public static final String SOLAR_HOLDING_MINIMUM = "ev.solar.holdingMinimum";
    /** Solar, paused: surplusW, minimumW, forSeconds (how long the surplus has been short). */
    public static final String PAUSED_SURPLUS_BELOW_MINIMUM = "ev.paused.surplusBelowMinimum";
    /** Switched to one phase: surplusW, minimumW (the three-phase minimum), forSeconds. */
    public static final String PHASES_TO_ONE = "ev.phases.toOne";
    /** Switched to three phases: surplusW, maximumW (the one-phase maximum), forSeconds. */
    public static final String PHASES_TO_THREE = "ev.phases.toThree";
    /** Plan, charging at the planned power: plannedW, powerW. */
    public static final String PLAN_CHARGING = "ev.plan.charging";
    /**
     * Plan, below the minimum: at the minimum until the quarter's share is in: plannedW, minimumW, deliveredWh, dueWh.
     */
    public static final String PLAN_BELOW_MINIMUM = "ev.plan.belowMinimum";
    /** Plan, the quarter's share is in: plannedW, deliveredWh. */
    public static final String PLAN_QUARTER_DONE = "ev.plan.quarterDone";
    /** Plan, no charging planned in this quarter: no figures. */
    public static final String PLAN_IDLE = "ev.plan.idle";

    /** Peak guard: peakLimitW, importedWh, secondsLeft, limitW. */
    public static final String PEAK_GUARD_LIMIT = "ev.peakGuard.limit";
    /**
     * Peak guard, the quarter's budget is spent, only the export is left: peakLimitW, importedWh, exportW, limitW.
     */
    public static final String PEAK_GUARD_EXPORT_ONLY = "ev.peakGuard.exportOnly";
    /** Peak guard, too few seconds left to matter: the next quarter's limit: peakLimitW, secondsLeft, limitW. */
    public static final String PEAK_GUARD_NEXT_QUARTER = "ev.peakGuard.nextQuarter";

    private ReasonKeys() {
    }
}
