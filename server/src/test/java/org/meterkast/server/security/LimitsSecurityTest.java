package org.meterkast.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.fluvius.FluviusCsvWriter;
import org.meterkast.server.TestServer;
import org.meterkast.server.account.Browser;
import org.meterkast.server.account.Browser.Answer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One account cannot fill the server: addresses per account, the size of an upload and the imports at once. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LimitsSecurityTest {
    static final long LIMIT = 8L * 1024 * 1024;

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("limits.db"));
        registry.add("spring.servlet.multipart.max-file-size", () -> "8MB");
        registry.add("spring.servlet.multipart.max-request-size", () -> "9MB");
        registry.add("meterkast.fluvius.imports.running", () -> 1);
        registry.add("meterkast.fluvius.imports.waiting", () -> 0);
    }

    @LocalServerPort
    int port;

    @Test
    void anAccountHasAtMostTwentyAddresses() {
        Browser many = Probe.registered(port, "many@example.be");
        for (int i = 1; i <= 20; i++) {
            assertThat(many.post("/api/locations", "{\"name\":\"Adres " + i + "\"}").status()).isEqualTo(201);
        }
        Answer refused = many.post("/api/locations", "{\"name\":\"Adres 21\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asString()).isEqualTo("An account can have at most 20 addresses.");
        assertThat(many.get("/api/locations").json().size()).isEqualTo(20);
        Answer dutch = many.language("nl").post("/api/locations", "{\"name\":\"Adres 22\"}");
        assertThat(dutch.json().get("error").asString()).isEqualTo("Een account kan hoogstens 20 adressen hebben.");
    }

    @Test
    void anUploadOverTheLimitIsRefusedWith413AndAMessage() throws Exception {
        Browser household = Probe.registered(port, "big@example.be");
        String meter = importAddress(household);
        byte[] big = new byte[(int) LIMIT + 1024 * 1024];
        Arrays.fill(big, (byte) 'x');

        HttpResponse<String> multipart = multipart(household, meter, big);
        assertThat(multipart.statusCode()).isEqualTo(413);
        JsonNode json = JsonMapper.builder().build().readTree(multipart.body());
        assertThat(json.get("error").asString()).startsWith("the file is larger than 8 MB");

        Answer raw = household.upload("/api/meters/" + meter + "/imports", big);
        assertThat(raw.status()).isEqualTo(413);
        assertThat(raw.json().get("error").asString()).startsWith("the file is larger than 8 MB");
        // nothing was imported, and the next import is not kept waiting by the refused ones
        assertThat(household.get("/api/meters/" + meter + "/imports").json().get("recent").size()).isZero();
    }

    @Test
    void moreImportsAtOnceThanAllowedAreRefusedWith429() throws Exception {
        Browser household = Probe.registered(port, "busy@example.be");
        String meter = importAddress(household);
        // about 7 MB: ten months of quarter hours, a second or more to read and store
        byte[] year = FluviusCsvWriter.electricity("541448820050357909", "1SAG3200193141", LocalDate.of(2024, 1, 1),
                LocalDate.of(2024, 10, 31), FluviusCsvWriter.syntheticHousehold(7));
        assertThat((long) year.length).isBetween(4L * 1024 * 1024, LIMIT);
        byte[] day = FluviusCsvWriter.electricity("541448820050357909", "1SAG3200193141", LocalDate.of(2025, 1, 1),
                LocalDate.of(2025, 1, 1), FluviusCsvWriter.syntheticHousehold(8));

        HttpResponse<String> first = multipart(household, meter, year);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        Answer second = household.upload("/api/meters/" + meter + "/imports", day);
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.header("Retry-After")).isEqualTo("30");
        assertThat(second.json().get("error").asString()).startsWith("other imports are running or waiting");

        String location = first.headers().firstValue("Location").orElseThrow();
        String state = "running";
        for (int i = 0; i < 600 && state.equals("running"); i++) {
            Thread.sleep(100);
            state = household.get(location).json().get("state").asString();
        }
        assertThat(state).isEqualTo("done");
        // the slot is free again
        Answer third = household.upload("/api/meters/" + meter + "/imports", day);
        assertThat(third.status()).isEqualTo(202);
    }

    private String importAddress(Browser household) {
        Answer added = household.post("/api/locations", "{\"name\":\"Import\",\"source\":\"import\"}");
        assertThat(added.status()).isEqualTo(201);
        return added.json().get("meter").asString();
    }

    private HttpResponse<String> multipart(Browser browser, String meter, byte[] file) throws Exception {
        String boundary = "----meterkast" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream(file.length + 512);
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"export.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(file);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/meters/" + meter
                        + "/imports"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .header("Cookie", "SESSION=" + browser.cookie("SESSION") + "; XSRF-TOKEN=" + browser.csrf())
                .header("X-XSRF-TOKEN", browser.csrf())
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
