package org.meterkast.energy.advice;

import org.meterkast.energy.bill.Coverage;

/**
 * One piece of advice from the household's own quarters: a text key ({@code advice.…}, worded in the message bundles,
 * never here) and the figures behind it, which are the record's other components.
 */
public sealed interface Advice permits SelfConsumption, SelfSufficiency, BaseLoad, SurplusHours, EveningPeak,
        CapacityPeaks, CheapestTariff, StorageSaving {
    /** Said when the month has no quarter at all. */
    String NO_DATA = "advice.noData";

    /** The key of the text that says it, with the figures as its arguments. */
    String key();

    /** The days the figures come from. */
    Coverage coverage();
}
