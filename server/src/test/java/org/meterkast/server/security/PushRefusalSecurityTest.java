package org.meterkast.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramParser;
import org.meterkast.p1.TelegramWriter;
import org.meterkast.server.TestHousehold;
import org.meterkast.server.TestServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A pushed telegram the meter's clock check refuses is not answered 200 as if it were stored: the answer counts
 * what was taken and what was refused, and says why, with 422 when nothing was taken.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PushRefusalSecurityTest {
    static final String TOKEN = "logger-0123456789-abcdef";
    static final Path FOLDER;
    static final Telegram REAL;

    static {
        try (InputStream in = PushRefusalSecurityTest.class.getResourceAsStream(
                "/telegrams/fluvius-v217-ha-core-107813-1.txt")) {
            FOLDER = Files.createTempDirectory("meterkast-push-refusal");
            REAL = new TelegramParser().parse(in.readAllBytes());
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, FOLDER.resolve("meterkast.db"));
        TestServer.pushMeter(registry, "logger", TOKEN);
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    record Answer(int status, JsonNode body) {
    }

    /** The real telegram, stamped {@code at} (whole seconds, as a meter sends them). */
    private static byte[] stamped(Instant at) {
        return TelegramWriter.toBytes(REAL.toBuilder().timestamp(at.truncatedTo(ChronoUnit.SECONDS)).build());
    }

    private Answer push(String language, byte[]... telegrams) throws IOException, InterruptedException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] t : telegrams) {
            body.writeBytes(t);
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/meters/logger/telegrams"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "text/plain")
                .header("Accept-Language", language)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), json.readTree(response.body()));
    }

    private JsonNode counts() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/meters"))
                .header("Authorization", TestHousehold.bearer(context, "logger")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode m : json.readTree(response.body())) {
            if (m.get("id").asString().equals("logger")) {
                return m.get("counts");
            }
        }
        throw new AssertionError("no meter logger in " + response.body());
    }

    @Test
    void aTelegramAheadOfTheServersClockIsAnswered422WithWhy() throws Exception {
        long before = counts().get("clockRefused").asLong();
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

        Answer answer = push("en", stamped(tomorrow));

        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(422);
        assertThat(answer.body().get("telegrams").asInt()).isZero();
        assertThat(answer.body().get("refused").get("CLOCK_AHEAD").asInt()).isEqualTo(1);
        assertThat(answer.body().get("rejected").size()).isZero();
        assertThat(answer.body().get("error").asString()).startsWith("no telegram in the body was taken: 1 CLOCK_AHEAD; "
                + "the first was stamped " + tomorrow + ", and the server's clock says ")
                .endsWith("A telegram may be at most 10 minutes ahead of the server's clock and 7 days behind it: set "
                        + "the meter's, the data logger's or the server's clock right");
        assertThat(counts().get("clockRefused").asLong()).isEqualTo(before + 1);
    }

    @Test
    void aTelegramFromAMeterWhoseClockFellBackIsRefusedInTheUsersLanguage() throws Exception {
        Answer answer = push("nl", stamped(Instant.parse("2000-01-01T00:00:00Z")),
                stamped(Instant.parse("2000-01-01T00:00:10Z")));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body().get("telegrams").asInt()).isZero();
        assertThat(answer.body().get("refused").get("CLOCK_BEHIND").asInt()).isEqualTo(2);
        assertThat(answer.body().get("error").asString())
                .startsWith("geen telegram in de body werd aanvaard: 2 CLOCK_BEHIND; het eerste droeg als tijd "
                        + "2000-01-01T00:00:00Z");
    }

    @Test
    void aBodyWithATakenAndARefusedTelegramCountsEach() throws Exception {
        Instant now = Instant.now();

        Answer answer = push("en", stamped(now.minusSeconds(60)), stamped(now.plus(Duration.ofHours(2))));

        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
        assertThat(answer.body().get("telegrams").asInt()).isEqualTo(1);
        assertThat(answer.body().get("refused").get("CLOCK_AHEAD").asInt()).isEqualTo(1);
        assertThat(answer.body().has("error")).isFalse();
    }
}
