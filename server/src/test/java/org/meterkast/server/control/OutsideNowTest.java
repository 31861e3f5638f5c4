package org.meterkast.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.control.BoilerSnapshot;
import org.meterkast.energy.control.ChargerSnapshot;
import org.meterkast.energy.control.ChargingMode;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.device.ChargerPort.CurrentRange;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.storage.PeakGuard;

class OutsideNowTest {
    @Test
    void theGuardLeavesACarChargingNowAloneButStillShedsTheBoiler() {
        Instant at = Instant.parse("2026-01-12T18:07:30Z");
        var car = new ChargerSnapshot("carport", new ChargerReading(at, ChargerStatus.CHARGING, Power.ofWatts(3000), 3,
                0, 16), ChargingMode.NOW, new CurrentRange(6, 16), false, 3, Power.ZERO);
        var boiler = new BoilerSnapshot("tank", new BoilerReading(at, BoilerStatus.HEATING, OptionalDouble.of(50),
                Power.ofWatts(2400), true), Power.ofWatts(2400), false, 45, 60, Optional.empty());
        // limit 4 kW, 500 Wh in at half-way: 4,000 W for the rest; the house 1,000 W and the car's 3,000 W (its own
        // choice, counted as the house's) leave nothing for the boiler's 2,400 W
        var site = new SiteSnapshot(at, Power.ofWatts(6400), 500, 0, Power.ZERO, Power.ofWatts(4000), List.of(car),
                List.of(), List.of(boiler), SiteSnapshot.DEFAULT_SURPLUS_ORDER);

        List<Command> commands = new ChargerPolicies.OutsideNow(new PeakGuard(PeakGuard.DEFAULT_REACTION))
                .decide(site);

        assertThat(commands).extracting(Command::device).containsExactly("tank");
        assertThat(commands.get(0).reason().key()).isEqualTo("peak.boiler.off");
    }
}
