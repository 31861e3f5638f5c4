package org.meterkast.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.TestServer;
import org.meterkast.server.account.Browser;
import org.meterkast.server.account.Browser.Answer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * SQL and script payloads in every kind of input (path, query, JSON fields, login) are data: they never change a
 * query, never get a 500, and come back exactly as typed, as JSON, never as markup. The app builds its pages
 * without parsing strings as HTML.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InjectionSecurityTest {
    static final List<String> SQL = List.of("' OR '1'='1", "x'; DROP TABLE account; --", "1 OR 1=1",
            "\" OR \"\"=\"", "') UNION SELECT email, password_hash FROM account --", "%' --");
    static final String SCRIPT = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)>";

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("injection.db"));
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void sqlPayloadsAreData() {
        Browser browser = Probe.registered(port, "sql@hasselt.be");
        long accounts = count("account");
        SoftAssertions softly = new SoftAssertions();
        int addresses = 0;
        for (String payload : SQL) {
            String encoded = URLEncoder.encode(payload, StandardCharsets.UTF_8).replace("+", "%20");
            Answer meter = browser.get("/api/meters/" + encoded + "/quarters?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z");
            softly.assertThat(meter.status()).as("meter id %s", payload).isIn(400, 404);
            Answer query = browser.get("/api/locations?x=" + encoded);
            softly.assertThat(query.status()).as("query %s", payload).isEqualTo(200);
            softly.assertThat(query.json()).as("query %s", payload).hasSize(addresses);
            Answer ean = browser.get("/api/ean/" + encoded);
            softly.assertThat(ean.status()).as("ean %s", payload).isLessThan(500);
            Answer login = new Browser(port).open().post("/api/account/login",
                    "{\"email\":\"" + payload.replace("\"", "\\\"") + "\",\"password\":\"" + payload.replace("\"", "\\\"") + "\"}");
            softly.assertThat(login.status()).as("login %s", payload).isIn(400, 401);
            Answer added = browser.post("/api/locations", "{\"name\":" + json(payload) + ",\"street\":" + json(payload)
                    + ",\"city\":" + json(payload) + ",\"source\":\"import\"}");
            softly.assertThat(added.status()).as("address %s", payload).isEqualTo(201);
            if (added.status() == 201) {
                addresses++;
                Answer back = browser.get("/api/locations/" + added.json().get("id").asString());
                softly.assertThat(back.json().get("name").asString()).isEqualTo(payload);
                softly.assertThat(back.json().get("street").asString()).isEqualTo(payload);
            }
        }
        softly.assertAll();
        assertThat(count("account")).as("no account was added or removed").isEqualTo(accounts);
        assertThat(browser.get("/api/locations").json()).hasSize(SQL.size());
    }

    @Test
    void scriptPayloadsComeBackAsJsonExactlyAsTyped() {
        Browser browser = Probe.registered(port, "xss@hasselt.be");
        assertThat(browser.put("/api/account", "{\"name\":" + json(SCRIPT) + ",\"language\":\"nl\"}").status())
                .isIn(200, 204);
        Answer added = browser.post("/api/locations", "{\"name\":" + json(SCRIPT) + ",\"city\":" + json(SCRIPT)
                + ",\"source\":\"import\"}");
        assertThat(added.status()).isEqualTo(201);
        String id = added.json().get("id").asString();
        Answer device = browser.post("/api/locations/" + id + "/devices",
                "{\"kind\":\"INVERTER\",\"label\":" + json(SCRIPT) + ",\"serial\":\"3012345678\"}");
        assertThat(device.status()).isEqualTo(201);

        for (Answer answer : List.of(browser.get("/api/account"), browser.get("/api/locations/" + id),
                browser.get("/api/locations/" + id + "/devices"), browser.get("/api/locations"))) {
            assertThat(answer.header("Content-Type")).startsWith("application/json");
            assertThat(answer.response().body()).contains(json(SCRIPT).substring(1, 20));
        }
        assertThat(browser.get("/api/account").json().get("name").asString()).isEqualTo(SCRIPT);
        assertThat(browser.get("/api/locations/" + id).json().get("city").asString()).isEqualTo(SCRIPT);
        assertThat(browser.get("/api/locations/" + id + "/devices").json().get(0).get("label").asString())
                .isEqualTo(SCRIPT);
    }

    @Test
    void theAppNeverParsesStringsAsHtml() throws IOException {
        Pattern sink = Pattern.compile("\\.innerHTML|\\.outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|"
                + "new Function\\(|setTimeout\\(\\s*['\"`]|setInterval\\(\\s*['\"`]");
        Pattern inlineHandler = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
        Path statics = Path.of("src/main/resources/static");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(statics)) {
            files = walk.filter(p -> p.toString().endsWith(".js") || p.toString().endsWith(".html")).toList();
        }
        assertThat(files).hasSizeGreaterThan(10);
        SoftAssertions softly = new SoftAssertions();
        for (Path file : files) {
            String text = Files.readString(file);
            softly.assertThat(sink.matcher(text).find()).as("%s builds HTML or code from a string", file).isFalse();
            if (file.toString().endsWith(".html")) {
                softly.assertThat(inlineHandler.matcher(text).find()).as("%s has an inline event handler", file)
                        .isFalse();
            }
        }
        softly.assertAll();
    }

    private long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
