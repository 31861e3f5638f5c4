package org.meterkast.server.solar;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.InverterPort;
import org.meterkast.energy.device.InverterReading;
import org.meterkast.p1.stream.Backoff;
import org.meterkast.server.store.ProductionQuarter;
import org.meterkast.server.store.ProductionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Reads one meter's inverter on a thread of its own, every {@code poll}: each reading is published as
 * {@link SolarReceived} and its lifetime counter cut into quarters that are stored. A read that fails drops the
 * connection and waits a back-off of 1 s doubling up to 60 s before the next; the first good one brings back the
 * normal poll. Nothing an inverter sends stops the loop: bad values are counted and logged.
 */
public final class InverterPoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InverterPoller.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final String meter;
    private final int meterId;
    private final InverterPort inverter;
    private final Duration poll;
    private final ProductionRepository production;
    private final TransactionOperations transactions;
    private final ApplicationEventPublisher events;
    private final ProductionCounter counter = new ProductionCounter();
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
    private final CountDownLatch closeSignal = new CountDownLatch(1);
    private final AtomicLong readings = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong badData = new AtomicLong();
    private final AtomicLong quarters = new AtomicLong();
    private volatile String lastError;
    private volatile InverterReading latest;
    private Thread thread;

    InverterPoller(String meter, int meterId, InverterPort inverter, Duration poll, ProductionRepository production,
                   TransactionOperations transactions, ApplicationEventPublisher events) {
        this.meter = Objects.requireNonNull(meter, "meter");
        this.meterId = meterId;
        this.inverter = Objects.requireNonNull(inverter, "inverter");
        this.poll = Objects.requireNonNull(poll, "poll");
        this.production = Objects.requireNonNull(production, "production");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** Continues the stored quarters, then starts reading. */
    synchronized void start() {
        production.last(meterId).ifPresent(q -> counter.resumeAt(q.end(), q.counterWh()));
        thread = new Thread(this::run, "inverter-" + meter);
        thread.setDaemon(true);
        thread.start();
        log.info("meter '{}': reading the inverter {} every {}", meter, inverter.describe(), poll);
    }

    /** What has been counted so far. */
    public InverterCounts counts() {
        return new InverterCounts(inverter.describe(), readings.get(), failures.get(), badData.get(), quarters.get(),
                lastError);
    }

    private void run() {
        while (closeSignal.getCount() > 0) {
            Duration pause = poll;
            try {
                InverterReading reading = inverter.read();
                backoff.reset();
                readings.incrementAndGet();
                take(reading);
            } catch (DeviceException e) {
                (e.badData() ? badData : failures).incrementAndGet();
                lastError = e.getMessage();
                inverter.disconnect();
                pause = backoff.failed();
                log.warn("meter '{}': inverter {}: {}; next try in {}", meter, inverter.describe(), e.getMessage(),
                        pause);
            } catch (RuntimeException e) {
                // a store or listener failure, or a bug: counted, and the loop goes on
                failures.incrementAndGet();
                lastError = e.toString();
                pause = backoff.failed();
                log.error("meter '{}': handling the inverter's reading failed", meter, e);
            }
            try {
                if (closeSignal.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        inverter.close();
    }

    /** The last good reading, if any yet. */
    public java.util.Optional<InverterReading> latest() {
        return java.util.Optional.ofNullable(latest);
    }

    private void take(InverterReading reading) {
        latest = reading;
        events.publishEvent(new SolarReceived(meter, reading));
        if (reading.lifetimeWh() == null) {
            return;
        }
        List<ProductionQuarter> closed = counter.accept(reading.at(), reading.lifetimeWh());
        if (!closed.isEmpty()) {
            transactions.executeWithoutResult(status -> production.save(meterId, closed));
            quarters.addAndGet(closed.size());
        }
    }

    /** Stops reading and waits for the thread, so nothing is stored after this returns. */
    @Override
    public synchronized void close() {
        closeSignal.countDown();
        if (thread != null) {
            try {
                thread.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }
}
