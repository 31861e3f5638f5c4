/**
 * The smart-charging discount per address: the programme's terms from {@code meterkast.smart-charging.*}, the
 * household's enrolment, whether it meets the conditions, and each month's report from the smart sessions at its
 * home charger ({@link org.meterkast.server.smartcharging.SmartChargedQuarters}). The rules live in
 * {@code org.meterkast.energy.smartcharging}.
 */
package org.meterkast.server.smartcharging;
