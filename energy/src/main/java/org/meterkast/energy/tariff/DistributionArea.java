package org.meterkast.energy.tariff;

/** The eight Fluvius distribution areas of Flanders; each has its own network tariffs. */
public enum DistributionArea {
    ANTWERPEN("Fluvius Antwerpen"),
    HALLE_VILVOORDE("Fluvius Halle-Vilvoorde"),
    IMEWO("Fluvius Imewo"),
    KEMPEN("Fluvius Kempen"),
    LIMBURG("Fluvius Limburg"),
    MIDDEN_VLAANDEREN("Fluvius Midden-Vlaanderen"),
    WEST("Fluvius West"),
    ZENNE_DIJLE("Fluvius Zenne-Dijle");

    private final String displayName;

    DistributionArea(String displayName) {
        this.displayName = displayName;
    }

    /** The name Fluvius and the suppliers' cards use. */
    public String displayName() {
        return displayName;
    }
}
