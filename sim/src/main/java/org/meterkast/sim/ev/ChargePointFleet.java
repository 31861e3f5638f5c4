package org.meterkast.sim.ev;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Simulated charge points that share one {@link HttpClient} (its selector thread and a small pool that runs the
 * WebSocket callbacks) and one scheduler thread (ticks, timeouts, reconnects). A charge point owns no thread:
 * it is its state, its socket and a scheduled tick, so a load driver can run a thousand of them in one JVM.
 * Closing the fleet closes its charge points and stops its threads.
 */
public final class ChargePointFleet implements AutoCloseable {
    /**
     * How the fleet's charge points keep time on the wall clock.
     *
     * @param tick          how often each charge point looks at its (possibly simulated) clock: charges the car,
     *                      sends what is due
     * @param callTimeout   how long a call waits for the central system's answer
     * @param firstBackOff  the wait before the first reconnection; it doubles on each failure
     * @param maxBackOff    the longest wait between reconnections
     */
    public record Timing(Duration tick, Duration callTimeout, Duration firstBackOff, Duration maxBackOff) {
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(1), Duration.ofSeconds(60));

        public Timing {
            for (Duration d : List.of(Objects.requireNonNull(tick, "tick"),
                    Objects.requireNonNull(callTimeout, "callTimeout"),
                    Objects.requireNonNull(firstBackOff, "firstBackOff"),
                    Objects.requireNonNull(maxBackOff, "maxBackOff"))) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("timings must be positive, not " + d);
                }
            }
        }
    }

    private final Timing timing;
    private final ExecutorService callbacks;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final List<OcppChargePoint> chargePoints = new CopyOnWriteArrayList<>();

    public ChargePointFleet(Timing timing) {
        this.timing = Objects.requireNonNull(timing, "timing");
        this.callbacks = Executors.newFixedThreadPool(2, daemons("ocpp-sim-io"));
        this.http = HttpClient.newBuilder().executor(callbacks).connectTimeout(Duration.ofSeconds(10)).build();
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, daemons("ocpp-sim-clock"));
        s.setRemoveOnCancelPolicy(true);
        this.scheduler = s;
    }

    public static ChargePointFleet withDefaultTiming() {
        return new ChargePointFleet(Timing.DEFAULT);
    }

    /**
     * A charge point with no car plugged in, connecting now.
     *
     * @param clock its time: the wall clock, a {@link org.meterkast.sim.SimulationClock} or a test's clock
     * @param log   where it says what it does (connections, refusals, errors); {@code s -> {}} for silence
     */
    public OcppChargePoint connect(ChargePointSettings settings, Clock clock, Consumer<String> log) {
        OcppChargePoint cp = new OcppChargePoint(settings, clock, log, this);
        chargePoints.add(cp);
        cp.start();
        return cp;
    }

    public List<OcppChargePoint> chargePoints() {
        return List.copyOf(chargePoints);
    }

    Timing timing() {
        return timing;
    }

    HttpClient http() {
        return http;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    void removed(OcppChargePoint cp) {
        chargePoints.remove(cp);
    }

    @Override
    public void close() {
        for (OcppChargePoint cp : chargePoints) {
            cp.close();
        }
        scheduler.shutdownNow();
        callbacks.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
