package org.meterkast.energy.smartcharging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meterkast.energy.control.Reason;
import org.meterkast.energy.tariff.CapacityRule;
import org.meterkast.energy.tariff.DayNightSchedule;
import org.meterkast.energy.tariff.DistributionArea;
import org.meterkast.energy.tariff.EnergyPrice;
import org.meterkast.energy.tariff.FlemishTariff;
import org.meterkast.energy.tariff.MeterKind;
import org.meterkast.energy.tariff.PriceIndex;
import org.meterkast.energy.tariff.SimpleTariff;
import org.meterkast.energy.tariff.Tariff;

/** Each condition of the programme, unmet on its own, is the one reason given, with its figures. */
class EligibilityTest {
    static final LocalDate TODAY = LocalDate.of(2026, 3, 10);
    static final Vehicle KIA = new Vehicle("Kia EV6", null);
    /** Enrolled 5 January, everything answered as the conditions ask. */
    static final Enrolment MET = new Enrolment(LocalDate.of(2026, 1, 5), null, KIA, true, true, true, 30, 80);
    static final FlemishTariff DAY_NIGHT = MonthlyDiscountTest.dayNight("0.1350", "0.1050");

    static Enrolment with(LocalDate since, LocalDate until, Vehicle vehicle, boolean contract, boolean smr3,
                          boolean onlyApp, Integer normal, Integer target) {
        return new Enrolment(since, until, vehicle, contract, smr3, onlyApp, normal, target);
    }

