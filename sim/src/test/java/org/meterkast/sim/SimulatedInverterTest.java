package org.meterkast.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The roof's inverter and the meter count the same sun: production − export is what the home used of its own. */
class SimulatedInverterTest {
    private final Household household = new Household(HouseholdSettings.defaults(7).withBattery(BatterySettings.DEFAULT));

    @Test
    void theInverterFollowsTheMetersSolarCounterSecondBySecond() {
        Instant morning = Instant.parse("2026-06-21T06:00:00Z");
        SimulatedMeter meter = new SimulatedMeter(household, morning);
        SimulatedInverter inverter = SimulatedInverter.following(meter);
        long exportedBefore = 0;
        long producedBefore = inverter.readAt(morning).lifetimeWh();
        for (int minute = 1; minute <= 8 * 60; minute++) {
            Instant at = morning.plusSeconds(60L * minute);
            meter.advanceTo(at, Duration.ofSeconds(1));
            SimulatedInverter.Reading r = inverter.readAt(at);
            assertThat(r.lifetimeWh()).isEqualTo(meter.solarWattSeconds() / 3600);
            assertThat(r.watts()).isEqualTo(meter.power().solarWatts());
            long exported = meter.registers().exportedWh();
            // what went to the grid came from the roof (the battery never discharges into the grid)
            assertThat(r.lifetimeWh() - producedBefore).isGreaterThanOrEqualTo(exported - exportedBefore - 1);
        }
        assertThat(inverter.readAt(morning.plusSeconds(8 * 3600)).lifetimeWh()).as("a June morning, Wh")
                .isGreaterThan(5_000);
    }

    @Test
    void theCounterNeverGoesBack() {
        Instant noon = Instant.parse("2026-06-21T11:00:00Z");
        SimulatedInverter inverter = new SimulatedInverter(household, noon, 3_600_000);
        SimulatedInverter.Reading later = inverter.readAt(noon.plusSeconds(600));
        assertThat(inverter.readAt(noon)).isEqualTo(later);
        assertThat(later.lifetimeWh()).isGreaterThan(1_000);
    }
}
