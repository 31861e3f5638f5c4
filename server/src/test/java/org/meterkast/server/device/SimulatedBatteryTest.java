package org.meterkast.server.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.BatteryStatus;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.Power;
import org.meterkast.server.MovableClock;
import org.meterkast.sim.BatteryModel;
import org.meterkast.sim.BatterySettings;

/** The in-server simulated battery on a clock the test moves: told powers, its own control, its revert time. */
class SimulatedBatteryTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-06-21T10:00:00Z"));
    /** What the address's meter says now, W (positive import). */
    private final AtomicLong meterNet = new AtomicLong();

    /** 10 kWh, 5 kW, 10 % reserve, 95 % each way, at 50 % (5,000 Wh), reverting after 5 min. */
    private SimulatedBattery battery() {
        return battery(Duration.ofMinutes(5));
    }

    private SimulatedBattery battery(Duration revert) {
        return new SimulatedBattery("battery", new BatteryModel(BatterySettings.DEFAULT, 50), revert, meterNet::get,
                clock);
    }

    // Told a power for a while: the cells gain power × hours × 0.95 charging and lose power × hours ÷ 0.95
    // discharging, from 5,000 Wh; SoC = stored ÷ 10,000 Wh. A power beyond 5 kW is held to 5 kW.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                          | asked W | minutes | power W | status      | SoC %
          charges 2 kW for 30 min       |    2000 |      30 |    2000 | CHARGING    | 59.5
          discharges 1.9 kW for 60 min  |   -1900 |      60 |   -1900 | DISCHARGING | 30.0
          8 kW asked: 5 kW for 12 min   |    8000 |      12 |    5000 | CHARGING    | 59.5
          holds at zero                 |       0 |      60 |       0 | STANDBY     | 50.0
        """)
    void keepsToThePowerItIsTold(String name, long asked, long minutes, long watts, BatteryStatus status, double soc)
            throws Exception {
        SimulatedBattery battery = battery(Duration.ofHours(2));
        battery.setPower(Power.ofWatts(asked));
        clock.move(Duration.ofMinutes(minutes / 2));
        battery.read();
        clock.move(Duration.ofMinutes(minutes - minutes / 2));
        BatteryReading reading = battery.read();
        assertThat(reading.power()).isEqualTo(Power.ofWatts(watts));
        assertThat(reading.status()).isEqualTo(status);
        assertThat(reading.socPercent()).isCloseTo(soc, within(0.01));
        assertThat(reading.at()).isEqualTo(clock.instant());
    }

    @Test
    void onItsOwnItChargesWhatTheHouseholdInjectsAndCoversWhatItTakes() throws Exception {
        SimulatedBattery battery = battery();
        meterNet.set(-1500);        // the meter (which does not count this battery) sees 1.5 kW injected
        assertThat(battery.read().power()).isEqualTo(Power.ofWatts(1500));
        meterNet.set(800);
        assertThat(battery.read().power()).isEqualTo(Power.ofWatts(-800));
        meterNet.set(-9000);        // more than it can take: its 5 kW
        assertThat(battery.read().power()).isEqualTo(Power.ofWatts(5000));
        // a meter that counts it tells it the household's net power without it, each second
        assertThat(battery.watts(-2200)).isEqualTo(2200);
        assertThat(battery.read().power()).isEqualTo(Power.ofWatts(2200));
    }

    @Test
    void releasedOrLeftAloneAfterItsRevertTimeItGoesBackToItsOwnControl() throws Exception {
        SimulatedBattery battery = battery();
        meterNet.set(600);
        battery.setPower(Power.ofWatts(3000));
        clock.move(Duration.ofMinutes(4));
        assertThat(battery.read().power()).isEqualTo(Power.ofWatts(3000));
        clock.move(Duration.ofMinutes(2));     // 6 min since it was told: past its 5 min
        assertThat(battery.read().power()).isEqualTo(Power.ofWatts(-600));
        battery.setPower(Power.ofWatts(-4000));
        battery.release();
        assertThat(battery.read().power()).isEqualTo(Power.ofWatts(-600));
    }

    @Test
    void aFullBatteryChargesNothingAndOneAtItsReserveGivesNothing() throws Exception {
        SimulatedBattery battery = battery(Duration.ofHours(4));
        battery.setPower(Power.ofWatts(-5000));
        // 4,000 Wh above the 1,000 Wh reserve at 5 kW ÷ 0.95 from the cells: 45.6 min; an hour empties it
        clock.move(Duration.ofHours(1));
        BatteryReading empty = battery.read();
        assertThat(empty.power()).isEqualTo(Power.ZERO);
        assertThat(empty.status()).isEqualTo(BatteryStatus.STANDBY);
        assertThat(empty.socPercent()).isCloseTo(10, within(0.01));
        battery.setPower(Power.ofWatts(5000));
        clock.move(Duration.ofHours(3));        // 9,000 Wh of room at 4,750 Wh an hour: full within 2 h
        BatteryReading full = battery.read();
        assertThat(full.socPercent()).isCloseTo(100, within(0.01));
        assertThat(full.power()).isEqualTo(Power.ZERO);
    }

    @Test
    void itsSettingsMakeItsLimitsAndBadOnesNameTheSetting() throws Exception {
        SimulatedBatteryFactory factory = new SimulatedBatteryFactory(null, clock);
        SimulatedBattery battery = factory.create(settings(Map.of("capacity-kwh", "13.5", "max-kw", "4.6",
                "soc", "80", "reserve", "20")));
        assertThat(battery.limits().capacityWh()).isEqualTo(13_500);
        assertThat(battery.limits().maxCharge()).isEqualTo(Power.ofWatts(4600));
        assertThat(battery.limits().maxDischarge()).isEqualTo(Power.ofWatts(4600));
        assertThat(battery.limits().minSocPercent()).isEqualTo(20);
        assertThat(battery.read().socPercent()).isCloseTo(80, within(0.001));
        assertThat(factory.create(settings(Map.of())).limits().capacityWh()).isEqualTo(10_000);
        assertThatThrownBy(() -> factory.create(settings(Map.of("soc", "120"))))
                .isInstanceOf(DeviceException.class).hasMessageContaining("devices.battery.soc");
        battery.close();
        assertThatThrownBy(battery::read).isInstanceOf(DeviceException.class).hasMessageContaining("closed");
    }

    private static DeviceSettings settings(Map<String, String> values) {
        return new DeviceSettings(1, "battery", DeviceKind.BATTERY, "sim", values, "meterkast.meters.home.devices.battery.");
    }
}