    static Stream<Arguments> oneConditionUnmet() {
        LocalDate since = MET.since();
        return Stream.of(
                Arguments.of("all met", MET, DAY_NIGHT, true, TODAY, null),
                Arguments.of("no Luminus contract as a consumer", with(since, null, KIA, false, true, true, 30, 80),
                        DAY_NIGHT, true, TODAY, Reason.of("smartCharging.reason.supplyContract")),
                Arguments.of("no tariff entered", MET, null, true, TODAY, Reason.of("smartCharging.reason.noTariff")),
                Arguments.of("an all-in tariff", MET, new SimpleTariff(new BigDecimal("0.30"), BigDecimal.ZERO),
                        true, TODAY, Reason.of("smartCharging.reason.allInTariff")),
                Arguments.of("a dynamic tariff", MET, FlemishTariff.digital(DistributionArea.WEST,
                                new EnergyPrice.Dynamic(PriceIndex.HOURLY, new BigDecimal("0.001"), BigDecimal.ZERO),
                                new EnergyPrice.Single(BigDecimal.ZERO)), true, TODAY,
                        Reason.of("smartCharging.reason.dynamicTariff")),
                Arguments.of("the social tariff", MET, DAY_NIGHT.withHousehold(true, true,
                        CapacityRule.MEAN_OF_AVAILABLE, DayNightSchedule.STANDARD), true, TODAY,
                        Reason.of("smartCharging.reason.socialTariff")),
                Arguments.of("a classic meter", MET, DAY_NIGHT.withMeter(MeterKind.ANALOGUE, BigDecimal.ZERO), true,
                        TODAY, Reason.of("smartCharging.reason.notDigitalMeter")),
                Arguments.of("no EV named", with(since, null, null, true, true, true, 30, 80), DAY_NIGHT, true,
                        TODAY, Reason.of("smartCharging.reason.noVehicle")),
                Arguments.of("no charger at the address", MET, DAY_NIGHT, false, TODAY,
                        Reason.of("smartCharging.reason.noHomeCharger")),
                // enrolled 1 February: the grace ran to 1 March (28 days); 10 March is 37 days after enrolling
                Arguments.of("no SMR-3 after the month's grace",
                        with(LocalDate.of(2026, 2, 1), null, KIA, true, false, true, 30, 80), DAY_NIGHT, true, TODAY,
                        Reason.of("smartCharging.reason.noQuarterHourMetering", "graceDays", 28,
                                "daysSinceEnrolment", 37)),
                Arguments.of("another smart-charging app", with(since, null, KIA, true, true, false, 30, 80),
                        DAY_NIGHT, true, TODAY, Reason.of("smartCharging.reason.otherApp")),
                Arguments.of("normal charging at 31 %", with(since, null, KIA, true, true, true, 31, 80), DAY_NIGHT,
                        true, TODAY, Reason.of("smartCharging.reason.normalChargingAbove", "percent", 31,
                                "maximumPercent", 30)),
                Arguments.of("normal charging not given", with(since, null, KIA, true, true, true, null, 80),
                        DAY_NIGHT, true, TODAY, Reason.of("smartCharging.reason.normalChargingUnknown",
                                "maximumPercent", 30)),
                Arguments.of("target 79 %", with(since, null, KIA, true, true, true, 30, 79), DAY_NIGHT, true, TODAY,
                        Reason.of("smartCharging.reason.targetBelow", "percent", 79, "minimumPercent", 80)),
                Arguments.of("target not given", with(since, null, KIA, true, true, true, 30, null), DAY_NIGHT, true,
                        TODAY, Reason.of("smartCharging.reason.targetUnknown", "minimumPercent", 80)),
                Arguments.of("the programme's last day", MET, DAY_NIGHT, true, LocalDate.of(2026, 6, 30), null),
                Arguments.of("the day after the programme's last day", MET, DAY_NIGHT, true,
                        LocalDate.of(2026, 7, 1),
                        Reason.of("smartCharging.reason.ended", "year", 2026, "month", 6, "day", 30)),
                Arguments.of("the household ended it", with(since, LocalDate.of(2026, 3, 9), KIA, true, true, true,
                        30, 80), DAY_NIGHT, true, TODAY,
                        Reason.of("smartCharging.reason.enrolmentEnded", "year", 2026, "month", 3, "day", 9)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void oneConditionUnmet(String name, Enrolment enrolment, Tariff tariff, boolean homeCharger, LocalDate today,
                           Reason reason) {
        Eligibility e = Eligibility.of(SmartChargingProgramme.LUMINUS, Optional.of(enrolment),
                Optional.ofNullable(tariff), homeCharger, today);
        if (reason == null) {
            assertThat(e.unmet()).isEmpty();
            assertThat(e.eligible()).isTrue();
        } else {
            assertThat(e.unmet()).containsExactly(reason);
            assertThat(e.eligible()).isFalse();
        }
        assertThat(e.pending()).isEmpty();
    }

    @Test
    void withoutAnEnrolmentEveryAnswerIsMissingAndQuarterHourMeteringMayFollow() {
        Eligibility e = Eligibility.of(SmartChargingProgramme.LUMINUS, Optional.empty(), Optional.of(DAY_NIGHT),
                true, TODAY);
        assertThat(e.unmet()).extracting(Reason::key).containsExactly(
                "smartCharging.reason.supplyContract",
                "smartCharging.reason.noVehicle",
                "smartCharging.reason.otherApp",
                "smartCharging.reason.normalChargingUnknown",
                "smartCharging.reason.targetUnknown");
        // a month from today: 10 March to 10 April is 31 days
        assertThat(e.pending()).containsExactly(Reason.of("smartCharging.pending.quarterHourMetering",
                "graceDays", 31));
    }

    @Test
    void quarterHourMeteringIsPendingUntilTheGraceRunsOut() {
        // enrolled 1 March: due by 1 April, 22 days after 10 March
        Eligibility early = Eligibility.of(SmartChargingProgramme.LUMINUS,
                Optional.of(with(LocalDate.of(2026, 3, 1), null, KIA, true, false, true, 30, 80)),
                Optional.of(DAY_NIGHT), true, TODAY);
        assertThat(early.eligible()).isTrue();
        assertThat(early.pending()).containsExactly(Reason.of("smartCharging.pending.quarterHourMeteringDue",
                "daysLeft", 22));
        // enrolled 10 February: its last day of grace is today
        Eligibility lastDay = Eligibility.of(SmartChargingProgramme.LUMINUS,
                Optional.of(with(LocalDate.of(2026, 2, 10), null, KIA, true, false, true, 30, 80)),
                Optional.of(DAY_NIGHT), true, TODAY);
        assertThat(lastDay.eligible()).isTrue();
        assertThat(lastDay.pending()).containsExactly(Reason.of("smartCharging.pending.quarterHourMeteringDue",
                "daysLeft", 0));
    }

    @Test
    void severalUnmetConditionsAreAllGivenInTheOrderOfTheArticles() {
        Eligibility e = Eligibility.of(SmartChargingProgramme.LUMINUS,
                Optional.of(with(MET.since(), null, KIA, true, true, true, 50, 60)),
                Optional.of(new SimpleTariff(new BigDecimal("0.30"), BigDecimal.ZERO)), false,
                LocalDate.of(2026, 8, 1));
        assertThat(e.unmet()).containsExactly(
                Reason.of("smartCharging.reason.ended", "year", 2026, "month", 6, "day", 30),
                Reason.of("smartCharging.reason.allInTariff"),
                Reason.of("smartCharging.reason.noHomeCharger"),
                Reason.of("smartCharging.reason.normalChargingAbove", "percent", 50, "maximumPercent", 30),
                Reason.of("smartCharging.reason.targetBelow", "percent", 60, "minimumPercent", 80));
    }

    @Test
    void aProgrammeWithoutAConditionDoesNotAskIt() {
        SmartChargingProgramme p = SmartChargingProgramme.LUMINUS;
        SmartChargingProgramme lenient = new SmartChargingProgramme(p.smartPricePerKwh(), p.monthlyFee(), true,
                p.lastDay(), 50, 70, false, p.meteringGrace(), false, false, false, false);
        Eligibility e = Eligibility.of(lenient,
                Optional.of(with(MET.since(), null, KIA, false, false, false, 50, 70)),
                Optional.of(DAY_NIGHT.withHousehold(true, true, CapacityRule.MEAN_OF_AVAILABLE,
                        DayNightSchedule.STANDARD).withMeter(MeterKind.ANALOGUE, BigDecimal.ZERO)), false, TODAY);
        assertThat(e.unmet()).isEmpty();
        assertThat(e.pending()).isEmpty();
    }

    @Test
    void badAnswersAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> with(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 2, 28), KIA, true, true, true, 30,
                80)).hasMessage("an enrolment cannot end (2026-02-28) before it starts (2026-03-01)");
        assertThatThrownBy(() -> with(MET.since(), null, KIA, true, true, true, 30, 101))
                .hasMessage("the target level must be 0 to 100 %, not 101");
        assertThatThrownBy(() -> new Vehicle(" ", null))
                .hasMessage("a vehicle's name must be 1 to 100 characters: ''");
        assertThatThrownBy(() -> new Vehicle("Kia", "123456789012345678901"))
                .hasMessage("an OCPP id tag has at most 20 characters: '123456789012345678901'");
        assertThat(new Vehicle(" Kia ", " ").idTag()).isNull();
        assertThat(List.of(new Vehicle("Kia", "AB12").mayHaveStarted("ab12"),
                new Vehicle("Kia", "AB12").mayHaveStarted("CD34"), new Vehicle("Kia", "AB12").mayHaveStarted(null)))
                .containsExactly(true, false, true);
    }
}
