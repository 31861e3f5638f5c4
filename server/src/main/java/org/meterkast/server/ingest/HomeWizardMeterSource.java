package org.meterkast.server.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.meterkast.p1.P1FormatException;
import org.meterkast.p1.Rejection;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramFramer;
import org.meterkast.p1.stream.Backoff;
import org.meterkast.p1.stream.ByteTap;
import org.meterkast.p1.stream.TelegramDecoder;
import org.meterkast.p1.stream.TelegramListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A HomeWizard Wi-Fi P1 meter, asked for the last telegram it read over its local API v1
 * ({@code GET http://<address>/api/v1/telegram}, the raw telegram as text). The dongle answers with the same
 * telegram until the meter sends the next one, so a body equal to the one before is not delivered again.
 *
 * <p>A request that fails (no connection, no answer in time, a status other than 200, a body without a valid
 * telegram) is reported as {@link TelegramListener#onOpenFailed} and tried again after a back-off of 1 s doubling
 * up to 60 s; the first answer holding a telegram brings back the normal poll. What the framer saw in a body
 * without a valid telegram (a bad CRC, a cut-off frame) is reported as well, as from any other source.
 */
final class HomeWizardMeterSource implements MeterSource {
    private static final Logger log = LoggerFactory.getLogger(HomeWizardMeterSource.class);
    static final String TELEGRAM_PATH = "/api/v1/telegram";
    /** A telegram is well under the framer's 8 KiB; a body twice that is something else (a login page, say). */
    private static final int MAX_BODY_BYTES = 2 * TelegramFramer.DEFAULT_MAX_FRAME_BYTES;
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    /** How the source polls and backs off; tests shorten the waits. */
    record Timing(Duration poll, Duration timeout, Duration initialBackoff, Duration maxBackoff) {
        static Timing polling(Duration poll) {
            return new Timing(poll, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(60));
        }

        Timing {
            Objects.requireNonNull(poll, "poll");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
        }
    }

    private final String meter;
    private final URI uri;
    private final Timing timing;
    private final boolean allowMissingCrc;
    private final HttpClient http;
    private final CountDownLatch closeSignal = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile CompletableFuture<?> inFlight;
    private Thread thread;
    private volatile ByteTap tap;

    /** Where a request goes: the URI as configured, or (for a source added in the app) its host checked again. */
    @FunctionalInterface
    interface Target {
        URI of(URI uri) throws IOException;
    }

    private final Target target;

    HomeWizardMeterSource(String meter, URI uri, Timing timing, boolean allowMissingCrc) {
        this(meter, uri, timing, allowMissingCrc, u -> u);
    }

    HomeWizardMeterSource(String meter, URI uri, Timing timing, boolean allowMissingCrc, Target target) {
        this.target = Objects.requireNonNull(target, "target");
        this.meter = Objects.requireNonNull(meter, "meter");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.allowMissingCrc = allowMissingCrc;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timing.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    static HomeWizardMeterSource of(String name, MeterSettings settings) {
        return new HomeWizardMeterSource(name, telegramUri(settings.address()), Timing.polling(settings.poll()),
                settings.allowMissingCrc());
    }

    /** A HomeWizard P1 meter given in the app: every request goes to its host's address, checked again. */
    static HomeWizardMeterSource added(String name, MeterSettings settings, AddedSourceNetworks networks) {
        return new HomeWizardMeterSource(name, telegramUri(settings.address()), Timing.polling(settings.poll()),
                settings.allowMissingCrc(), networks::checked);
    }

    /**
     * The telegram URL of a dongle: {@code 192.168.1.60} and {@code p1meter.local:80} become
     * {@code http://<that>/api/v1/telegram}; a base URL such as {@code http://192.168.1.60} has the path added,
     * unless it already ends in it.
     *
     * @throws IllegalArgumentException saying what is wrong with the address
     */
    static URI telegramUri(String address) {
        String text = Objects.requireNonNull(address, "address").strip();
        String url = text.contains("://") ? text : "http://" + text;
        URI base;
        try {
            base = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + address + "' is not a host name, an address or a URL: "
                    + e.getMessage(), e);
        }
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("'" + address + "': the URL must start with http:// or https://");
        }
        if (base.getHost() == null) {
            throw new IllegalArgumentException("'" + address + "' names no host, e.g. 192.168.1.60");
        }
        if (base.getRawQuery() != null || base.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + address + "': give the dongle's address without ? or #");
        }
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.endsWith(TELEGRAM_PATH)) {
            path = path + TELEGRAM_PATH;
        }
        return URI.create(scheme + "://" + base.getRawAuthority() + path);
    }

    @Override
    public String describe() {
        return uri.toString();
    }

    @Override
    public synchronized void start(TelegramListener listener) {
        if (thread != null) {
            throw new IllegalStateException("meter '" + meter + "': " + describe() + " is already being read");
        }
        Objects.requireNonNull(listener, "listener");
        thread = new Thread(() -> poll(listener), "meter-" + meter);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void capture(ByteTap tap) {
        this.tap = tap;
    }

    private void poll(TelegramListener listener) {
        Held held = new Held();
        TelegramDecoder decoder = new TelegramDecoder(held, TelegramFramer.DEFAULT_MAX_FRAME_BYTES, allowMissingCrc);
        decoder.tap(tap);       // the bodies decoded: a repeated one is neither decoded nor captured again
        byte[] lastBody = null;
        boolean answering = false;
        Backoff backoff = new Backoff(timing.initialBackoff(), timing.maxBackoff());
        try {
            while (!closed) {
                long started = System.nanoTime();
                Duration pause;
                try {
                    byte[] body = fetch();
                    boolean fresh = !Arrays.equals(body, lastBody);
                    int telegrams = fresh ? decoder.acceptMessage(body) : 0;
                    if (!fresh || telegrams > 0) {
                        // a telegram, new or seen before: the dongle is answering, then comes what it sent
                        if (!answering && !closed) {
                            answering = true;
                            listener.onConnected(describe());
                        }
                        held.deliverTo(listener);
                        lastBody = body;
                    } else {
                        held.deliverTo(listener);
                        throw new IOException(uri + " answered 200 but its body holds no valid P1 telegram: "
                                + preview(body));
                    }
                    backoff.reset();
                    pause = timing.poll().minusNanos(System.nanoTime() - started);
                } catch (IOException e) {
                    if (closed) {
                        return;
                    }
                    answering = false;
                    listener.onOpenFailed(e, backoff.current());
                    pause = backoff.failed();
                }
                if (!pause.isNegative() && !pause.isZero()
                        && closeSignal.await(pause.toNanos(), TimeUnit.NANOSECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // close() cancelled the request in flight, or the thread was interrupted: stop either way
        } catch (RuntimeException e) {
            log.error("meter '{}': polling {} stopped", meter, describe(), e);
        }
    }

    /** The body of a 200 answer; any other outcome is an IOException whose message names the URL. */
    private byte[] fetch() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target.of(uri)).timeout(timing.timeout())
                .header("Accept", "text/plain").GET().build();
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(request, info -> new BoundedBody());
        inFlight = call;
        if (closed) {
            call.cancel(true);
        }
        HttpResponse<byte[]> response;
        try {
            // the request's own timeout ends at the headers; this one bounds the body too
            response = call.get(timing.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new IOException("no answer from " + uri + " within " + timing.timeout().toMillis() + " ms", e);
        } catch (CancellationException e) {
            throw new InterruptedException("closed");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException) {
                throw new IOException("cannot reach " + uri + ": no connection within "
                        + timing.timeout().toMillis() + " ms", cause);
            }
            if (cause instanceof HttpTimeoutException) {
                throw new IOException("no answer from " + uri + " within " + timing.timeout().toMillis() + " ms",
                        cause);
            }
            if (cause instanceof ConnectException) {
                throw new IOException("cannot reach " + uri + ": connection refused or no route to host", cause);
            }
            throw new IOException("cannot read " + uri + ": " + cause, cause);
        } finally {
            inFlight = null;
        }
        byte[] body = response.body();
        int status = response.statusCode();
        if (status != 200) {
            throw new IOException(uri + " answered " + status + statusHint(status) + "; body: " + preview(body));
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new IOException(uri + " answered with more than " + MAX_BODY_BYTES
                    + " bytes, which is no P1 telegram: " + preview(body));
        }
        return body;
    }

    private static String statusHint(int status) {
        return switch (status) {
            case 403 -> " Forbidden: is the local API switched on in the HomeWizard Energy app "
                    + "(Settings, Meters, this meter, Local API)?";
            case 404 -> " Not Found: is this a HomeWizard P1 meter, with firmware that serves " + TELEGRAM_PATH + "?";
            case 503 -> " Service Unavailable: the dongle is busy or has no telegram from the meter yet";
            default -> "";
        };
    }

    /** The start of a body, printable, for a message. */
    static String preview(byte[] body) {
        if (body.length == 0) {
            return "(empty)";
        }
        String text = new String(body, 0, Math.min(body.length, 60), StandardCharsets.ISO_8859_1);
        StringBuilder shown = new StringBuilder("'");
        for (char c : text.toCharArray()) {
            shown.append(c >= 0x20 && c < 0x7F ? c : c == '\r' ? "\\r" : c == '\n' ? "\\n" : "?");
        }
        return shown.append(body.length > 60 ? "…' (" + body.length + " bytes)" : "'").toString();
    }

    @Override
    public void close() {
        Thread polling;
        synchronized (this) {
            closed = true;
            closeSignal.countDown();
            polling = thread;
        }
        CompletableFuture<?> call = inFlight;
        if (call != null) {
            call.cancel(true);
        }
        if (polling == null) {
            return;
        }
        try {
            polling.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (polling.isAlive()) {
            log.warn("meter '{}': polling {} did not stop within {}", meter, describe(), STOP_WAIT);
        }
    }

    /** Collects a body up to one byte past the bound, then stops reading: enough to tell it is too long. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int n = Math.min(buffer.remaining(), MAX_BODY_BYTES + 1 - bytes.size());
                byte[] chunk = new byte[n];
                buffer.get(chunk);
                bytes.write(chunk, 0, n);
            }
            if (bytes.size() > MAX_BODY_BYTES) {
                subscription.cancel();
                body.complete(bytes.toByteArray());
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }

    /**
     * Holds what the decoder made of one body until the poll loop knows whether the body held a telegram, so that
     * the listener hears "connected" before the telegram; nothing is passed on once the source is closed.
     */
    private final class Held implements TelegramListener {
        private final List<Consumer<TelegramListener>> events = new ArrayList<>();

        void deliverTo(TelegramListener listener) {
            try {
                for (Consumer<TelegramListener> event : events) {
                    if (closed) {
                        return;
                    }
                    event.accept(listener);
                }
            } finally {
                events.clear();
            }
        }

        @Override
        public void onTelegram(Telegram telegram) {
            events.add(l -> l.onTelegram(telegram));
        }

        @Override
        public void onRejected(Rejection reason, String detail) {
            events.add(l -> l.onRejected(reason, detail));
        }

        @Override
        public void onParseError(P1FormatException error) {
            events.add(l -> l.onParseError(error));
        }
    }
}
