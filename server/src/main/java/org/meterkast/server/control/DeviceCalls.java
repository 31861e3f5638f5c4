package org.meterkast.server.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.meterkast.energy.device.Device;
import org.meterkast.energy.device.DeviceException;

/**
 * Calls devices with a bound on how long the caller waits. Each call runs on a thread of a shared pool; the caller
 * waits for it until a deadline and then goes on with a DeviceException, while a device that hangs keeps its one
 * call: a device with a call still running is not called again, but answered at once with a DeviceException, until
 * that call returns. So a hanging device holds one thread, never the loop, another device or the meter.
 */
final class DeviceCalls implements AutoCloseable {
    /** A call to a device. */
    interface Call<T> {
        T call() throws DeviceException;
    }

    /** A call under way. */
    static final class Pending<T> {
        private final Device device;
        private final CompletableFuture<T> result;

        private Pending(Device device, CompletableFuture<T> result) {
            this.device = device;
            this.result = result;
        }
    }

    private final Duration timeout;
    private final ThreadPoolExecutor pool;
    /** The devices with a call running, since when. */
    private final Map<Device, Instant> busy = new ConcurrentHashMap<>();

    /**
     * @param timeout    how long a caller waits for a device
     * @param maxThreads the most calls running at once, hanging ones included; beyond, a call fails at once
     */
    DeviceCalls(Duration timeout, int maxThreads) {
        this.timeout = timeout;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(0, maxThreads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "device-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** How long a caller waits for a device. */
    Duration timeout() {
        return timeout;
    }

    /** Starts a call without waiting for it; {@link #await} collects it. */
    <T> Pending<T> start(Device device, Call<T> call, Instant now) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Instant since = busy.putIfAbsent(device, now);
        if (since != null) {
            result.completeExceptionally(new DeviceException(device.describe() + " has not answered a call since "
                    + since + "; not called again until it does"));
            return new Pending<>(device, result);
        }
        try {
            pool.execute(() -> {
                T value = null;
                Exception failure = null;
                try {
                    value = call.call();
                } catch (DeviceException | RuntimeException e) {
                    failure = e;
                }
                // free before answering, so that whoever gets the answer may call the device again at once
                busy.remove(device);
                if (failure == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(failure);
                }
            });
        } catch (RejectedExecutionException e) {
            busy.remove(device);
            result.completeExceptionally(new DeviceException(device.describe() + ": all " + pool.getMaximumPoolSize()
                    + " threads for device calls are taken"));
        }
        return new Pending<>(device, result);
    }

    /** Waits for a call until {@code deadlineNanos} ({@link System#nanoTime()}), and no longer. */
    <T> T await(Pending<T> pending, long deadlineNanos) throws DeviceException {
        try {
            return pending.result.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new DeviceException(pending.device.describe() + " did not answer within " + timeout.toMillis()
                    + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DeviceException d) {
                throw d;
            }
            throw new DeviceException(pending.device.describe() + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(pending.device.describe() + ": interrupted while waiting for it");
        }
    }

    /** Whether the device has a call running that has not returned. */
    boolean busy(Device device) {
        return busy.containsKey(device);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
