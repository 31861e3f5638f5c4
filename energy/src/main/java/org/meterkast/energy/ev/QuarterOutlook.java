package org.meterkast.energy.ev;

import java.math.BigDecimal;
import java.util.Objects;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.quarter.Quarter;

/**
 * What one quarter hour ahead is expected to bring, as the planner needs it.
 *
 * @param quarter           the quarter
 * @param price             what a kWh taken from the grid costs in it under the household's own tariff (day/night
 *                          or dynamic, everything included), €/kWh
 * @param injectionPrice    what a kWh injected earns in it, €/kWh: the price of charging from the solar surplus,
 *                          since that surplus is then not injected. Never above {@code price}: under a Belgian
 *                          tariff taking from the grid carries the network costs that injecting does not
 * @param solarProductionWh the forecast solar production over the whole quarter, Wh (not the surplus: the planner
 *                          takes the household load off it)
 * @param householdLoad     the forecast household consumption besides the car, as the quarter's average
 */
public record QuarterOutlook(Quarter quarter, BigDecimal price, BigDecimal injectionPrice, long solarProductionWh,
                             Power householdLoad) {
    /** Beyond this a price is not a price but a typing error, €/kWh (the day-ahead market's cap is 4 €/kWh). */
    static final BigDecimal ABSURD_PRICE = BigDecimal.valueOf(100);

    public QuarterOutlook {
        Objects.requireNonNull(quarter, "quarter");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(injectionPrice, "injectionPrice");
        Objects.requireNonNull(householdLoad, "householdLoad");
        if (price.abs().compareTo(ABSURD_PRICE) > 0 || injectionPrice.abs().compareTo(ABSURD_PRICE) > 0) {
            throw new IllegalArgumentException("quarter " + quarter + ": price " + price.toPlainString()
                    + " or injection price " + injectionPrice.toPlainString() + " €/kWh is beyond ±100 €/kWh");
        }
        if (injectionPrice.compareTo(price) > 0) {
            throw new IllegalArgumentException("quarter " + quarter + ": injection price "
                    + injectionPrice.toPlainString() + " €/kWh is above the price " + price.toPlainString()
                    + " €/kWh of taking from the grid");
        }
        if (solarProductionWh < 0) {
            throw new IllegalArgumentException("quarter " + quarter + ": solarProductionWh must not be negative, not "
                    + solarProductionWh);
        }
        if (householdLoad.isNegative()) {
            throw new IllegalArgumentException("quarter " + quarter + ": householdLoad must not be negative, not "
                    + householdLoad);
        }
    }
}
