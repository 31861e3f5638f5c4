package org.meterkast.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.meterkast.p1.Tariff;

class SettingsTest {
    @Test
    void theDefaultHouseholdHasSolarGasAndWaterOnly() {
        HouseholdSettings s = HouseholdSettings.defaults(42);
        assertThat(s.seed()).isEqualTo(42);
        assertThat(s.solarPeakWatts()).isEqualTo(4_500);
        assertThat(s.roofAzimuthDegrees()).isEqualTo(180);
        assertThat(s.roofTiltDegrees()).isEqualTo(35);
        assertThat(s.gas()).contains(GasSettings.DEFAULT);
        assertThat(s.water()).contains(WaterSettings.DEFAULT);
        assertThat(s.ev()).isEmpty();
        assertThat(s.battery()).isEmpty();
        assertThat(s.boiler()).isEmpty();
        assertThat(s.withEv(EvSettings.DEFAULT).withEv(null).ev()).isEmpty();
        assertThat(EvSettings.DEFAULT.chargerWatts()).isEqualTo(7_400);
        assertThat(BatterySettings.DEFAULT.capacityWh()).isEqualTo(10_000);
        assertThat(BatterySettings.DEFAULT.maxPowerWatts()).isEqualTo(5_000);
        assertThat(BoilerSettings.DEFAULT.watts()).isEqualTo(2_400);
    }

    @Test
    void invalidSettingsNameTheSettingAndTheValue() {
        assertThatThrownBy(() -> HouseholdSettings.defaults(1).withSolar(4_500, 180, 95))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("roofTiltDegrees must be 0 to 90 °, not 95");
        assertThatThrownBy(() -> HouseholdSettings.defaults(1).withSolar(-1, 180, 35))
                .hasMessage("solarPeakWatts must be 0 to 50000 Wp, not -1");
        assertThatThrownBy(() -> new EvSettings(500, 6_000, 18_000, 60, 35))
                .hasMessage("chargerWatts must be 1000 to 22000 W, not 500");
        assertThatThrownBy(() -> new EvSettings(7_400, 6_000, 5_000, 60, 35))
                .hasMessage("maxSessionWh must be 6000 to 100000 Wh, not 5000");
        assertThatThrownBy(() -> new BatterySettings(10_000, 5_000, 10, 120))
                .hasMessage("efficiencyPercent must be 50 to 100 %, not 120");
        assertThatThrownBy(() -> new WaterSettings(5)).hasMessage("litresPerDay must be 20 to 3000 l, not 5");
        assertThatThrownBy(() -> new MeterIdentity("FLU5", "50217", " ", "7FLO1", "8SET1"))
                .hasMessage("equipmentId must not be blank");
        assertThatThrownBy(() -> new QuarterEnergy(Instant.parse("2025-01-01T00:10:00Z"), Tariff.DAY, 0, 0, 0, 0, 0, 0))
                .hasMessage("start must be on a quarter hour, not 2025-01-01T00:10:00Z");
        assertThatThrownBy(() -> new HouseholdPower(Instant.EPOCH, 500, 0, 0, 0, 0, 0, 400, 400, 0, 0, 0, 0))
                .hasMessageStartingWith("netWatts 400 is not consumption + car + boiler + battery − solar = 500");
    }
}
