package org.meterkast.energy.tariff;

/** How a location pays for its electricity: the iLusmart-style all-in form or the full Flemish bill. */
public sealed interface Tariff permits SimpleTariff, FlemishTariff {
}
