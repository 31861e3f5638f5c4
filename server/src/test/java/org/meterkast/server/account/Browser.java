package org.meterkast.server.account;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A browser as the web app uses the API: it keeps cookies (the session and the XSRF-TOKEN) and sends the CSRF token
 * back as the X-XSRF-TOKEN header on every POST, PUT and DELETE, unless told not to.
 */
public final class Browser {
    /** An answer: status, body as JSON (null when empty) and one header. */
    public record Answer(int status, JsonNode json, HttpResponse<String> response) {
        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final CookieManager cookies;
    private final HttpClient http;
    private String language = "en";

    public Browser(int port) {
        this(port, new CookieManager());
    }

    private Browser(int port, CookieManager cookies) {
        this.base = "http://127.0.0.1:" + port;
        this.cookies = cookies;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The same browser (its cookies) talking to another server, as behind a load balancer. */
    public Browser on(int port) {
        return new Browser(port, cookies);
    }

    public Browser language(String language) {
        this.language = language;
        return this;
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), true);
    }

    public Answer get(String path, String authorization) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization).GET(), true);
    }

    public Answer post(String path, String json) {
        return send(body("POST", path, json), true);
    }

    public Answer postWithoutCsrf(String path, String json) {
        return send(body("POST", path, json), false);
    }

    /** A CSV file posted as the body, as the import API takes it. */
    public Answer upload(String path, byte[] csv) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(csv)), true);
    }

    public Answer put(String path, String json) {
        return send(body("PUT", path, json), true);
    }

    public Answer delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), true);
    }

    /**
     * Any call: a method, a body of a content type (none when null), what it accepts (JSON when null), with or
     * without the CSRF header, and an {@code Authorization} header when one is given.
     */
    public Answer call(String method, String path, String contentType, String content, String accept,
                       boolean withCsrf, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(java.time.Duration.ofSeconds(20)).method(method,
                content == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(content));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request, withCsrf, accept == null ? "application/json" : accept);
    }

    /** Opens the app's page first, as a browser does, so the session's cookies are there. */
    public Browser open() {
        get("/api/session");
        return this;
    }

    public String csrf() {
        return cookie("XSRF-TOKEN");
    }

    /** The value of a cookie the server set, or null. */
    public String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    private HttpRequest.Builder body(String method, String path, String json) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
    }

    private Answer send(HttpRequest.Builder request, boolean withCsrf) {
        return send(request, withCsrf, "application/json");
    }

    private Answer send(HttpRequest.Builder request, boolean withCsrf, String accept) {
        request.header("Accept-Language", language).header("Accept", accept);
        String token = csrf();
        if (withCsrf && token != null) {
            request.header("X-XSRF-TOKEN", token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode json = text == null || text.isBlank() || !text.strip().startsWith("{") && !text.strip().startsWith("[")
                    ? null : JSON.readTree(text);
            return new Answer(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
