package org.meterkast.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
 * Refused requests over real HTTP answer RFC 9457 problem details in the user's language, naming the field that is
 * wrong, and never show Java: no class, package or exception text in any error body (Jackson's own texts named
 * {@code java.math.BigDecimal}). The security filters' 401 and 403 and the container's error page answer the same way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProblemDetailsSecurityTest {
    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("problems.db"));
    }

    private static final String JAVA = "java\\.|javax\\.|jakarta\\.|com\\.fasterxml|tools\\.jackson|springframework"
            + "|Exception|\\$|`";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    private String bearer;

    @BeforeEach
    void signIn() {
        bearer = Probe.homeOwner(context);
    }

    private JsonNode problem(String method, String path, String json, String language, boolean signedIn, int status)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "application/json").header("Accept-Language", language)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (signedIn) {
            request.header("Authorization", bearer);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(method + " " + path)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).as(method + " " + path).doesNotContainPattern(JAVA);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("type").asString()).isEqualTo("about:blank");
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("title").asString()).isNotBlank();
        assertThat(body.path("instance").asString()).isEqualTo(path.replaceFirst("\\?.*", ""));
        // the member the app has always shown
        assertThat(body.path("error").asString()).isEqualTo(body.path("detail").asString());
        return body;
    }

    @Test
    void malformedJsonSaysWhereItBreaks() throws Exception {
        JsonNode body = problem("POST", "/api/meters/home/tariffs", "{\"tariff\": {\"form\": ", "en", true, 400);
        assertThat(body.path("title").asString()).isEqualTo("Bad request");
        assertThat(body.path("detail").asString()).isEqualTo("the request body is not valid JSON (line 1, column 21)");
        assertThat(body.path("parameter").asString()).isEqualTo("body");
    }

    @Test
    void aWordForANumberNamesTheFieldInTheUsersLanguage() throws Exception {
        JsonNode body = problem("POST", "/api/meters/home/tariffs",
                "{\"tariff\":{\"form\":\"simple\",\"purchase\":\"abc\"}}", "nl", true, 400);
        assertThat(body.path("title").asString()).isEqualTo("Ongeldig verzoek");
        assertThat(body.path("errors").get(0).path("field").asString()).isEqualTo("tariff.purchase");
        assertThat(body.path("errors").get(0).path("message").asString()).isEqualTo("'abc' is geen getal");
        assertThat(body.path("detail").asString()).isEqualTo("veld 'tariff.purchase': 'abc' is geen getal");
    }

    @Test
    void anUnknownChoiceListsTheKnownOnes() throws Exception {
        JsonNode body = problem("POST", "/api/meters/home/tariffs",
                "{\"tariff\":{\"form\":\"flemish\",\"area\":\"GENT\",\"offtake\":{\"type\":\"single\",\"price\":0.3}}}",
                "fr", true, 400);
        assertThat(body.path("errors").get(0).path("field").asString()).isEqualTo("tariff.area");
        assertThat(body.path("errors").get(0).path("message").asString())
                .startsWith("'GENT' n'est pas l'une des valeurs ").contains("ANTWERPEN");
        assertThat(body.path("title").asString()).isEqualTo("Requête invalide");
    }

    @Test
    void aDateInABodyThatIsNoDate() throws Exception {
        JsonNode body = problem("POST", "/api/meters/home/tariffs",
                "{\"validFrom\":\"soon\",\"tariff\":{\"form\":\"simple\",\"purchase\":0.3}}", "en", true, 400);
        assertThat(body.path("errors").get(0).path("field").asString()).isEqualTo("validFrom");
        assertThat(body.path("errors").get(0).path("message").asString())
                .isEqualTo("'soon' is not a date such as 2026-01-31");
    }

    @Test
    void aMissingParameterIsNamed() throws Exception {
        JsonNode body = problem("GET", "/api/meters/home/quarters?to=2026-01-02T00:00:00Z", null, "nl", true, 400);
        assertThat(body.path("parameter").asString()).isEqualTo("from");
        assertThat(body.path("errors").get(0).path("field").asString()).isEqualTo("from");
        assertThat(body.path("detail").asString()).isEqualTo("parameter 'from' is verplicht");
    }

    @Test
    void aQueryParameterOfTheWrongTypeIsNamed() throws Exception {
        JsonNode body = problem("GET", "/api/meters/home/quarters?from=yesterday&to=2026-01-02T00:00:00Z", null,
                "en", true, 400);
        assertThat(body.path("parameter").asString()).isEqualTo("from");
        assertThat(body.path("errors").get(0).path("message").asString())
                .isEqualTo("parameter 'from': 'yesterday' is not an ISO instant such as 2026-01-12T00:00:00Z");
    }

    @Test
    void aRefusalOfTheApiItselfKeepsItsMeter() throws Exception {
        JsonNode body = problem("GET", "/api/meters/elsewhere/latest", null, "en", true, 404);
        assertThat(body.path("title").asString()).isEqualTo("Not found");
        assertThat(body.path("meter").asString()).isEqualTo("elsewhere");
    }

    @Test
    void anUnsupportedContentTypeSaysWhatIsAccepted() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/meters/home/tariffs"))
                .header("Authorization", bearer).header("Accept-Language", "en").header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).path("detail").asString())
                .startsWith("a body of this type is not accepted here (accepted: application/json");
        assertThat(response.body()).doesNotContainPattern(JAVA);
    }

    @Test
    void theSecurityFiltersAnswerInTheUsersLanguage() throws Exception {
        JsonNode unsigned = problem("GET", "/api/meters", null, "fr", false, 401);
        assertThat(unsigned.path("title").asString()).isEqualTo("Non connecté");
        assertThat(unsigned.path("detail").asString()).isEqualTo("Connectez-vous d'abord.");
        // a POST without the CSRF token
        JsonNode forged = problem("POST", "/api/account/login", "{\"email\":\"a@b.c\",\"password\":\"x\"}", "nl",
                false, 403);
        assertThat(forged.path("title").asString()).isEqualTo("Niet toegestaan");
        assertThat(forged.path("detail").asString()).isEqualTo("Dit mag niet met jouw account.");
    }

    @Test
    void theContainersErrorPageIsAProblemToo() throws Exception {
        // the firewall refuses an encoded percent before any controller: the container shows its error page
        JsonNode body = problem("GET", "/api/meters/home/a%2525b", null, "nl", true, 400);
        assertThat(body.path("title").asString()).isEqualTo("Ongeldig verzoek");
        assertThat(body.path("detail").asString()).isEqualTo("het verzoek kon niet afgehandeld worden");
    }
}
