package org.meterkast.server.smartcharging;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.smartcharging.SmartChargingProgramme;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The programme's terms from {@code meterkast.smart-charging.*}: Luminus' by default, each one configurable. */
class SmartChargingSettingsTest {
    @Configuration
    @EnableConfigurationProperties(SmartChargingSettings.class)
    static class Bound {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void theDefaultsAreTheConditionsOfTheSeed() {
        runner.run(context -> assertThat(context.getBean(SmartChargingSettings.class).programme())
                .isEqualTo(SmartChargingProgramme.LUMINUS));
    }

    @Test
    void everyTermIsAProperty() {
        runner.withPropertyValues("meterkast.smart-charging.smart-price-per-kwh=0.09",
                        "meterkast.smart-charging.monthly-fee=3",
                        "meterkast.smart-charging.prices-include-vat=false",
                        "meterkast.smart-charging.last-day=2027-06-30",
                        "meterkast.smart-charging.max-normal-charging-percent=40",
                        "meterkast.smart-charging.min-target-percent=70",
                        "meterkast.smart-charging.quarter-hour-metering=false",
                        "meterkast.smart-charging.metering-grace=P2M",
                        "meterkast.smart-charging.excludes-social-tariff=false",
                        "meterkast.smart-charging.needs-supply-contract=false",
                        "meterkast.smart-charging.exclusive-app=false",
                        "meterkast.smart-charging.home-charger-only=false")
                .run(context -> assertThat(context.getBean(SmartChargingSettings.class).programme()).isEqualTo(
                        new SmartChargingProgramme(new BigDecimal("0.09"), new BigDecimal("3"), false,
                                LocalDate.of(2027, 6, 30), 40, 70, false, Period.ofMonths(2), false, false, false,
                                false)));
    }

    @Test
    void aWrongValueStopsTheStartNamingTheProperty() {
        runner.withPropertyValues("meterkast.smart-charging.min-target-percent=180").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessage("meterkast.smart-charging.min-target-percent must be 0 to 100, not 180");
        });
        runner.withPropertyValues("meterkast.smart-charging.monthly-fee=-2.5").run(context ->
                assertThat(context.getStartupFailure()).rootCause()
                        .hasMessage("meterkast.smart-charging.monthly-fee cannot be negative: -2.5"));
        runner.withPropertyValues("meterkast.smart-charging.last-day=30/06/2026").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("meterkast.smart-charging.last-day");
        });
    }
}
