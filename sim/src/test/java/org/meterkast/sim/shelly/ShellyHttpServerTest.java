package org.meterkast.sim.shelly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meterkast.sim.BoilerTankSettings;
import org.meterkast.sim.ev.Json;

/** The simulated Shelly over its HTTP RPC channel, with the JDK's HTTP client on a real socket. */
class ShellyHttpServerTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-10T11:00:00Z"));
    private final ShellyBoiler boiler = new ShellyBoiler("shellyplus1pm-a8032ab1c2d3", BoilerTankSettings.DEFAULT, 45,
            null, clock);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ShellyHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = ShellyHttpServer.start(boiler, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void getSwitchesTheRelayAndReadsItsStatusAndTheTank() throws Exception {
        HttpResponse<String> set = get("/rpc/Switch.Set?id=0&on=true");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(Json.parse(set.body())).isEqualTo(Map.of("was_on", false));
        clock.advance(Duration.ofMinutes(1));
        Map<?, ?> status = (Map<?, ?>) Json.parse(get("/rpc/Switch.GetStatus?id=0").body());
        assertThat(status.get("output")).isEqualTo(true);
        assertThat(status.get("apower").toString()).isEqualTo("2400.0");
        // one minute at 2.4 kW: 40 Wh
        assertThat(((Map<?, ?>) status.get("aenergy")).get("total").toString()).isEqualTo("40.000");
        Map<?, ?> t = (Map<?, ?>) Json.parse(get("/rpc/Temperature.GetStatus?id=100").body());
        // 40 Wh / 232.556 Wh/K = +0.172 K above 45 °C, less 0.005 K of loss
        assertThat(t.get("tC").toString()).isEqualTo("45.2");
        Map<?, ?> info = (Map<?, ?>) Json.parse(get("/rpc/Shelly.GetDeviceInfo").body());
        assertThat(info.get("id")).isEqualTo("shellyplus1pm-a8032ab1c2d3");
        assertThat(info.get("gen").toString()).isEqualTo("2");
    }

    @Test
    void postsParamsOrAWholeFrame() throws Exception {
        HttpResponse<String> params = post("/rpc/Switch.Set", "{\"id\":0,\"on\":true}");
        assertThat(Json.parse(params.body())).isEqualTo(Map.of("was_on", false));
        HttpResponse<String> frame = post("/rpc",
                "{\"id\":7,\"src\":\"meterkast\",\"method\":\"Switch.Set\",\"params\":{\"id\":0,\"on\":false}}");
        assertThat(frame.statusCode()).isEqualTo(200);
        Map<?, ?> response = (Map<?, ?>) Json.parse(frame.body());
        assertThat(response.get("id").toString()).isEqualTo("7");
        assertThat(response.get("src")).isEqualTo("shellyplus1pm-a8032ab1c2d3");
        assertThat(response.get("result")).isEqualTo(Map.of("was_on", true));
        assertThat(boiler.output()).isFalse();
    }

    @Test
    void anErrorIsShellysCodeAndMessage() throws Exception {
        HttpResponse<String> missing = get("/rpc/Switch.GetStatus?id=3");
        assertThat(missing.statusCode()).isEqualTo(500);
        Map<?, ?> error = (Map<?, ?>) Json.parse(missing.body());
        assertThat(error.get("code").toString()).isEqualTo("-105");
        assertThat(error.get("message")).isEqualTo("Argument 'id', value 3 not found!");
        assertThat(get("/rpc/Switch.Nothing?id=0").statusCode()).isEqualTo(404);
        HttpResponse<String> inFrame = post("/rpc", "{\"id\":1,\"src\":\"x\",\"method\":\"Temperature.GetStatus\","
                + "\"params\":{\"id\":101}}");
        assertThat(((Map<?, ?>) ((Map<?, ?>) Json.parse(inFrame.body())).get("error")).get("code").toString())
                .isEqualTo("-105");
    }

    @Test
    void aSilentDeviceHoldsTheRequestUnansweredUntilItSpeaksAgain() throws Exception {
        boiler.silent(true);
        HttpRequest request = HttpRequest.newBuilder(uri("/rpc/Switch.GetStatus?id=0"))
                .timeout(Duration.ofMillis(300)).build();
        long before = System.nanoTime();
        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
        boiler.silent(false);
        assertThat(get("/rpc/Switch.GetStatus?id=0").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
