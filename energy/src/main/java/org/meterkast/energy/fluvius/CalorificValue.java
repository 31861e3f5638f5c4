package org.meterkast.energy.fluvius;

/**
 * Whether the calorific value behind a gas hour's kWh is final ({@code Calorische bovenwaarde}): while it is
 * provisional, a later export may give other kWh for the same m³.
 */
public enum CalorificValue {
    /** {@code Voorlopig}: the kWh may still change */
    PROVISIONAL,
    /** {@code Definitief} */
    FINAL,
    /** the export does not say (the English files leave the column empty) */
    UNKNOWN
}
