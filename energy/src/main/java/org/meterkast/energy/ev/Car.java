package org.meterkast.energy.ev;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The car to charge: its battery, its charge now and what the user asks of it.
 *
 * @param batteryWh     the battery's usable capacity, Wh
 * @param socPercent    its state of charge now, as entered by the user or reported by the car, 0–100
 * @param targetPercent the charge wanted by the departure, 0–100
 * @param normalPercent "normal charging": up to this charge the car is charged at once, before any price counts
 *                      (0 for none)
 * @param efficiency    the share of the energy the charger delivers that ends up in the battery, in (0, 1]; 0.9 is
 *                      typical of AC charging
 */
public record Car(long batteryWh, int socPercent, int targetPercent, int normalPercent, BigDecimal efficiency) {
    /** A typical AC charging efficiency: 90 % of what the charger delivers reaches the battery. */
    public static final BigDecimal TYPICAL_EFFICIENCY = new BigDecimal("0.9");

    public Car {
        Objects.requireNonNull(efficiency, "efficiency");
        if (batteryWh <= 0) {
            throw new IllegalArgumentException("car.batteryWh must be positive, not " + batteryWh);
        }
        percent("car.socPercent", socPercent);
        percent("car.targetPercent", targetPercent);
        percent("car.normalPercent", normalPercent);
        if (efficiency.signum() <= 0 || efficiency.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("car.efficiency must be in (0, 1], not " + efficiency.toPlainString());
        }
    }

    private static void percent(String name, int value) {
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException(name + " must be 0–100, not " + value);
        }
    }

    /**
     * The energy the charger must deliver to take the battery from its charge now to {@code percent}, Wh, rounded
     * up; 0 when it is there already.
     */
    public long energyToReach(int percent) {
        if (percent <= socPercent) {
            return 0;
        }
        return BigDecimal.valueOf(batteryWh).multiply(BigDecimal.valueOf(percent - socPercent))
                .divide(BigDecimal.valueOf(100).multiply(efficiency), 0, RoundingMode.CEILING).longValueExact();
    }

    /** The charge after the charger has delivered {@code deliveredWh}, percent rounded down, at most 100. */
    public int socAfter(long deliveredWh) {
        long gained = BigDecimal.valueOf(deliveredWh).multiply(efficiency).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(batteryWh), 0, RoundingMode.FLOOR).longValueExact();
        return (int) Math.min(100, socPercent + gained);
    }
}
