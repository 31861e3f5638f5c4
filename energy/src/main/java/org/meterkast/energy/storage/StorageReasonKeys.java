package org.meterkast.energy.storage;

/**
 * The message keys of the battery, boiler and peak-guard decisions' {@link org.meterkast.energy.control.Reason}s,
 * with the figures each names. Their texts in Dutch, French and English are in {@code reasons*.properties} next to
 * this class; temperatures are whole °C, and the other figures' units are as the EV reasons' (by their suffix).
 */
public final class StorageReasonKeys {
    /** Battery charges from its share of the surplus: surplusW, powerW. */
    public static final String BATTERY_CHARGE_SURPLUS = "battery.charge.surplus";
    /** Battery discharges to cover what the house takes: importW, powerW. */
    public static final String BATTERY_DISCHARGE_COVER = "battery.discharge.cover";
    /** Battery full while the house injects (the manual's standby): socPercent, surplusW. */
    public static final String BATTERY_STANDBY_FULL = "battery.standby.full";
    /** Battery empty while the house takes from the grid (the manual's standby): socPercent, minSocPercent, importW. */
    public static final String BATTERY_STANDBY_EMPTY = "battery.standby.empty";
    /** Nothing injected, nothing taken: no figures. */
    public static final String BATTERY_BALANCED = "battery.balanced";
    /** The surplus goes to the uses the household put before the battery: surplusW. */
    public static final String BATTERY_SURPLUS_ELSEWHERE = "battery.surplusElsewhere";
    /** Price plan: charging in a cheap quarter: plannedW, powerW. */
    public static final String BATTERY_PLAN_CHARGE = "battery.plan.charge";
    /** Price plan: keeping the charge for a dearer quarter: socPercent, importW. */
    public static final String BATTERY_PLAN_HOLD = "battery.plan.hold";
    /** Price plan: a dear quarter, discharging to cover the house: importW, powerW. */
    public static final String BATTERY_PLAN_DISCHARGE = "battery.plan.discharge";

    /** Boiler below its floor, heating whatever the sun: temperatureC, floorC. */
    public static final String BOILER_FLOOR = "boiler.floor";
    /** Boiler topping up in the night tariff: temperatureC, targetC. */
    public static final String BOILER_NIGHT = "boiler.night";
    /** Boiler without a temperature sensor, heating in the night tariff: no figures. */
    public static final String BOILER_NIGHT_NO_SENSOR = "boiler.night.noSensor";
    /** The weekly legionella cycle: temperatureC, daysAgo. */
    public static final String BOILER_LEGIONELLA = "boiler.legionella";
    /** The weekly legionella cycle, when the water last reached 60 °C is not known: temperatureC. */
    public static final String BOILER_LEGIONELLA_UNKNOWN = "boiler.legionella.unknown";
    /** Boiler heating from its share of the surplus: surplusW, powerW. */
    public static final String BOILER_SURPLUS = "boiler.surplus";
    /** Boiler off, its water hot enough: temperatureC, maxC. */
    public static final String BOILER_OFF_HOT = "boiler.off.hot";
    /** Boiler off, too little surplus for its element: surplusW, ratedW. */
    public static final String BOILER_OFF_NO_SURPLUS = "boiler.off.noSurplus";
    /** Boiler kept on to spare its relay: forSeconds, minimumSeconds. */
    public static final String BOILER_HOLD_ON = "boiler.hold.on";
    /** Boiler kept off to spare its relay: forSeconds, minimumSeconds. */
    public static final String BOILER_HOLD_OFF = "boiler.hold.off";

    /** Peak guard switched the boiler off: headingW, peakLimitW. */
    public static final String PEAK_BOILER_OFF = "peak.boiler.off";
    /** Peak guard lowered a modulating boiler: headingW, peakLimitW, limitW. */
    public static final String PEAK_BOILER_LIMIT = "peak.boiler.limit";
    /** Peak guard capped the battery's charging: headingW, peakLimitW, limitW. */
    public static final String PEAK_BATTERY_LIMIT = "peak.battery.limit";
    /** Peak guard discharges the battery: headingW, peakLimitW, powerW. */
    public static final String PEAK_BATTERY_DISCHARGE = "peak.battery.discharge";

    private StorageReasonKeys() {
    }
}
