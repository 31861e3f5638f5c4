package org.meterkast.server.solar;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.ProductionRepository;
import org.meterkast.sim.SimulatedInverter;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/** Makes the inverter a meter's settings ask for, and the poller that reads it. */
@Component
public class Inverters {
    /** How long a SunSpec inverter may take to connect or to answer one request. */
    static final Duration SUNSPEC_TIMEOUT = Duration.ofSeconds(3);

    private final ProductionRepository production;
    private final TransactionOperations transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Inverters(ProductionRepository production, TransactionOperations transactions, ApplicationEventPublisher events,
              Clock clock) {
        this.production = production;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Starts reading the meter's inverter; empty when it has none.
     *
     * @param simulated the simulated household's roof, for type sim (only asked for then)
     */
    public Optional<InverterPoller> start(Meter meter, InverterSettings settings, boolean simulatedMeter,
                                          Supplier<SimulatedInverter> simulated) {
        InverterPort port = switch (settings.resolvedType(simulatedMeter)) {
            case SUNSPEC -> new SunSpecInverter(settings.address(), settings.unit(), SUNSPEC_TIMEOUT, clock);
            case SIM -> new SimulatedInverterPort(simulated.get(), clock);
            case NONE -> null;
        };
        if (port == null) {
            return Optional.empty();
        }
        InverterPoller poller = new InverterPoller(meter.name(), meter.id(), port, settings.pollEvery(simulatedMeter), production,
                transactions, events);
        poller.start();
        return Optional.of(poller);
    }
}
