package org.meterkast.server.ev;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.device.ChargerPort;
import org.meterkast.server.TestServer;
import org.meterkast.server.device.ChargerPortContract;
import org.meterkast.sim.ev.Car;
import org.meterkast.sim.ev.ChargePointFleet;
import org.meterkast.sim.ev.ChargePointSettings;
import org.meterkast.sim.ev.OcppChargePoint;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code ocpp16} adapter against the charger contract: each case registers a charge point through the adapter's
 * factory and connects the simulated OCPP 1.6J charge point to the server over a real WebSocket, with a 60 kWh car at
 * 20 % plugged in and its transaction open; the adapter then reads and steers it through the central system. The
 * server and the charge point share a clock the test moves ahead, so ten minutes of charging pass at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OcppChargerContractTest extends ChargerPortContract {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final ShiftedClock CLOCK = new ShiftedClock();
    private static final ChargePointFleet FLEET = new ChargePointFleet(new ChargePointFleet.Timing(
            Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(2)));

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("ocpp-contract.db"));
        registry.add("meterkast.ocpp.meter-value-interval", () -> "1s");
    }

    @TestConfiguration
    static class SharedClock {
        @Bean
        @Primary
        Clock sharedClock() {
            return CLOCK;
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    private OcppChargePoint chargePoint;

    @Override
    protected ChargerPort plugged() throws Exception {
        String id = "CP-CONTRACT-" + NEXT.incrementAndGet();
        ChargerPort port = OcppHousehold.of(context, "contract").charger("carport-" + NEXT.get(), id);
        chargePoint = FLEET.connect(ChargePointSettings.of(URI.create("ws://127.0.0.1:" + this.port + "/ocpp"), id,
                OcppHousehold.PASSWORD).withMeterValueInterval(Duration.ofSeconds(1)), CLOCK, line -> { });
        chargePoint.plugIn(Car.typical(20));
        CentralSystem central = context.getBean(CentralSystem.class);
        // booted and configured, its transaction open on both sides, and its first meter values in (a charger
        // without a profile of this server's charges at its own maximum)
        await().atMost(Duration.ofSeconds(10)).until(() -> chargePoint.transactionId().isPresent()
                && central.state(id).map(s -> s.session() != null && s.rateUnit() != null
                && s.view().powerWatts() > 0).orElse(false));
        return port;
    }

    @Override
    protected void letPass(Duration time) {
        CLOCK.add(time);
    }

    @AfterEach
    void unplug() {
        chargePoint.close();
    }

    @AfterAll
    static void closeFleet() {
        FLEET.close();
    }
}
