package org.meterkast.sim.ev;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import org.meterkast.sim.CarStay;
import org.meterkast.sim.Household;
import org.meterkast.sim.Ranges;

/**
 * When a household's car comes home, with what charge, and when it leaves: the household's own car habits
 * ({@link Household#carStay(LocalDate)}, drawn from its seed: home from work in the evening on weekdays, in the
 * afternoon at weekends, not every day, gone the next morning), so the charge point's car and the household's
 * meter tell one story.
 *
 * <p>The car comes home {@code usualSocPercent} less the day's driving: the energy the household's charger would
 * put back, as a share of the battery (rounded up), never below 5 %.
 */
public final class DepartureHabits {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final int LOWEST_SOC = 5;

    private final Household household;
    private final long capacityWh;
    private final int usualSocPercent;

    /** One stay of the car at the charger. */
    public record Visit(Instant arrival, Instant departure, int socPercent) {
    }

    /**
     * @param household       whose car it is; it must have one ({@code HouseholdSettings.withEv})
     * @param capacityWh      the car's battery
     * @param usualSocPercent the charge the car leaves home with, 20 to 100 %
     */
    public DepartureHabits(Household household, long capacityWh, int usualSocPercent) {
        this.household = Objects.requireNonNull(household, "household");
        if (household.settings().ev().isEmpty()) {
            throw new IllegalArgumentException("the household has no car: give it one with withEv");
        }
        Ranges.check("capacityWh", capacityWh, 5_000, 200_000, "Wh");
        Ranges.check("usualSocPercent", usualSocPercent, 20, 100, "%");
        this.capacityWh = capacityWh;
        this.usualSocPercent = usualSocPercent;
    }

    /** The visit that begins on this local day (Brussels), if the car is plugged in that day. */
    public Optional<Visit> visitOn(LocalDate day) {
        return household.carStay(day).map(this::visit);
    }

    /** The visit under way at {@code t}, if the car is at the charger then. */
    public Optional<Visit> visitAt(Instant t) {
        LocalDate today = LocalDate.ofInstant(t, BRUSSELS);
        // a stay ends the day after it begins, so only today's and yesterday's can cover t
        for (LocalDate day : new LocalDate[] {today, today.minusDays(1)}) {
            Optional<CarStay> stay = household.carStay(day);
            if (stay.isPresent() && !t.isBefore(stay.get().arrival()) && t.isBefore(stay.get().departure())) {
                return stay.map(this::visit);
            }
        }
        return Optional.empty();
    }

    private Visit visit(CarStay stay) {
        long drivenPercent = (stay.energyWh() * 100 + capacityWh - 1) / capacityWh;
        int soc = (int) Math.max(LOWEST_SOC, usualSocPercent - drivenPercent);
        return new Visit(stay.arrival(), stay.departure(), Math.min(soc, usualSocPercent));
    }
}
