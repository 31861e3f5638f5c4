package org.meterkast.energy.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meterkast.energy.storage.Sites.battery;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.control.ChargerSnapshot;
import org.meterkast.energy.control.ChargingMode;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Command.BatteryPower;
import org.meterkast.energy.control.Command.OfferCurrent;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.control.SurplusUse;
import org.meterkast.energy.device.ChargerPort.CurrentRange;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.ev.ChargingModePolicy;
import org.meterkast.energy.ev.SolarSettings;

/** The car's solar mode and the battery split one surplus by the household's order, and never take more than it. */
class CarAndBatteryShareTest {
    private static final Instant NOON = Instant.parse("2026-06-10T10:00:00Z");

    // 2,000 W injected while the car draws 4,140 W (6 A on three phases) and the battery nothing: 6,140 W of surplus.
    // Car first: it follows it at 8.8 A (6,072 W) and the battery waits. Battery first: the battery claims its 5,000 W,
    // the car's 1,140 W share is below its 4,140 W minimum and it pauses (no delays here).
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # order                  | car W | battery W
          EV BATTERY BOILER      |  6072 |         0
          BATTERY EV BOILER      |     0 |      5000
        """)
    void theyShareTheSurplusInOrder(String order, long carW, long batteryW) {
        var charger = new ChargerSnapshot("cp", new ChargerReading(NOON, ChargerStatus.CHARGING, Power.ofWatts(4140), 3,
                1000, 6), ChargingMode.SOLAR, new CurrentRange(6, 16), false, 3, Power.ZERO);
        var site = new SiteSnapshot(NOON, Power.ofWatts(-2000), 0, 500, Power.ofWatts(6500), Power.ofWatts(2500),
                List.of(charger), List.of(battery("bat", 50, 0, null)), List.of(),
                Arrays.stream(order.split(" ")).map(SurplusUse::valueOf).toList());
        var quick = new SolarSettings(0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

        List<Command> car = new ChargingModePolicy(quick).decide(site);
        List<Command> bat = new BatteryPolicy().decide(site);

        OfferCurrent offer = (OfferCurrent) car.get(0);
        long carPower = Power.ofAmps(offer.amps(), offer.phases()).watts();
        long batteryPower = ((BatteryPower) bat.get(0)).power().watts();
        assertThat(carPower).isEqualTo(carW);
        assertThat(batteryPower).isEqualTo(batteryW);
        assertThat(carPower + batteryPower).isLessThanOrEqualTo(6140);
    }
}
