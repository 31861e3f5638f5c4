package org.meterkast.sim.shelly;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.meterkast.sim.ev.Json;

/**
 * A {@link ShellyBoiler} on Shelly's local HTTP RPC channel (the JDK's HTTP server): {@code GET
 * /rpc/<Method>?id=0&on=true} (each query value read as JSON, as the device does, else as text), {@code POST
 * /rpc/<Method>} with the params as a JSON object, both answered with the result alone or, for an error, with
 * {@code {"code":…,"message":…}} and HTTP 500 (404 for a method it has no handler for); and {@code POST /rpc} with a
 * whole request frame, answered with a whole response frame ({@code id}, {@code src}, {@code result} or {@code
 * error}) and HTTP 200. No authentication: a Shelly's optional digest auth is not simulated. While the boiler is
 * {@linkplain ShellyBoiler#silent(boolean) silent} a request is held without an answer, and dropped undone when it
 * speaks again or the server closes, as by a device off the network.
 */
public final class ShellyHttpServer implements AutoCloseable {
    private static final Duration LONGEST_HOLD = Duration.ofMinutes(5);

    private final ShellyBoiler boiler;
    private final HttpServer server;
    private final ExecutorService threads;

    private ShellyHttpServer(ShellyBoiler boiler, HttpServer server, ExecutorService threads) {
        this.boiler = boiler;
        this.server = server;
        this.threads = threads;
    }

    /** Serves the boiler on {@code host}:{@code port} (0: a free port). */
    public static ShellyHttpServer start(ShellyBoiler boiler, String host, int port) throws IOException {
        Objects.requireNonNull(boiler, "boiler");
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "shelly-http-" + boiler.id());
            t.setDaemon(true);
            return t;
        });
        ShellyHttpServer shelly = new ShellyHttpServer(boiler, server, threads);
        server.createContext("/rpc", shelly::handle);
        server.setExecutor(threads);
        server.start();
        return shelly;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** What it serves: {@code Shelly shellyplus1pm-… on HTTP port 8081}. */
    public String describe() {
        return "Shelly " + boiler.id() + " (boiler relay) on HTTP port " + port();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (boiler.silent()) {
                // a request to a device off the network is never answered nor carried out: the client times out
                try {
                    boiler.awaitAnswering(LONGEST_HOLD);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/rpc") || path.equals("/rpc/")) {
                if (!method.equals("POST")) {
                    send(exchange, 405, Map.of("code", 405, "message", "POST a request frame to /rpc"));
                    return;
                }
                frame(exchange);
                return;
            }
            String rpc = path.substring("/rpc/".length());
            Map<String, Object> params;
            try {
                params = method.equals("POST") ? body(exchange) : query(exchange.getRequestURI().getRawQuery());
            } catch (Json.SyntaxException | ClassCastException e) {
                send(exchange, 400, Map.of("code", ShellyBoiler.INVALID_ARGUMENT, "message", "Bad params: "
                        + e.getMessage()));
                return;
            }
            try {
                send(exchange, 200, boiler.call(rpc, params, "HTTP_in"));
            } catch (ShellyBoiler.RpcError e) {
                send(exchange, e.code() == ShellyBoiler.NO_HANDLER ? 404 : 500, e.asJson());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void frame(HttpExchange exchange) throws IOException {
        Map<String, Object> request;
        try {
            request = (Map<String, Object>) Json.parse(text(exchange.getRequestBody()));
        } catch (Json.SyntaxException | ClassCastException e) {
            send(exchange, 400, Map.of("code", ShellyBoiler.INVALID_ARGUMENT, "message", "Bad request frame: "
                    + e.getMessage()));
            return;
        }
        send(exchange, 200, ShellyMqttDevice.answer(boiler, request, "HTTP_in"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(HttpExchange exchange) throws IOException {
        String text = text(exchange.getRequestBody()).strip();
        return text.isEmpty() ? Map.of() : (Map<String, Object>) Json.parse(text);
    }

    /** The query's arguments, each value read as JSON where it is JSON ({@code true}, {@code 0}), else as text. */
    static Map<String, Object> query(String rawQuery) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            Object parsed;
            try {
                parsed = Json.parse(value);
            } catch (Json.SyntaxException e) {
                parsed = value;
            }
            params.put(name, parsed);
        }
        return params;
    }

    private static String text(InputStream in) throws IOException {
        return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, Map<String, Object> json) throws IOException {
        byte[] body = Json.write(json).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops listening; requests held by a silent boiler are dropped without an answer. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
