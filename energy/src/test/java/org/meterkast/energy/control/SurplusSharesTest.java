package org.meterkast.energy.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.device.BatteryLimits;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.BatteryStatus;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.device.ChargerPort.CurrentRange;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.Power;

class SurplusSharesTest {
    private static final Instant AT = Instant.parse("2026-06-10T10:00:00Z");

    // A car in solar mode on a three-phase 6–16 A charger that cannot switch (least 4,140 W, most 11,040 W), a battery
    // of 5 kW charging limit at 50 %, a switched 2.4 kW boiler at 50 °C (top 60 °C). Surplus = −grid + what they
    // take now; shares in the order given ("-": no such device).
    // A switched 2.4 kW boiler heating at 2,400 W and a 5 kW battery idle at 50 %; whether the boiler heats anyway
    // (below its floor, its legionella cycle, the night top-up: the boiler policy's test) decides whether its draw is
    // surplus. Order: boiler, battery, car.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                       | grid W | anyway | surplus | boiler | battery
        # on surplus: −900 + 2,400 = 1,500 W; the boiler keeps its element's 1,500 (it heats), the battery gets none
          heats on surplus, 900 W taken              |    900 |  false |    1500 |   1500 |       0
        # anyway: its draw is the house's: a 900 W deficit, every share the deficit
          heats anyway, 900 W taken                  |    900 |   true |    -900 |   -900 |    -900
        # anyway with 1,000 W still injected: that is the surplus, and the boiler claims none of it
          heats anyway, 1,000 W injected             |  -1000 |   true |    1000 |   1000 |    1000
        """)
    void aBoilerThatHeatsAnywayIsNoSurplus(String name, long gridW, boolean anyway, long surplus, long boiler,
                                           long battery) {
        var site = new SiteSnapshot(AT, Power.ofWatts(gridW), 0, 0, Power.ZERO, Power.ofWatts(2500), List.of(),
                List.of(new BatterySnapshot("bat", new BatteryReading(AT, BatteryStatus.STANDBY, 50, Power.ZERO),
                        new BatteryLimits(10_000, Power.ofWatts(5000), Power.ofWatts(5000), 10, 100),
                        Optional.empty())),
                List.of(new BoilerSnapshot("tank", new BoilerReading(AT, BoilerStatus.HEATING, OptionalDouble.of(44),
                        Power.ofWatts(2400), true), Power.ofWatts(2400), false, 45, 60, Optional.empty())),
                List.of(SurplusUse.BOILER, SurplusUse.BATTERY, SurplusUse.EV));

        SurplusShares shares = SurplusShares.of(site, b -> anyway);

        assertThat(shares.surplusW()).isEqualTo(surplus);
        assertThat(shares.shareW(SurplusUse.BOILER)).as("boiler").isEqualTo(boiler);
        assertThat(shares.shareW(SurplusUse.BATTERY)).as("battery").isEqualTo(battery);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                 | order                | grid W | car W | car A | battery W | boiler W | surplus | car   | battery | boiler
          car first takes it all               | EV BATTERY BOILER    |  -6000 |     0 |     0 |         0 |        0 |    6000 |  6000 |       0 |       0
        # 3,000 W is below the car's 4,140 W least: it claims what it draws (0); the battery takes 3,000
          too little for the car               | EV BATTERY BOILER    |  -3000 |     0 |     0 |         0 |        0 |    3000 |  3000 |    3000 |       0
        # the battery's 2,000 W of charging count in the surplus: 1,000 + 2,000
          battery charging counts              | BATTERY EV BOILER    |  -1000 |       |       |      2000 |          |    3000 |     - |    3000 |       -
        # 8,000 W: the battery claims its 5,000, the boiler 2,400 of the rest (3,000 covers its element), the car 600
          battery, boiler, then car            | BATTERY BOILER EV    |  -8000 |     0 |     0 |         0 |        0 |    8000 |   600 |    8000 |    3000
        # the boiler first: 2,000 W does not cover its element: it claims nothing
          boiler short of its element          | BOILER BATTERY EV    |  -2000 |       |       |         0 |        0 |    2000 |     - |    2000 |    2000
        # heating already: its 2,400 W count in the surplus (500 + 2,400); it keeps its element, the battery gets 500
          a heating boiler keeps its share     | BOILER BATTERY EV    |   -500 |       |       |         0 |     2400 |    2900 |     - |     500 |    2900
        # a deficit is every use's share
          deficit                              | EV BATTERY BOILER    |   1500 |       |       |      -500 |          |   -2000 |     - |   -2000 |       -
        # the car is offered 10 A but draws nothing (full): it claims nothing
          a full car claims nothing            | EV BATTERY BOILER    |  -6000 |     0 |    10 |         0 |          |    6000 |  6000 |    6000 |       -
        """)
    void theSurplusIsWorkedOutOnceAndHandedOutInOrder(String name, String order, long gridW, Long carW, Long carA,
                                                     Long batteryW, Long boilerW, long surplus, String car,
                                                     String battery, String boiler) {
        List<ChargerSnapshot> chargers = new ArrayList<>();
        if (carW != null) {
            chargers.add(new ChargerSnapshot("cp", new ChargerReading(AT, ChargerStatus.CHARGING, Power.ofWatts(carW),
                    3, 0, carA), ChargingMode.SOLAR, new CurrentRange(6, 16), false, 3, Power.ZERO));
        }
        List<BatterySnapshot> batteries = new ArrayList<>();
        if (batteryW != null) {
            batteries.add(new BatterySnapshot("bat", new BatteryReading(AT, BatteryStatus.STANDBY, 50,
                    Power.ofWatts(batteryW)), new BatteryLimits(10_000, Power.ofWatts(5000), Power.ofWatts(5000), 10,
                    100), Optional.empty()));
        }
        List<BoilerSnapshot> boilers = new ArrayList<>();
        if (boilerW != null) {
            boilers.add(new BoilerSnapshot("tank", new BoilerReading(AT, BoilerStatus.IDLE, OptionalDouble.of(50),
                    Power.ofWatts(boilerW), boilerW > 0), Power.ofWatts(2400), false, 45, 60, Optional.empty()));
        }
        var site = new SiteSnapshot(AT, Power.ofWatts(gridW), 0, 0, Power.ZERO, Power.ofWatts(2500), chargers,
                batteries, boilers, Arrays.stream(order.split(" ")).map(SurplusUse::valueOf).toList());

        SurplusShares shares = SurplusShares.of(site);

        assertThat(shares.surplusW()).isEqualTo(surplus);
        if (!car.equals("-")) {
            assertThat(shares.shareW(SurplusUse.EV)).as("car").isEqualTo(Long.parseLong(car));
        }
        if (!battery.equals("-")) {
            assertThat(shares.shareW(SurplusUse.BATTERY)).as("battery").isEqualTo(Long.parseLong(battery));
        }
        if (!boiler.equals("-")) {
            assertThat(shares.shareW(SurplusUse.BOILER)).as("boiler").isEqualTo(Long.parseLong(boiler));
        }
    }
}
