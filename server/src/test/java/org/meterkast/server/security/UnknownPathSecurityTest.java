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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.TestServer;
import org.meterkast.server.store.MeterRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A probe of paths the API does not have, signed in, over real HTTP: each answers 404 (or 405 for a method the path
 * does not take) as a problem detail in the user's language, and leaves no stack trace in the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class UnknownPathSecurityTest {
    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("unknown.db"));
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    MeterRepository meters;
    private String bearer;

    @BeforeEach
    void signIn() {
        bearer = Probe.homeOwner(context);
    }

    private HttpResponse<String> send(String method, String path, String language) throws IOException,
            InterruptedException {
        return send(method, path, language, "application/json");
    }

    private HttpResponse<String> send(String method, String path, String language, String accept)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", bearer).header("Accept", accept).header("Accept-Language", language)
                .method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (!method.equals("GET") && !method.equals("DELETE")) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void answers(String method, String path, int status, String language, String words, CapturedOutput log)
            throws Exception {
        int logged = log.getAll().length();
        HttpResponse<String> response = send(method, path, language);
        assertThat(response.statusCode()).as(method + " " + path).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(method + " " + path)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("detail").asString()).as(method + " " + path).contains(words);
        assertThat(body.path("error").asString()).isEqualTo(body.path("detail").asString());
        assertThat(body.path("instance").asString()).isEqualTo(path);
        assertThat(response.body()).doesNotContainPattern("java\\.|springframework|Exception|\\$");
        String during = log.getAll().substring(logged);
        assertThat(during).as("log of " + method + " " + path).doesNotContain("Exception")
                .doesNotContainPattern("\\bat (org|java|jakarta)\\.");
    }

    @Test
    void unknownPathsUnderAMeterAnswer404InTheUsersLanguage(CapturedOutput log) throws Exception {
        answers("GET", "/api/meters/home/nonsense", 404, "nl", "niets op dit pad", log);
        answers("GET", "/api/meters/home/bill/x", 404, "fr", "rien à ce chemin", log);
        answers("GET", "/api/meters/home/latest/more", 404, "en", "nothing at this path", log);
        answers("GET", "/api/meters/home/prepaid/nonsense", 404, "en", "nothing at this path", log);
        answers("POST", "/api/meters/home/nonsense", 404, "en", "nothing at this path", log);
    }

    @Test
    void unknownPathsUnderAnotherMeterAnswer404ForTheMeter(CapturedOutput log) throws Exception {
        meters.register("neighbour", "test");
        answers("GET", "/api/meters/neighbour/nonsense", 404, "en", "unknown meter 'neighbour'", log);
        answers("GET", "/api/meters/nowhere/bill/x", 404, "nl", "onbekende meter 'nowhere'", log);
        answers("GET", "/api/meters/neighbour/latest", 404, "en", "unknown meter 'neighbour'", log);
    }

    @Test
    void unknownApiPathsAnswer404(CapturedOutput log) throws Exception {
        answers("GET", "/api/nonsense", 404, "nl", "niets op dit pad", log);
        answers("GET", "/api/meters/home/tariffs/2026-01-01/x/y", 404, "en", "nothing at this path", log);
        answers("DELETE", "/api/locations/1/nonsense", 404, "fr", "rien à ce chemin", log);
    }

    @Test
    void wrongMethodsAnswer405NamingTheAllowedOnes(CapturedOutput log) throws Exception {
        answers("DELETE", "/api/meters/home/latest", 405, "nl", "DELETE", log);
        answers("POST", "/api/meters/home/bill", 405, "en", "allowed: GET", log);
        answers("PUT", "/api/meters", 405, "fr", "PUT", log);
        HttpResponse<String> response = send("DELETE", "/api/meters/home/latest", "en");
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void whateverTheClientAcceptsTheAnswerIsTheProblem(CapturedOutput log) throws Exception {
        for (String accept : new String[] {"*/*", "text/html,application/xhtml+xml,*/*;q=0.8", "image/png"}) {
            HttpResponse<String> response = send("GET", "/api/meters/home/nonsense", "en", accept);
            assertThat(response.statusCode()).as(accept).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).as(accept)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(response.body()).path("detail").asString())
                    .isEqualTo("the API has nothing at this path");
        }
        assertThat(log.getAll()).doesNotContain("Exception");
    }
}
