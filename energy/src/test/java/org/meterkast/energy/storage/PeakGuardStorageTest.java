package org.meterkast.energy.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meterkast.energy.storage.Sites.battery;
import static org.meterkast.energy.storage.Sites.boiler;
import static org.meterkast.energy.storage.Sites.site;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.control.BatterySnapshot;
import org.meterkast.energy.control.BoilerSnapshot;
import org.meterkast.energy.control.ChargerSnapshot;
import org.meterkast.energy.control.ChargingMode;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Command.BatteryPower;
import org.meterkast.energy.control.Command.LimitPower;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.device.ChargerPort.CurrentRange;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.Power;

class PeakGuardStorageTest {
    /** 450 s left in the quarter. */
    private static final Instant HALF_WAY = Instant.parse("2026-01-12T18:07:30Z");

    // Peak limit 4 kW, 500 Wh imported at half-way, no reaction time: the rest of the quarter may import
    // (4,000 × 900 − 500 × 3,600) / 450 = 4,000 W. The flexible loads may draw 4,000 W − the house (grid less them).
    // "heading": (500 × 3,600 + max(0, grid) × 450) / 900. Commands written device:power:key.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                   | grid W | car W | boiler W | battery W | soc % | commands
        # house 2,000: 2,000 W allowed, short of the 2,400 W element; heading (1,800,000 + 4,400 × 450) / 900 = 4,200
          boiler off, quarter heading over       |   4400 |       |     2400 |           |       | tank:0:peak.boiler.off
          boiler within the allowance            |   3400 |       |     2400 |           |       |
        # house 2,000 with the battery charging 3,000 from the grid: it may take 2,000
          battery charging capped                |   5000 |       |          |      3000 |    50 | bat:2000:peak.battery.limit
        # house 5,000 alone is over: −1,000 allowed; the battery covers the whole 5,000 (more than the 1,000 needed)
          battery discharges                     |   5000 |       |          |         0 |    50 | bat:-5000:peak.battery.discharge
          battery at its reserve can't help      |   4500 |       |          |         0 |    10 |
        # house 1,000, car 3,000, boiler 2,400: 3,000 allowed, all the car's; the boiler is shed first
          car keeps its draw, boiler shed        |   6400 |  3000 |     2400 |           |       | cp:3000:ev.peakGuard.limit tank:0:peak.boiler.off
        # house 500, car 3,000, boiler 2,400, battery 1,000 charging: 3,500 allowed: car 3,000, boiler 0, battery 500
          all three                              |   6900 |  3000 |     2400 |      1000 |    50 | cp:3500:ev.peakGuard.limit tank:0:peak.boiler.off bat:500:peak.battery.limit
        """)
    void shedsTheFlexibleLoadsInOrder(String name, long gridW, Long carW, Long boilerW, Long batteryW, Double soc,
                                      String expected) {
        List<ChargerSnapshot> chargers = carW == null ? List.of() : List.of(charger(carW));
        List<BoilerSnapshot> boilers = boilerW == null ? List.of() : List.of(boiler("tank", 50.0, boilerW, HALF_WAY));
        List<BatterySnapshot> batteries = batteryW == null ? List.of() : List.of(battery("bat", soc, batteryW, null));
        var site = site(HALF_WAY, gridW, 500, 4000, chargers, batteries, boilers, SiteSnapshot.DEFAULT_SURPLUS_ORDER);

        List<Command> commands = new PeakGuard(Duration.ZERO).decide(site);

        assertThat(String.join(" ", commands.stream().filter(PeakGuardStorageTest::binds)
                .map(PeakGuardStorageTest::text).toList())).isEqualTo(expected == null ? "" : expected);
    }

    // The quarter's budget spent: limit 2.5 kW, 700 Wh imported (2,520,000 Ws > 2,500 × 900 = 2,250,000 Ws), the house
    // 1,000 W, the battery at 50 % (5 kW each way), the default 10 s reaction. With 180 s left the loads may draw
    // floor((2,250,000 − 2,520,000 − 1,000 × 10) / 170) − 1,000 = −2,648 W, with 30 s left
    // floor(−280,000 / 20) − 1,000 = −15,000 W: far below zero, yet the battery can lower the import only to zero,
    // so it gives the house's 1,000 W and not a watt more (more would be exported, which lowers no offtake peak).
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                     | seconds left | grid W | battery W | commands
          180 s left, battery idle                 |          180 |   1000 |         0 | bat:-1000:peak.battery.discharge
          30 s left, battery idle                  |           30 |   1000 |         0 | bat:-1000:peak.battery.discharge
        # it already gives the 1,000 W (grid 0): the house is 0 − (−1,000) = 1,000 W, it keeps to that
          180 s left, already covering the house   |          180 |      0 |     -1000 | bat:-1000:peak.battery.discharge
        # a house of 400 W: the battery gives those 400 (before: 2,012)
          180 s left, house 400 W                  |          180 |    400 |         0 | bat:-400:peak.battery.discharge
        """)
    void aSpentBudgetIsNeverDischargedIntoTheGrid(String name, long secondsLeft, long gridW, long batteryW,
                                                  String expected) {
        Instant at = Instant.parse("2026-01-12T18:15:00Z").minusSeconds(secondsLeft);
        var site = site(at, gridW, 700, 2500, List.of(), List.of(battery("bat", 50, batteryW, null)), List.of(),
                SiteSnapshot.DEFAULT_SURPLUS_ORDER);

        List<Command> commands = new PeakGuard(PeakGuard.DEFAULT_REACTION).decide(site);

        assertThat(String.join(" ", commands.stream().map(PeakGuardStorageTest::text).toList())).isEqualTo(expected);
    }

    @Test
    void theReasonSaysWhereTheQuarterIsHeading() {
        var site = site(HALF_WAY, 4400, 500, 4000, List.of(), List.of(), List.of(boiler("tank", 50.0, 2400, HALF_WAY)),
                SiteSnapshot.DEFAULT_SURPLUS_ORDER);

        Command off = new PeakGuard(Duration.ZERO).decide(site).get(0);

        assertThat(off.reason().values()).containsEntry("headingW", 4200L).containsEntry("peakLimitW", 4000L);
    }

    @Test
    void aShedBoilerStaysOffForTheQuarterAndIsLetOnLaterOnlyWhenTheAllowanceClearsItsElementByTheMargin() {
        var guard = new PeakGuard(Duration.ZERO, 300);
        // allowance 4,000 − house: house 2,000 → 2,000: shed
        assertThat(boilerCap(guard, HALF_WAY, 2000, 2400)).isEqualTo(0);
        // house 1,200 later in the same quarter: 2,800 would clear 2,400 + 300, but it stays off for the quarter
        assertThat(boilerCap(guard, HALF_WAY.plusSeconds(60), 1200, 0)).isEqualTo(0);
        // the next quarter at half-way with 500 Wh in (4,000 W for the rest), house 1,500: 2,500 fits the element
        // but not the margin: still shed
        assertThat(boilerCap(guard, HALF_WAY.plusSeconds(900), 1500, 0)).isEqualTo(0);
        // house 1,200: 2,800 clears it: released, no limit that binds
        assertThat(boilerCap(guard, HALF_WAY.plusSeconds(960), 1200, 0)).isNull();
        // a guard that never shed it lets 2,500 be at once
        assertThat(boilerCap(new PeakGuard(Duration.ZERO, 300), HALF_WAY, 1500, 0)).isNull();
    }

    @Test
    void aBoilerShedLateInAQuarterIsLetOnWhenTheNextBegins() {
        var guard = new PeakGuard(PeakGuard.DEFAULT_REACTION);
        // half-way with 800 Wh in: (3,600,000 − 2,880,000 − 3,400 × 10) / 440 − 1,000 = 559 W for the boiler: off
        var late = site(HALF_WAY, 3400, 800, 4000, List.of(), List.of(),
                List.of(boiler("tank", 50.0, 2400, HALF_WAY)), SiteSnapshot.DEFAULT_SURPLUS_ORDER);
        assertThat(guard.decide(late)).extracting(c -> ((LimitPower) c).max().watts()).containsExactly(0L);
        // the next quarter, the boiler off, the house 1,000 W: (3,600,000 − 1,000 × 10) / 890 − 1,000 = 3,033 W,
        // clear of 2,400 + 300: no limit that binds
        Instant next = Instant.parse("2026-01-12T18:15:00Z");
        var fresh = site(next, 1000, 0, 4000, List.of(), List.of(), List.of(boiler("tank", 50.0, 0, next)),
                SiteSnapshot.DEFAULT_SURPLUS_ORDER);
        assertThat(guard.decide(fresh)).isEmpty();
    }

    @Test
    void nothingToGuardWithoutFlexibleLoads() {
        assertThat(new PeakGuard(Duration.ZERO).decide(site(HALF_WAY, 9000, List.of(), List.of()))).isEmpty();
    }

    /** The boiler's cap in W when the guard sheds it, null when it lets it be. */
    private static Long boilerCap(PeakGuard guard, Instant at, long houseW, long boilerW) {
        // 500 Wh in at half-way keeps the rest of the quarter at 4,000 W; later in it, as much as keeps it there
        long importedWh = 500 + (Duration.between(HALF_WAY, at).getSeconds() % 900) * 4000 / 3600;
        var site = site(at, houseW + boilerW, importedWh, 4000, List.of(), List.of(),
                List.of(boiler("tank", 50.0, boilerW, HALF_WAY)), SiteSnapshot.DEFAULT_SURPLUS_ORDER);
        var out = new ArrayList<Long>();
        guard.decide(site).forEach(c -> out.add(((LimitPower) c).max().watts()));
        return out.isEmpty() ? null : out.get(0);
    }

    /** Whether a command changes anything: a limit above a boiler's element or a battery's 5 kW does not. */
    private static boolean binds(Command c) {
        if (c instanceof LimitPower l) {
            return c.device().equals("cp") || l.max().watts() < (c.device().equals("tank") ? 2400 : 5000);
        }
        return true;
    }

    private static String text(Command c) {
        long watts = c instanceof LimitPower l ? l.max().watts() : ((BatteryPower) c).power().watts();
        return c.device() + ":" + watts + ":" + c.reason().key();
    }

    private static ChargerSnapshot charger(long drawW) {
        var reading = new ChargerReading(HALF_WAY, ChargerStatus.CHARGING, Power.ofWatts(drawW), 3, 0, 16);
        return new ChargerSnapshot("cp", reading, ChargingMode.SOLAR, new CurrentRange(6, 16), false, 3, Power.ZERO);
    }
}
