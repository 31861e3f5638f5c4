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
import org.meterkast.sim.EmbeddedBroker;
import org.meterkast.sim.shelly.ShellyBoiler;
import org.meterkast.sim.shelly.ShellyMqttDevice;

/** The boiler contract for {@code shelly-mqtt}, against the simulated Shelly through an embedded Moquette broker. */
class ShellyMqttBoilerContractTest extends BoilerPortContract {
    static final String PREFIX = "shellyplus1pm-boiler";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-10T11:00:00Z"));
    private final EmbeddedBroker broker = EmbeddedBroker.started();
    private ShellyMqttDevice device;
    private ShellyMqttBoiler adapter;

    @Override
    protected BoilerPort boiler() throws Exception {
        device = ShellyMqttDevice.start(new ShellyBoiler("shellyplus1pm-a8032ab1c2d3", BoilerTankSettings.DEFAULT, 45,
                null, clock), broker.url(), PREFIX, clock, Duration.ofSeconds(60), Duration.ofMillis(50));
        adapter = new ShellyMqttBoilerFactory(clock, TestHosts.defaults()).create(settings(broker, Map.of()));
        awaitSwitchStatus(adapter, 0);
        // the tank's temperature comes on a topic of its own, sometimes after the relay's status
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (adapter.read().temperatureC().isEmpty()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no temperature of the tank within 10 s");
            }
            Thread.sleep(20);
        }
        return adapter;
    }

    static DeviceSettings settings(EmbeddedBroker broker, Map<String, String> more) {
        Map<String, String> values = new java.util.HashMap<>(Map.of("broker", "127.0.0.1:" + broker.port(),
                "prefix", PREFIX, "rated-watts", "2400"));
        values.putAll(more);
        return new DeviceSettings(1, "boiler", DeviceKind.BOILER, "shelly-mqtt", values, "test.boiler.");
    }

    /** Waits (at most 10 s) until the adapter has a status of the relay it did not have before. */
    static void awaitSwitchStatus(ShellyMqttBoiler adapter, long before) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (adapter.switchStatuses() <= before) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no new status of the relay within 10 s");
            }
            Thread.sleep(20);
        }
    }

    @Override
    protected void letPass(Duration time) throws InterruptedException {
        // what the device publishes at the old time (its answer to a command) arrives first…
        Thread.sleep(300);
        long before = adapter.switchStatuses();
        clock.move(time);
        // …then its status at the new time: it publishes the switch's at least every minute of its clock
        awaitSwitchStatus(adapter, before);
    }

    @AfterEach
    void stop() {
        device.close();
        broker.close();
    }
}
