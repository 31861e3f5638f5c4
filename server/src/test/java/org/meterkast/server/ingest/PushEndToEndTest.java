package org.meterkast.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meterkast.server.ingest.MeterFeed.START;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.p1.TelegramWriter;
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
 * Data loggers pushing telegrams to the whole server over real HTTP: {@code attic} gets 40 simulated minutes of
 * telegrams and stores their quarters; {@code shed} gets everything that must be refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PushEndToEndTest {
    static final String ATTIC_TOKEN = "attic-0123456789-abcdef";
    static final String SHED_TOKEN = "shed-fedcba-9876543210";
    static final Path FOLDER;

    static {
        try {
            FOLDER = Files.createTempDirectory("meterkast-push");
            Files.createFile(FOLDER.resolve("empty.txt"));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, FOLDER.resolve("meterkast.db"));
        TestServer.pushMeter(registry, "attic", ATTIC_TOKEN);
        TestServer.pushMeter(registry, "shed", SHED_TOKEN);
        TestServer.pushMeter(registry, "porch", ATTIC_TOKEN);
        registry.add("meterkast.meters.replay.type", () -> "file");
        registry.add("meterkast.meters.replay.path", () -> FOLDER.resolve("empty.txt").toString());
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    /** The API as the account holding the push meters reads it; the pushes themselves send the meters' own tokens. */
    private ApiClient api;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    record Answer(int status, JsonNode body, HttpResponse<String> response) {
    }

    private Answer post(String meter, String authorization, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/meters/" + meter + "/telegrams"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), json.readTree(response.body()), response);
    }

    private Answer push(String meter, String token, byte[] body) throws IOException, InterruptedException {
        return post(meter, "Bearer " + token, "text/plain", body);
    }

    private ApiClient api() {
        if (api == null) {
            api = ApiClient.signedIn(context, "attic", "shed", "porch");
        }
        return api;
    }

    private JsonNode counts(String meter) {
        for (JsonNode m : api().meters()) {
            if (m.get("id").asString().equals(meter)) {
                return m.get("counts");
            }
        }
        throw new AssertionError("no meter " + meter);
    }

    /** Simulated seconds first, first + 30, … before {@code end}, as one body. */
    private static byte[] telegrams(int first, int end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int s = first; s < end; s += 30) {
            out.writeBytes(TelegramWriter.toBytes(MeterFeed.telegram(s)));
        }
        return out.toByteArray();
    }

    private static byte[] badCrc(int second) {
        byte[] telegram = TelegramWriter.toBytes(MeterFeed.telegram(second));
        int digit = telegram.length - 4;        // a digit of the CRC, before its CR LF
        telegram[digit] = (byte) (telegram[digit] == 'A' ? 'B' : 'A');
        return telegram;
    }

    @Test
    void pushedTelegramsBecomeQuartersWithTheirExactEnergy() throws Exception {
        // 81 telegrams in three requests: 09:59:30 to 10:39:30
        for (int[] part : new int[][] {{0, 810}, {810, 1620}, {1620, 2430}}) {
            Answer answer = push("attic", ATTIC_TOKEN, telegrams(part[0], part[1]));
            assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
            assertThat(answer.body().get("telegrams").asInt()).isEqualTo(27);
            assertThat(answer.body().get("refused").size()).isZero();
            assertThat(answer.body().get("rejected").size()).isZero();
            assertThat(answer.body().get("meter").asString()).isEqualTo("attic");
        }

        Instant q0 = MeterFeed.Q0;
        assertThat(api().quarters("attic", START.minusSeconds(3600), START.plusSeconds(3600)))
                .containsExactly(
                        new ClosedQuarter(new Quarter(q0), 0, new QuarterEnergy(900, 0, 300, 0), false),
                        new ClosedQuarter(new Quarter(q0).plus(1), 0, new QuarterEnergy(900, 0, 300, 0), false));
        JsonNode counts = counts("attic");
        assertThat(counts.get("telegrams").asLong()).isEqualTo(81);
        assertThat(counts.get("quartersStored").asLong()).isEqualTo(2);
        assertThat(counts.get("source").asString()).isEqualTo("pushed to /api/meters/attic/telegrams");
        assertThat(counts.get("connected").asBoolean()).isTrue();
    }

    @Test
    void requestsArrivingTogetherAreDeliveredOneAtATime() throws Exception {
        int requests = 32;
        int perRequest = 40;
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int t = 0; t < perRequest; t++) {
                body.writeBytes(TelegramWriter.toBytes(MeterFeed.telegram(i * perRequest + t)));
            }
            answers.add(http.sendAsync(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/meters/porch/telegrams"))
                    .header("Authorization", "Bearer " + ATTIC_TOKEN)
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            assertThat(answer.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }

        JsonNode counts = counts("porch");
        // the pipeline is not thread-safe: requests that overlapped inside it would lose counts or fail
        assertThat(counts.get("telegrams").asLong()).isEqualTo((long) requests * perRequest);
        assertThat(counts.get("failures").asLong()).isZero();
        assertThat(counts.get("storeFailures").asLong()).isZero();
    }

    @Test
    void aMissingOrWrongTokenIsRefusedAndNothingIsStored() throws Exception {
        JsonNode before = counts("shed");
        byte[] good = telegrams(0, 2430);

        Answer wrong = push("shed", ATTIC_TOKEN, good);
        Answer missing = post("shed", null, "text/plain", good);
        Answer notBearer = post("shed", "Basic " + SHED_TOKEN, "text/plain", good);

        for (Answer answer : new Answer[] {wrong, missing, notBearer}) {
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.response().headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"meterkast\"");
            assertThat(answer.body().get("error").asString()).isEqualTo("this meter takes telegrams only with its "
                    + "token, sent as 'Authorization: Bearer <token>'; it was missing or wrong");
            assertThat(answer.body().has("telegrams")).isFalse();
        }
        JsonNode counts = counts("shed");
        assertThat(counts.get("unauthorized").asLong()).isEqualTo(before.get("unauthorized").asLong() + 3);
        assertThat(counts.get("telegrams").asLong()).isEqualTo(before.get("telegrams").asLong());
        assertThat(counts.get("lastProblem").asString()).isEqualTo(
                "refused a push from 127.0.0.1: missing or wrong bearer token");
        assertThat(api().quarters("shed", START.minusSeconds(3600), START.plusSeconds(3600))).isEmpty();
    }

    @Test
    void aCorruptTelegramIsAnsweredWith422AndCounted() throws Exception {
        long before = counts("shed").get("rejected").get("BAD_CRC").asLong();

        Answer answer = push("shed", SHED_TOKEN, badCrc(3000));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body().get("telegrams").asInt()).isZero();
        assertThat(answer.body().get("rejected").get("BAD_CRC").asInt()).isEqualTo(1);
        assertThat(answer.body().get("error").asString())
                .startsWith("no telegram in the body could be decoded: 1 BAD_CRC; the first: BAD_CRC: ");
        assertThat(counts("shed").get("rejected").get("BAD_CRC").asLong()).isEqualTo(before + 1);
    }

    @Test
    void aBodyWithOneGoodTelegramIsAcceptedAndTheBadOneReported() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(badCrc(4000));
        body.writeBytes(TelegramWriter.toBytes(MeterFeed.telegram(4001)));

        Answer answer = post("shed", "bearer " + SHED_TOKEN, "application/octet-stream", body.toByteArray());

        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
        assertThat(answer.body().get("telegrams").asInt()).isEqualTo(1);
        assertThat(answer.body().get("rejected").get("BAD_CRC").asInt()).isEqualTo(1);
    }

    @Test
    void aBodyWithoutATelegramIsAnsweredWith422AndCounted() throws Exception {
        long before = counts("shed").get("emptyMessages").asLong();

        Answer garbage = push("shed", SHED_TOKEN, "hello meter".getBytes(StandardCharsets.UTF_8));
        Answer empty = push("shed", SHED_TOKEN, new byte[0]);

        assertThat(garbage.status()).isEqualTo(422);
        assertThat(garbage.body().get("error").asString()).isEqualTo("the body holds no P1 telegram (one starts "
                + "with '/' and ends with '!' and its CRC): 'hello meter'");
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.body().get("error").asString())
                .isEqualTo("the body is empty: push one or more raw P1 telegrams, each from '/' to '!' and its CRC");
        assertThat(counts("shed").get("emptyMessages").asLong()).isEqualTo(before + 2);
    }

    @Test
    void aBodyAbove64KiBIsRefused() throws Exception {
        byte[] big = new byte[PushController.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 'x');

        Answer answer = push("shed", SHED_TOKEN, big);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body().get("error").asString())
                .isEqualTo("the body is larger than 65536 bytes: push fewer telegrams at a time");
    }

    @Test
    void onlyTelegramTypesAreTaken() throws Exception {
        Answer answer = post("shed", "Bearer " + SHED_TOKEN, "application/x-www-form-urlencoded",
                TelegramWriter.toBytes(MeterFeed.telegram(5000)));

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.body().get("error").asString()).startsWith("Content-Type "
                + "'application/x-www-form-urlencoded': send the raw telegrams as text/plain or application/octet-stream");
    }

    @Test
    void aMeterThatIsUnknownOrNotPushedToIsNotFound() throws Exception {
        Answer unknown = push("cellar", SHED_TOKEN, TelegramWriter.toBytes(MeterFeed.telegram(0)));
        Answer replay = push("replay", SHED_TOKEN, TelegramWriter.toBytes(MeterFeed.telegram(0)));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("error").asString())
                .isEqualTo("no meter 'cellar' takes pushed telegrams: that needs meterkast.meters.cellar.type=push");
        assertThat(unknown.body().get("meter").asString()).isEqualTo("cellar");
        assertThat(replay.status()).isEqualTo(404);
    }
}
