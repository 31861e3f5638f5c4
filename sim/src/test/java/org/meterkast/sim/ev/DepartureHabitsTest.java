package org.meterkast.sim.ev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.meterkast.sim.CarStay;
import org.meterkast.sim.EvSettings;
import org.meterkast.sim.Household;
import org.meterkast.sim.HouseholdSettings;
import org.meterkast.sim.ev.DepartureHabits.Visit;

class DepartureHabitsTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);

    private final Household household = new Household(HouseholdSettings.defaults(5).withEv(EvSettings.DEFAULT));
    private final DepartureHabits habits = new DepartureHabits(household, 60_000, 80);

    @Test
    void theCarComesHomeInTheAfternoonOrEveningAndLeavesTheNextMorningOrMidday() {
        List<Visit> visits = new ArrayList<>();
        for (int d = 0; d < 28; d++) {
            LocalDate day = MONDAY.plusDays(d);
            Optional<Visit> v = habits.visitOn(day);
            if (v.isEmpty()) {
                continue;
            }
            Visit visit = v.get();
            visits.add(visit);
            ZonedDateTime arrival = visit.arrival().atZone(BRUSSELS);
            ZonedDateTime departure = visit.departure().atZone(BRUSSELS);
            assertThat(arrival.toLocalDate()).isEqualTo(day);
            assertThat(departure.toLocalDate()).isEqualTo(day.plusDays(1));
            // home from work 16:45–18:50, or back from an outing 15:00–20:00
            assertThat(arrival.toLocalTime()).isBetween(LocalTime.of(15, 0), LocalTime.of(20, 0));
            // off to work 07:05–08:35, out at the weekend 13:00–14:00, errands on a day at home 10:00–12:00
            assertThat(departure.toLocalTime()).isBetween(LocalTime.of(7, 0), LocalTime.of(14, 0));
            if (departure.getDayOfWeek().getValue() <= DayOfWeek.FRIDAY.getValue()
                    && departure.toLocalTime().isBefore(LocalTime.of(9, 0))) {
                assertThat(departure.toLocalTime()).isAfterOrEqualTo(LocalTime.of(7, 5));
            }
        }
        // plugged in on 60 % of working days and 35 % of weekend days, so some days but not all
        assertThat(visits).hasSizeBetween(8, 24);
    }

    @Test
    void theCarArrivesShortOfItsUsualChargeByWhatTheHouseholdsChargerPutsBack() {
        for (int d = 0; d < 28; d++) {
            LocalDate day = MONDAY.plusDays(d);
            Optional<CarStay> stay = household.carStay(day);
            Optional<Visit> visit = habits.visitOn(day);
            assertThat(visit.isPresent()).isEqualTo(stay.isPresent());
            if (stay.isEmpty()) {
                continue;
            }
            // 6 to 18 kWh of a 60 kWh battery: 10 to 30 %, rounded up, below the usual 80 %
            long driven = (stay.get().energyWh() * 100 + 59_999) / 60_000;
            assertThat(visit.get().socPercent()).isEqualTo(80 - driven).isBetween(50, 70);
            // the household's meter sees its charger start at the same second
            assertThat(household.powerAt(stay.get().arrival()).evWatts()).isEqualTo(EvSettings.DEFAULT.chargerWatts());
            assertThat(household.powerAt(stay.get().arrival().minusSeconds(1)).evWatts()).isZero();
        }
    }

    @Test
    void aVisitCoversItsStayAndNoMore() {
        Visit visit = habits.visitOn(MONDAY).or(() -> habits.visitOn(MONDAY.plusDays(1))).orElseThrow();
        assertThat(habits.visitAt(visit.arrival())).contains(visit);
        assertThat(habits.visitAt(visit.departure().minusSeconds(1))).contains(visit);
        assertThat(habits.visitAt(visit.arrival().minusSeconds(1))).isNotEqualTo(Optional.of(visit));
        assertThat(habits.visitAt(visit.departure())).isNotEqualTo(Optional.of(visit));
    }

    @Test
    void aHouseholdWithoutACarHasNoHabits() {
        assertThatThrownBy(() -> new DepartureHabits(new Household(HouseholdSettings.defaults(5)), 60_000, 80))
                .hasMessage("the household has no car: give it one with withEv");
        assertThatThrownBy(() -> new DepartureHabits(household, 60_000, 10))
                .hasMessage("usualSocPercent must be 20 to 100 %, not 10");
    }
}
