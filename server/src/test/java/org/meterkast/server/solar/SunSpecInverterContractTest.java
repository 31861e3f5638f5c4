package org.meterkast.server.solar;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.meterkast.energy.device.InverterPort;
import org.meterkast.server.MovableClock;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSettings;
import org.meterkast.server.device.TestHosts;
import org.meterkast.sim.Household;
import org.meterkast.sim.HouseholdSettings;
import org.meterkast.sim.SimulatedInverter;
import org.meterkast.sim.SunSpecInverterServer;

/** The SunSpec adapter, made by its factory, against the simulator's SunSpec inverter on loopback. */
class SunSpecInverterContractTest extends InverterPortContract {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-06-21T11:00:00Z"));
    private SunSpecInverterServer server;

    @Override
    protected InverterPort inverter() throws Exception {
        SimulatedInverter roof = new SimulatedInverter(new Household(HouseholdSettings.defaults(2026)), clock.instant(),
                1_000L * 3600);
        server = SunSpecInverterServer.start(SunSpecInverterServer.Options.loopback(0), "SN-C",
                () -> roof.readAt(clock.instant()));
        return new SunSpecInverterFactory(clock, TestHosts.defaults()).create(new DeviceSettings(1, "roof",
                DeviceKind.INVERTER, "sunspec", Map.of("address", "127.0.0.1:" + server.port()),
                "meterkast.meters.home.devices.roof.", "home"));
    }

    @Override
    protected void letPass(Duration time) {
        clock.move(time);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
