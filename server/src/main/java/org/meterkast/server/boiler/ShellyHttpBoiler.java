package org.meterkast.server.boiler;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.meterkast.energy.device.BoilerPort;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.Power;
import org.meterkast.server.device.HostCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A boiler switched by a Shelly Gen2 relay over its local HTTP RPC API: a read asks {@code
 * /rpc/Switch.GetStatus?id=<switch>} and {@code /rpc/Temperature.GetStatus?id=<probe>} at once and waits for both at
 * most its timeout; {@link #switchOn} is {@code /rpc/Switch.Set?id=<switch>&on=true|false}. A read within the poll
 * interval of the last one answers the same reading without asking again, so a loop woken by every telegram does
 * not ask the device every second. An error answer ({@code {"code":-105,"message":…}}) or none in time is a
 * DeviceException; an error the relay or probe reports in its status (overtemp, a probe that reads nothing) is a
 * reading in ERROR. Shelly's optional digest authentication is not supported: the device's own password must be
 * off. Every read and switch asks its {@link HostCheck} where to connect: a relay entered in the app is reached at
 * the address its host resolves to then, once allowed, and an answer that is not the RPC's is not quoted in the
 * error (the household sees that error). Thread-safe.
 */
final class ShellyHttpBoiler implements BoilerPort {
    private static final Logger log = LoggerFactory.getLogger(ShellyHttpBoiler.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String address;
    private final URI base;
    private final ShellyComponents components;
    private final Duration poll;
    private final Duration timeout;
    private final Clock clock;
    private final HostCheck hosts;
    private final HttpClient http;
    // guarded by this
    private BoilerReading last;
    private Instant lastAt;
    private long learnedWatts;
    private boolean closed;

    ShellyHttpBoiler(String address, ShellyComponents components, Duration poll, Duration timeout, Clock clock,
                     HostCheck hosts) {
        this.address = Objects.requireNonNull(address, "address");
        this.base = URI.create("http://" + address);
        if (base.getHost() == null) {
            throw new IllegalArgumentException("'" + address + "' is not HOST or HOST:PORT");
        }
        this.components = Objects.requireNonNull(components, "components");
        this.poll = Objects.requireNonNull(poll, "poll");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String describe() {
        return "Shelly HTTP " + address + " switch " + components.switchId()
                + components.temperatureId().stream().mapToObj(id -> " probe " + id).findFirst().orElse("");
    }

    @Override
    public BoilerReading read() throws DeviceException {
        Instant now = clock.instant();
        synchronized (this) {
            if (closed) {
                throw new DeviceException(describe() + ": closed");
            }
            if (last != null && now.isBefore(lastAt.plus(poll))) {
                return last;
            }
        }
        URI target = target();
        CompletableFuture<JsonNode> relay = call(target, "Switch.GetStatus", "id=" + components.switchId());
        CompletableFuture<JsonNode> probe = components.temperatureId().isPresent()
                ? call(target, "Temperature.GetStatus", "id=" + components.temperatureId().getAsInt())
                : CompletableFuture.completedFuture(null);
        await(CompletableFuture.allOf(relay, probe), relay, probe);
        ShellyStatus.Switch sw = ShellyStatus.Switch.parse(relay.join(), describe() + " Switch.GetStatus");
        ShellyStatus.Temperature t = probe.join() == null ? null
                : ShellyStatus.Temperature.parse(probe.join(), describe() + " Temperature.GetStatus");
        synchronized (this) {
            if (sw.output() && sw.watts().isPresent()) {
                learnedWatts = Math.max(learnedWatts, Math.round(sw.watts().getAsDouble()));
            }
            BoilerReading reading = ShellyStatus.reading(now, sw, t, ratedPower());
            if (reading.status() == BoilerStatus.ERROR && (last == null || last.status() != BoilerStatus.ERROR)) {
                log.warn("{}: reports {}", describe(), ShellyStatus.faults(sw, t));
            }
            last = reading;
            lastAt = now;
            return reading;
        }
    }

    @Override
    public void switchOn(boolean on) throws DeviceException {
        synchronized (this) {
            if (closed) {
                throw new DeviceException(describe() + ": closed");
            }
        }
        CompletableFuture<JsonNode> set = call(target(), "Switch.Set", "id=" + components.switchId() + "&on=" + on);
        await(set, set);
        synchronized (this) {
            last = null;    // the next read asks the device what the relay did
        }
    }

    /** The rated power given, else the most the element was seen to draw while the relay was on (0 until then). */
    @Override
    public synchronized Power ratedPower() {
        return Power.ofWatts(components.ratedWatts().orElse(learnedWatts));
    }

    /**
     * Where to send this time: the address as written for a relay of the properties; for one entered in the app the
     * address its host resolves to now, when allowed, else a DeviceException and nothing is sent.
     */
    private URI target() throws DeviceException {
        if (hosts == HostCheck.NONE) {
            return base;
        }
        String host = base.getHost();
        String address;
        try {
            address = hosts.connectTo(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (DeviceException e) {
            throw new DeviceException(describe() + ": " + e.getMessage());
        }
        String literal = address.contains(":") ? "[" + address.replace("%", "%25") + "]" : address;
        return URI.create("http://" + literal + (base.getPort() < 0 ? "" : ":" + base.getPort()));
    }

    /** One RPC as a GET to {@code target}; the answer's body as JSON, or a DeviceException for an error answer. */
    private CompletableFuture<JsonNode> call(URI target, String method, String query) {
        HttpRequest request = HttpRequest.newBuilder(target.resolve("/rpc/" + method + "?" + query)).timeout(timeout)
                .header("Accept", "application/json").GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            try {
                return answer(method, response.statusCode(), response.body());
            } catch (DeviceException e) {
                throw new CompletionException(e);
            }
        });
    }

    private JsonNode answer(String method, int status, String body) throws DeviceException {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JacksonException e) {
            json = null;
        }
        if (status == 200 && json != null && json.isObject()) {
            return json;
        }
        if (json != null && json.isObject() && json.has("code")) {
            // Shelly's error answer: {"code":-105,"message":"Argument 'id', value 3 not found!"}
            throw new DeviceException(describe() + ": " + method + " answered error " + json.path("code")
                    + ": " + json.path("message").asString(""));
        }
        if (hosts != HostCheck.NONE) {
            // whatever answers at a household's address is not echoed to the household
            throw new DeviceException(describe() + ": " + method + " answered HTTP " + status + " with "
                    + (body == null ? 0 : body.length()) + " characters that are not a Shelly RPC answer",
                    status == 200);
        }
        String start = body == null ? "" : body.length() > 60 ? body.substring(0, 60) + "…" : body;
        throw new DeviceException(describe() + ": " + method + " answered HTTP " + status + " '" + start + "'",
                status == 200);
    }

    private void await(CompletableFuture<?> all, CompletableFuture<?>... each) throws DeviceException {
        try {
            all.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            for (CompletableFuture<?> f : each) {
                f.cancel(true);
            }
            throw new DeviceException(describe() + ": no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(describe() + ": interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause()
                    : e.getCause();
            if (cause instanceof DeviceException d) {
                throw d;
            }
            if (cause instanceof HttpTimeoutException) {
                throw new DeviceException(describe() + ": no answer within " + timeout.toMillis() + " ms", cause);
            }
            if (cause instanceof IOException) {
                throw new DeviceException(describe() + ": " + explain(cause), cause);
            }
            throw new DeviceException(describe() + ": " + explain(cause), cause);
        }
    }

    private static String explain(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    @Override
    public synchronized void close() {
        closed = true;
        last = null;
    }
}
