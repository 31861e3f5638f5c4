package org.meterkast.server.solar;

import java.time.Duration;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.InverterPort;
import org.meterkast.server.device.DeviceSettings;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.ProductionRepository;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/** Starts the poller that reads an address's inverter into the live view and the production quarters. */
@Component
public class Inverters {
    /** How often a real inverter is read unless told: live enough for the dashboard, light on a small inverter. */
    static final Duration DEFAULT_POLL = Duration.ofSeconds(2);
    /** The simulated roof costs nothing to ask: once a second, as its meter sends telegrams. */
    static final Duration SIMULATED_POLL = Duration.ofSeconds(1);
    private static final Duration SHORTEST_POLL = Duration.ofMillis(200);

    private final ProductionRepository production;
    private final TransactionOperations transactions;
    private final ApplicationEventPublisher events;

    Inverters(ProductionRepository production, TransactionOperations transactions, ApplicationEventPublisher events) {
        this.production = production;
        this.transactions = transactions;
        this.events = events;
    }

    /**
     * Starts reading the inverter every {@code poll} of its settings (2 s unless told, 1 s for the simulated roof).
     *
     * @throws DeviceException when the poll is shorter than 200 ms, naming the setting
     */
    public InverterPoller start(Meter meter, InverterPort inverter, DeviceSettings settings) throws DeviceException {
        Duration poll = settings.duration("poll", inverter instanceof SimulatedInverterPort ? SIMULATED_POLL
                : DEFAULT_POLL);
        if (poll.compareTo(SHORTEST_POLL) < 0) {
            throw new DeviceException(settings.origin() + "poll must be at least 200ms, not " + poll);
        }
        InverterPoller poller = new InverterPoller(meter.name(), meter.id(), inverter, poll, production, transactions,
                events);
        poller.start();
        return poller;
    }
}
