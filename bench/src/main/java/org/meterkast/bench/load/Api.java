package org.meterkast.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The server's JSON API over the JDK's HTTP client, one request at a time, signed in with an API token of an account
 * that holds the meter the driver reads ({@code Authorization: Bearer mk_…}, as an integration would call it).
 */
final class Api {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;

    private Api(String base, String token) {
        this.base = base;
        this.authorization = "Bearer " + token;
    }

    /**
     * The API as the demo account, which holds the simulated household's meter: logs in with the credentials
     * {@code GET /api/demo} shows (waiting until it shows them, as the demo account is made once the server has
     * started) and creates an API token.
     */
    static Api asDemo(int port) {
        Login login = demoLogin(port);
        return new Api(login.base, login.token());
    }

    /** A browser session of the demo account, as its session cookie's value (for a real browser to use). */
    static String demoSession(int port) {
        String session = demoLogin(port).cookies.get("SESSION");
        if (session == null) {
            throw new IllegalStateException("the demo login set no SESSION cookie");
        }
        return session;
    }

    /** Logs in as the demo account, waiting until {@code GET /api/demo} shows its login. */
    private static Login demoLogin(int port) {
        Login login = new Login(port);
        String demo;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while ((demo = login.get("/api/demo")).isBlank() || !demo.contains("\"email\"")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("GET /api/demo shows no demo login after 2 minutes: '" + demo + "'");
            }
            ServerProcess.sleep(100);
        }
        login.post("/api/account/login", "{\"email\":" + quoted(text(demo, "email")) + ",\"password\":"
                + quoted(text(demo, "password")) + "}", 200);
        return login;
    }

    /**
     * The API as a newly registered account with one address, which shows {@code meter} (a meter the server reads
     * that no address shows yet), and an API token of that account.
     */
    static Api asNewAccountHolding(int port, String meter) {
        Login login = new Login(port);
        String email = "bench-" + UUID.randomUUID() + "@meterkast.local";
        login.post("/api/account/register", "{\"email\":" + quoted(email) + ",\"password\":"
                + quoted(UUID.randomUUID().toString()) + ",\"name\":\"Bench\",\"language\":\"en\"}", 201);
        String address = "{\"name\":\"Bench\",\"source\":\"configured\",\"meter\":" + quoted(meter) + "}";
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        HttpResponse<String> added;
        // the meter can be taken once the server has registered it
        while ((added = login.tryPost("/api/locations", address)).statusCode() != 201) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("POST /api/locations: " + added.statusCode() + " " + added.body());
            }
            ServerProcess.sleep(100);
        }
        return new Api(login.base, login.token());
    }

    /** The API as a newly registered account (the first on a fresh server is its administrator). */
    static Api asRegistered(int port) {
        Login login = new Login(port);
        String email = "bench-" + UUID.randomUUID() + "@meterkast.local";
        login.post("/api/account/register", "{\"email\":" + quoted(email) + ",\"password\":"
                + quoted(UUID.randomUUID().toString()) + ",\"name\":\"Bench\",\"language\":\"en\"}", 201);
        return new Api(login.base, login.token());
    }

    String base() {
        return base;
    }

    HttpClient client() {
        return client;
    }

    /** The {@code Authorization} header's value every request sends. */
    String authorization() {
        return authorization;
    }

    /** The body of a GET answered 200; anything else fails with the status and body. */
    String get(String path) {
        HttpResponse<String> response = send(path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** The body of a request with a body, answered with the expected status; anything else fails. */
    String send(String method, String path, String contentType, String body, int expected) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    HttpResponse<String> send(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The first whole-number field of this name in a JSON text; -1 if there is none. */
    static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\":(-?\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** How many times a field occurs: the length of a JSON list of objects that all have it. */
    static int count(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\":").matcher(json);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The first string field of this name in a JSON text; fails if there is none. */
    static String text(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no '" + field + "' in " + json);
        }
        return m.group(1);
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * A browser-like session for signing in: keeps the cookies the server sets, and sends the CSRF cookie's value
     * back as the X-XSRF-TOKEN header with each POST, as the web app does.
     */
    private static final class Login {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;
        private final Map<String, String> cookies = new LinkedHashMap<>();

        Login(int port) {
            this.base = "http://127.0.0.1:" + port;
        }

        String get(String path) {
            HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(base + path)).GET());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": " + response.statusCode() + " " + response.body());
            }
            return response.body();
        }

        String post(String path, String json, int expected) {
            HttpResponse<String> response = tryPost(path, json);
            if (response.statusCode() != expected) {
                throw new IllegalStateException("POST " + path + ": " + response.statusCode() + " " + response.body());
            }
            return response.body();
        }

        HttpResponse<String> tryPost(String path, String json) {
            if (!cookies.containsKey("XSRF-TOKEN")) {
                get("/api/session");                    // sets the CSRF cookie
            }
            String csrf = cookies.get("XSRF-TOKEN");
            if (csrf == null) {
                throw new IllegalStateException("GET /api/session set no XSRF-TOKEN cookie");
            }
            return exchange(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .header("X-XSRF-TOKEN", csrf).POST(HttpRequest.BodyPublishers.ofString(json)));
        }

        /** A new API token of the signed-in account. */
        String token() {
            return text(post("/api/account/tokens", "{\"name\":\"bench\"}", 201), "token");
        }

        private HttpResponse<String> exchange(HttpRequest.Builder request) {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                        .collect(Collectors.joining("; ")));
            }
            try {
                HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString());
                for (String header : response.headers().allValues("Set-Cookie")) {
                    String pair = header.split(";", 2)[0];
                    int eq = pair.indexOf('=');
                    String name = pair.substring(0, eq).strip();
                    String value = pair.substring(eq + 1).strip();
                    boolean expired = header.toLowerCase(Locale.ROOT).contains("max-age=0");
                    if (value.isEmpty() || expired) {
                        cookies.remove(name);
                    } else {
                        cookies.put(name, value);
                    }
                }
                return response;
            } catch (IOException e) {
                throw new UncheckedIOException(request.build().method() + " " + request.build().uri(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
