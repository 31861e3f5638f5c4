package org.meterkast.energy.prepaid;

/** Where a Prepaid household stands, from its balance, its emergency credit and the meter's breaker. */
public enum PrepaidState {
    /** credit above the warning level */
    NORMAL,
    /** credit at or below the warning level (€ 5, where the card meter beeps): time to top up */
    LOW,
    /** no credit left: the emergency credit is being used, full power, and it becomes debt */
    EMERGENCY,
    /** the emergency credit is used up: power is limited (10 A, 2,300 W) and what is used becomes debt */
    LIMITED,
    /** the meter's breaker is open: no power until it is re-activated (after a top-up, press its button 3 s) */
    OFF
}
