package org.meterkast.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.TestServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The app's page, its scripts and the API's answers (good and refused) carry a strict Content-Security-Policy and
 * the other headers that keep injected content, framing, MIME sniffing and referrers out.
 */
@SpringBootTest
@AutoConfigureMockMvc
class SecurityHeadersSecurityTest {
    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("headers.db"));
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    private String bearer;

    @BeforeEach
    void signIn() {
        bearer = Probe.homeOwner(context);
    }

    private MockHttpServletResponse answer(MockHttpServletRequestBuilder request, int status) throws Exception {
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(status);
        return response;
    }

    private static void strict(MockHttpServletResponse response) {
        List<String> policy = List.of(response.getHeader("Content-Security-Policy").split(";\\s*"));
        assertThat(policy).contains("default-src 'self'", "script-src 'self'", "style-src 'self'",
                "img-src 'self' data:", "connect-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
                "base-uri 'none'", "form-action 'self'");
        // no inline script or eval anywhere, and nothing from another origin
        assertThat(String.join(";", policy)).doesNotContain("unsafe-eval", "http:", "https:", "*")
                .doesNotContainPattern("script-src[^;]*unsafe-inline");
        assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(response.getHeader("Permissions-Policy")).contains("camera=()", "microphone=()", "geolocation=()");
    }

    @Test
    void thePageCarriesThem() throws Exception {
        MockHttpServletResponse page = answer(get("/index.html"), 200);
        strict(page);
        assertThat(page.getContentAsString()).contains("<script src=\"app.js\" type=\"module\">")
                .contains("<script src=\"js/early.js\" type=\"module\" async fetchpriority=\"high\">")
                .doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")   // no inline script
                .doesNotContainPattern("\\son[a-z]+=");                   // no inline event handler
    }

    @Test
    void scriptsCarryThem() throws Exception {
        strict(answer(get("/app.js"), 200));
        strict(answer(get("/js/api.js"), 200));
    }

    /**
     * The app's files may be kept by the browser but are checked before each use (their addresses carry no version);
     * the API's answers, the account's data, are never kept.
     */
    @Test
    void theAppsFilesAreCheckedBeforeUseAndTheApiIsNeverKept() throws Exception {
        for (String file : List.of("/index.html", "/app.js", "/js/early.js", "/i18n/nl.json", "/sw.js",
                "/webjars/echarts/dist/echarts.min.js")) {
            MockHttpServletResponse response = answer(get(file), 200);
            assertThat(response.getHeader("Cache-Control")).as(file).isEqualTo("no-cache");
            assertThat(response.getHeader("Last-Modified")).as(file).isNotBlank();
            strict(response);
        }
        MockHttpServletResponse page = answer(get("/index.html"), 200);
        answer(get("/index.html").header("If-Modified-Since", page.getHeader("Last-Modified")), 304);
        assertThat(answer(get("/api/meters").header("Authorization", bearer), 200).getHeader("Cache-Control"))
                .contains("no-store");
        assertThat(answer(get("/api/session"), 200).getHeader("Cache-Control")).contains("no-store");
        assertThat(answer(get("/api/meters"), 401).getHeader("Cache-Control")).contains("no-store");
    }

    @Test
    void theApiCarriesThem() throws Exception {
        strict(answer(get("/api/meters").header("Authorization", bearer), 200));
        strict(answer(get("/api/meters"), 401));
        strict(answer(get("/api/meters/home/nonsense").header("Authorization", bearer), 404));
    }
}
