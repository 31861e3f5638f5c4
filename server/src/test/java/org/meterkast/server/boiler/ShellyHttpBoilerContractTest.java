package org.meterkast.server.boiler;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.meterkast.energy.device.BoilerPort;
import org.meterkast.server.MovableClock;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSettings;
import org.meterkast.server.device.TestHosts;
import org.meterkast.sim.BoilerTankSettings;
import org.meterkast.sim.shelly.ShellyBoiler;
import org.meterkast.sim.shelly.ShellyHttpServer;

/** The boiler contract for {@code shelly-http}, against the simulated Shelly's HTTP server on a real socket. */
class ShellyHttpBoilerContractTest extends BoilerPortContract {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-10T11:00:00Z"));
    private ShellyHttpServer server;

    @Override
    protected BoilerPort boiler() throws Exception {
        server = ShellyHttpServer.start(new ShellyBoiler("shellyplus1pm-a8032ab1c2d3", BoilerTankSettings.DEFAULT, 45,
                null, clock), "127.0.0.1", 0);
        return new ShellyHttpBoilerFactory(clock, TestHosts.defaults()).create(new DeviceSettings(1, "boiler",
                DeviceKind.BOILER, "shelly-http", Map.of("address", "127.0.0.1:" + server.port(),
                "rated-watts", "2400"), "test.boiler."));
    }

    @Override
    protected void letPass(Duration time) {
        clock.move(time);
    }

    @AfterEach
    void stop() {
        server.close();
    }
}
