package org.meterkast.energy.bill;

/** The kinds of line on a Belgian electricity bill, in the order a bill shows them. */
public enum BillLineKind {
    /** offtake at an all-in price (the simple form) */
    OFFTAKE_ALL_IN,
    /** offtake at the single price */
    ENERGY,
    /** offtake counted on the day register */
    ENERGY_DAY,
    /** offtake counted on the night register */
    ENERGY_NIGHT,
    /** offtake at the dynamic formula, quarter by quarter */
    ENERGY_DYNAMIC,
    GREEN_CERTIFICATES,
    CHP,
    SUPPLIER_FIXED_FEE,
    NETWORK_KWH,
    CAPACITY,
    /** the fixed capacity term of a classic meter (2.5 kW) */
    CAPACITY_FIXED,
    /** the reduction that brings capacity plus kWh network tariff down to the maximum tariff */
    MAXIMUM_TARIFF,
    DATA_MANAGEMENT,
    PROSUMER,
    EXCISE,
    ENERGY_CONTRIBUTION,
    /** gas: the kWh at the gas tariff's all-in price excl. VAT */
    GAS_ENERGY,
    /** gas: the fixed fee per year, counted over the days with gas measured */
    GAS_FIXED_FEE,
    VAT,
    /** the VAT inside all-in prices, shown for information; not added again */
    VAT_INCLUDED,
    ENERGIEFONDS,
    INJECTION,
    INJECTION_DAY,
    INJECTION_NIGHT,
    INJECTION_DYNAMIC,
    /** injection at an all-in price (the simple form) */
    INJECTION_ALL_IN
}
