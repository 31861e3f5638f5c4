package org.meterkast.server.live;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.meterkast.server.account.CredentialCheck;
import org.meterkast.server.account.CredentialCheck.Credential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes each telegram's summary (event {@code telegram}) and each inverter reading ({@code solar}) to the
 * browsers watching that meter, within bounds: so many streams per account and in all, each for a limited time,
 * each with a small buffer of its own.
 *
 * <p>The meter's reading thread only offers the event to each stream's buffer, never waits and allocates nothing
 * per stream; a stream whose buffer is full (a browser that does not read) is dropped, never the meter. A few
 * shared sender threads write the buffers to the sockets. A write to a socket that takes nothing blocks its sender
 * thread until the connector's write timeout (Tomcat's connection timeout, {@code server.tomcat.connection-timeout},
 * 60 s unless set) fails it; meanwhile the other senders serve the other streams, and the stuck stream's buffer
 * fills and gets it dropped. A heartbeat comment finds dead connections, and at each heartbeat each stream's token
 * or session is checked: a revoked token or an ended session ends the stream.
 */
@Component
class LiveBroadcast implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(LiveBroadcast.class);
    /** A comment line: the browser ignores it, a dead connection fails on it. */
    private static final Set<DataWithMediaType> HEARTBEAT = SseEmitter.event().comment("").build();

    private final CredentialCheck credentials;
    private final ApplicationEventPublisher events;
    private final int perAccount;
    private final int inAll;
    private final Duration timeout;
    private final int buffer;
    private final Duration reconnect;

    private final Map<String, List<Stream>> watchers = new ConcurrentHashMap<>();
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final Map<Long, Integer> openPerAccount = new HashMap<>();
    private int open;
    private long lastWarned = System.nanoTime() - TimeUnit.HOURS.toNanos(1);
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong revoked = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final ThreadPoolExecutor sender;
    private final ScheduledExecutorService heartbeat;

    LiveBroadcast(CredentialCheck credentials, ApplicationEventPublisher events,
                  @Value("${meterkast.live.max-streams-per-account:8}") int perAccount,
                  @Value("${meterkast.live.max-streams:200}") int inAll,
                  @Value("${meterkast.live.stream-timeout:30m}") Duration timeout,
                  @Value("${meterkast.live.buffer:16}") int buffer,
                  @Value("${meterkast.live.heartbeat:20s}") Duration heartbeatEvery,
                  @Value("${meterkast.live.senders:4}") int senders,
                  @Value("${meterkast.live.reconnect:10s}") Duration reconnect) {
        this.credentials = credentials;
        this.events = events;
        this.perAccount = perAccount;
        this.inAll = inAll;
        this.timeout = timeout;
        this.buffer = buffer;
        this.reconnect = reconnect;
        AtomicInteger number = new AtomicInteger();
        // each stream waits in the queue at most once at a time, so the queue never holds more than the streams; an
        // array, so that queueing a stream allocates nothing on the meter's thread
        this.sender = new ThreadPoolExecutor(senders, senders, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, inAll)), r -> daemon(r, "live-sse-" + number.incrementAndGet()));
        sender.prestartAllCoreThreads();
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "live-heartbeat"));
        // the credentials are checked at each beat: a revoked token must not stream on for long, whatever is set
        long every = Math.max(1, Math.min(heartbeatEvery.toMillis(), 30_000));
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * A new stream of the meter for an account, signed in by that credential; it lasts until the browser leaves,
     * the stream times out, its buffer overflows, its credential no longer holds or the server stops. Refused with
     * 429 when the account has its maximum of streams open, 503 when the server has.
     */
    SseEmitter watch(String meter, long account, Credential credential) {
        reserve(account);
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Stream stream = new Stream(meter, account, credential, emitter);
        emitter.onCompletion(stream::finished);
        emitter.onTimeout(() -> {
            if (stream.close(Ending.TIMED_OUT)) {
                timedOut.incrementAndGet();
            }
            // ends the response cleanly (the browser reconnects) instead of a timeout error
            stream.complete();
        });
        emitter.onError(e -> stream.close(Ending.GONE));
        streams.add(stream);
        watchers.computeIfAbsent(meter, m -> new CopyOnWriteArrayList<>()).add(stream);
        tell(new LiveWatch(meter, true));
        // how long a browser waits before it comes back after the stream ended; no event is dispatched for it
        stream.offer(SseEmitter.event().reconnectTime(reconnect.toMillis()).build());
        return emitter;
    }

    /** Tells who follows the watched meters (fleet mode); their failure must not touch the streams. */
    private void tell(LiveWatch watch) {
        try {
            events.publishEvent(watch);
        } catch (RuntimeException e) {
            log.warn("live: telling that {} failed", watch, e);
        }
    }

    private synchronized void reserve(long account) {
        if (open >= inAll) {
            long count = refused.incrementAndGet();
            long now = System.nanoTime();
            // once a minute at most: a flood of refusals must not flood the log
            if (now - lastWarned > TimeUnit.MINUTES.toNanos(1)) {
                lastWarned = now;
                log.warn("live stream refused: {} streams open, the most the server serves "
                        + "(meterkast.live.max-streams); {} refused since the start", open, count);
            }
            throw new Refused(HttpStatus.SERVICE_UNAVAILABLE, "error.live.server-streams", inAll);
        }
        int mine = openPerAccount.getOrDefault(account, 0);
        if (mine >= perAccount) {
            refused.incrementAndGet();
            log.debug("live stream refused: account {} has {} open (meterkast.live.max-streams-per-account)",
                    account, mine);
            throw new Refused(HttpStatus.TOO_MANY_REQUESTS, "error.live.account-streams", perAccount);
        }
        openPerAccount.put(account, mine + 1);
        open++;
    }

    private synchronized void release(long account) {
        openPerAccount.computeIfPresent(account, (a, n) -> n <= 1 ? null : n - 1);
        open--;
    }

    void send(String meter, LiveSummary summary) {
        send(meter, "telegram", summary);
    }

    /** The inverter's reading, as event {@code solar} on the same stream. */
    void sendSolar(String meter, SolarSummary summary) {
        send(meter, "solar", summary);
    }

    private void send(String meter, String event, Object summary) {
        List<Stream> list = watchers.get(meter);
        if (list == null || list.isEmpty()) {
            return;
        }
        // built once and shared: the meter's thread allocates nothing per stream
        Set<DataWithMediaType> frame = SseEmitter.event().name(event).data(summary, MediaType.APPLICATION_JSON)
                .build();
        for (Stream stream : list) {
            if (!stream.offer(frame) && stream.close(Ending.DROPPED)) {
                dropped.incrementAndGet();
            }
        }
    }

    /** The heartbeat: each stream's credential is asked once per beat (once per credential), then a comment sent. */
    private void beat() {
        try {
            Map<Credential, Boolean> holds = new HashMap<>();
            for (Stream stream : streams) {
                boolean valid;
                try {
                    valid = holds.computeIfAbsent(stream.credential, credentials::holds);
                } catch (RuntimeException e) {
                    // the database is busy or away: keep the stream, ask again at the next beat
                    log.debug("live stream credential not checked: {}", e.toString());
                    valid = true;
                }
                if (!valid) {
                    if (stream.close(Ending.REVOKED)) {
                        revoked.incrementAndGet();
                    }
                } else if (!stream.offer(HEARTBEAT) && stream.close(Ending.DROPPED)) {
                    dropped.incrementAndGet();
                }
            }
        } catch (RuntimeException e) {
            log.warn("live heartbeat failed", e);
        }
    }

    /** Streams open now (including dropped ones whose connection has not ended yet). */
    synchronized int open() {
        return open;
    }

    LiveStreamCounts counts() {
        return new LiveStreamCounts(open(), refused(), dropped(), revoked(), timedOut());
    }

    /** Streams refused since the start, per account or in all. */
    long refused() {
        return refused.get();
    }

    /** Streams dropped since the start because their browser did not read. */
    long dropped() {
        return dropped.get();
    }

    /** Streams ended since the start because their token was revoked or their session ended. */
    long revoked() {
        return revoked.get();
    }

    /** Streams ended since the start by their time limit. */
    long timedOut() {
        return timedOut.get();
    }

    /**
     * Ends every stream before the web server shuts down, so a graceful shutdown does not wait for browsers that
     * would never leave by themselves.
     */
    @EventListener(ContextClosedEvent.class)
    void closing() {
        for (Stream stream : streams) {
            stream.close(Ending.SHUTDOWN);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (open() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.info("live streams closed for shutdown: {} still open; since the start {} refused, {} dropped, "
                + "{} revoked, {} timed out", open(), refused(), dropped(), revoked(), timedOut());
    }

    @Override
    public void destroy() {
        heartbeat.shutdownNow();
        sender.shutdownNow();
    }

    /** A stream refused: the account (429) or the server (503) has its maximum open; the text's key and limit. */
    static final class Refused extends RuntimeException {
        final HttpStatus status;
        final String code;
        final int limit;

        Refused(HttpStatus status, String code, int limit) {
            super(status.value() + " " + code, null, false, false);
            this.status = status;
            this.code = code;
            this.limit = limit;
        }
    }

    /** Why a stream ends. */
    private enum Ending { GONE, TIMED_OUT, DROPPED, REVOKED, SHUTDOWN }

    /**
     * One browser's stream: its buffer, and the sender's work on it. It is queued on the sender at most once at a
     * time, and only its sender task writes to or completes the emitter, so a stuck write holds up no one else.
     */
    private final class Stream implements Runnable {
        private final String meter;
        private final long account;
        private final Credential credential;
        private final SseEmitter emitter;
        private final ArrayBlockingQueue<Set<DataWithMediaType>> frames = new ArrayBlockingQueue<>(buffer);
        private final AtomicBoolean queued = new AtomicBoolean();
        private final AtomicReference<Ending> ending = new AtomicReference<>();
        private final AtomicBoolean released = new AtomicBoolean();

        Stream(String meter, long account, Credential credential, SseEmitter emitter) {
            this.meter = meter;
            this.account = account;
            this.credential = credential;
            this.emitter = emitter;
        }

        /** Offers a frame without waiting; false when the buffer is full. */
        boolean offer(Set<DataWithMediaType> frame) {
            if (ending.get() != null) {
                return true;
            }
            if (!frames.offer(frame)) {
                return false;
            }
            schedule();
            return true;
        }

        /** Ends the stream for this reason (the sender completes it); false if it was ending already. */
        boolean close(Ending why) {
            if (!ending.compareAndSet(null, why)) {
                return false;
            }
            List<Stream> list = watchers.get(meter);
            if (list != null) {
                list.remove(this);
            }
            if (why == Ending.GONE) {
                finished();
            } else {
                schedule();
            }
            return true;
        }

        private void schedule() {
            if (queued.compareAndSet(false, true)) {
                try {
                    sender.execute(this);
                } catch (RejectedExecutionException e) {
                    // shutting down: the container ends the response
                    queued.set(false);
                }
            }
        }

        @Override
        public void run() {
            for (int written = 0; ; written++) {
                if (written == buffer) {
                    // a full buffer's worth at a time, then the other streams waiting for a sender have their turn
                    queued.set(false);
                    schedule();
                    return;
                }
                if (ending.get() != null) {
                    frames.clear();
                    complete();
                    return;
                }
                Set<DataWithMediaType> frame = frames.poll();
                if (frame == null) {
                    queued.set(false);
                    // an offer or a close between the poll and here found the stream still queued: take it up
                    if ((frames.isEmpty() && ending.get() == null) || !queued.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                try {
                    emitter.send(frame);
                } catch (IOException | IllegalStateException e) {
                    // the browser went away (or the response ended): forget it, the others still get the summary
                    close(Ending.GONE);
                    finished();
                    return;
                }
            }
        }

        /** Ends the response; harmless when it ended already. */
        void complete() {
            try {
                emitter.complete();
            } catch (RuntimeException e) {
                // the response is gone already
            }
            finished();
        }

        /** The stream is over: it no longer counts towards the limits. */
        void finished() {
            ending.compareAndSet(null, Ending.GONE);
            if (released.compareAndSet(false, true)) {
                List<Stream> list = watchers.get(meter);
                if (list != null) {
                    list.remove(this);
                }
                streams.remove(this);
                frames.clear();
                release(account);
                tell(new LiveWatch(meter, false));
            }
        }
    }
}
