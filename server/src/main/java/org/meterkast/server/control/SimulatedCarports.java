package org.meterkast.server.control;

import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSettings;
import org.meterkast.server.ingest.IngestService;
import org.meterkast.sim.EvSettings;
import org.meterkast.sim.Household;
import org.meterkast.sim.ev.Car;
import org.meterkast.sim.ev.ChargePointFleet;
import org.meterkast.sim.ev.ChargePointSettings;
import org.meterkast.sim.ev.DepartureHabits;
import org.meterkast.sim.ev.OcppChargePoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The simulated household's carport: beside its roof, a simulated household has an OCPP 1.6J charger named
 * {@code carport} (type {@code ocpp16}, charge point id {@code sim-<meter>}), served by a simulated charge point in
 * this process that connects to this server's own {@code /ocpp/…} once the web server is up, with a password made at
 * random at each start and never written anywhere (only its hash is kept). Its car, a 60 kWh one on an 11 kW
 * three-phase charger, comes home and leaves by the household's habits, and the meter's telegrams count what the
 * charge point draws in place of the household's own car. {@code meterkast.meters.<meter>.simulated-charger=false},
 * or a device named {@code carport} in the properties, leaves it out.
 */
@Component
class SimulatedCarports {
    private static final Logger log = LoggerFactory.getLogger(SimulatedCarports.class);
    /** The carport's name within its address. */
    static final String NAME = "carport";
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int PASSWORD_LENGTH = 32;
    /** The charge the car leaves home with, %. */
    private static final int USUAL_SOC = 80;
    /**
     * The charge point's register continues across starts as a real one's does: it starts from 4 Wh for every
     * second since 2020, more than the 11 kW charger can add meanwhile, so it never goes back.
     */
    private static final Instant REGISTER_EPOCH = Instant.parse("2020-01-01T00:00:00Z");
    private static final long REGISTER_WH_PER_SECOND = 4;

    private final IngestService ingest;
    private final Binder binder;
    private final Environment environment;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private volatile int port;
    private ChargePointFleet fleet;

    SimulatedCarports(IngestService ingest, Environment environment, Clock clock) {
        this.ingest = ingest;
        this.binder = Binder.get(environment);
        this.environment = environment;
        this.clock = clock;
    }

    /**
     * The carport of a simulated meter's address, unless the properties leave it out.
     *
     * @param written the names of the devices the properties write for the meter
     */
    Optional<DeviceSettings> settings(String meter, long locationId, boolean simulated, List<String> written) {
        String prefix = "meterkast.meters." + meter + ".";
        boolean wanted = binder.bind(prefix + "simulated-charger", Boolean.class).orElse(true);
        if (!simulated || !wanted || written.contains(NAME)) {
            return Optional.empty();
        }
        String password = passwords.computeIfAbsent(meter, m -> password());
        return Optional.of(new DeviceSettings(locationId, NAME, DeviceKind.CHARGER, "ocpp16",
                Map.of("charge-point-id", chargePointId(meter), "password", password),
                prefix + "simulated-charger (the simulated household's carport): ", meter));
    }

    static String chargePointId(String meter) {
        String id = "sim-" + meter;
        return id.length() <= 48 ? id : id.substring(0, 48);
    }

    private String password() {
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    @EventListener
    void on(WebServerInitializedEvent event) {
        port = event.getWebServer().getPort();
    }

    /** Once the web server is up and the demo's address added: the charge points connect. */
    @EventListener(ApplicationReadyEvent.class)
    @Order(10)
    synchronized void connect() {
        if (port <= 0 || passwords.isEmpty() || fleet != null) {
            return;         // no web server (a test without one, a one-shot command) or no carport
        }
        fleet = ChargePointFleet.withDefaultTiming();
        String host = environment.getProperty("server.address", "127.0.0.1");
        host = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        URI centralSystem = URI.create("ws://" + host + ":" + port + "/ocpp");
        passwords.forEach((meter, password) -> {
            Optional<Household> household = ingest.simulatedHousehold(meter);
            if (household.isEmpty()) {
                return;
            }
            long registerWh = Duration.between(REGISTER_EPOCH, clock.instant()).toSeconds() * REGISTER_WH_PER_SECOND;
            OcppChargePoint chargePoint = fleet.connect(ChargePointSettings.of(centralSystem, chargePointId(meter),
                    password).withMeterStartWh(Math.max(0, registerWh)), clock, line -> log.debug("{}", line));
            Household withCar = household.get().settings().ev().isPresent() ? household.get()
                    : new Household(household.get().settings().withEv(EvSettings.DEFAULT));
            Car car = Car.typical(USUAL_SOC);
            chargePoint.follow(new DepartureHabits(withCar, car.capacityWh(), USUAL_SOC), car);
            ingest.chargeSimulatedCar(meter, chargePoint.asCarLoad());
            log.info("meter '{}': the simulated household's carport connects to {} as {}", meter, centralSystem,
                    chargePointId(meter));
        });
    }

    @PreDestroy
    synchronized void close() {
        if (fleet != null) {
            fleet.close();
            fleet = null;
        }
    }
}
