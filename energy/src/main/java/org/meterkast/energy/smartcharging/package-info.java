/**
 * A smart-charging discount on a supply contract, as Luminus' Smart Charging conditions (Conditions Particulières)
 * set it: the programme's terms ({@link org.meterkast.energy.smartcharging.SmartChargingProgramme}), a household's
 * enrolment at one address, whether it meets the conditions ({@link org.meterkast.energy.smartcharging.Eligibility})
 * and what a month of smart sessions earns ({@link org.meterkast.energy.smartcharging.MonthlyDiscount}). Dates and
 * months are those of Europe/Brussels; money is € incl. VAT, rounded to the cent per line.
 */
package org.meterkast.energy.smartcharging;
