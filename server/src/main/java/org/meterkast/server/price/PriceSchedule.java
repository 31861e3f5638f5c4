package org.meterkast.server.price;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the {@link PriceFetcher} on one thread of its own while the server runs, when a price source is configured:
 * at start, then again when the last run says.
 */
@Component
class PriceSchedule implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PriceSchedule.class);

    private final PriceSettings settings;
    private final PriceFetcher fetcher;
    private ScheduledExecutorService executor;

    PriceSchedule(PriceSettings settings, PriceFetcher fetcher) {
        this.settings = settings;
        this.fetcher = fetcher;
    }

    @Override
    public synchronized void start() {
        if (settings.source() == PriceSettings.Source.NONE || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "day-ahead-prices");
            t.setDaemon(true);
            return t;
        });
        log.info("day-ahead prices: fetching from {} for zone {}", settings.source(), settings.zone());
        executor.execute(this::runAndReschedule);
    }

    private void runAndReschedule() {
        Duration next;
        try {
            next = fetcher.run();
        } catch (RuntimeException e) {
            // a bug or a database problem must not end the schedule: try again after the longest pause
            log.error("day-ahead prices: the fetch failed", e);
            next = settings.maxBackoff();
        }
        synchronized (this) {
            if (executor != null && !executor.isShutdown()) {
                executor.schedule(this::runAndReschedule, Math.max(1, next.toMillis()), TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
