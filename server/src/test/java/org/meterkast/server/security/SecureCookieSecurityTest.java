package org.meterkast.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.MeterkastApplication;
import org.meterkast.server.TestHousehold;
import org.meterkast.server.TestServer;
import org.meterkast.server.store.MeterRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The session and CSRF cookies over real HTTP. Behind a reverse proxy that ends TLS and says so with
 * {@code X-Forwarded-Proto: https} (trusted because {@code server.forward-headers-strategy=framework} is set), both
 * cookies are Secure; over plain http, as on a household's LAN, they are not, or the app would stop working there.
 * Without that setting, a forged X-Forwarded-Proto changes nothing. The session cookie is always HttpOnly and
 * SameSite=Lax.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.forward-headers-strategy=framework")
class SecureCookieSecurityTest {
    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("proxied.db"));
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    /** The Set-Cookie headers of a login, over https (as the proxy says) or not. */
    record Login(String csrfCookie, String sessionCookie) {
    }

    static Login login(int port, ApplicationContext context, String forwardedProto) throws IOException,
            InterruptedException {
        context.getBean(MeterRepository.class).register("home", "test");
        TestHousehold.Login account = TestHousehold.login(context, "home");
        HttpRequest.Builder page = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/session"));
        if (forwardedProto != null) {
            page.header("X-Forwarded-Proto", forwardedProto);
        }
        HttpResponse<String> first = HTTP.send(page.build(), HttpResponse.BodyHandlers.ofString());
        String csrfCookie = cookie(first, "XSRF-TOKEN").orElseThrow();
        String token = csrfCookie.substring("XSRF-TOKEN=".length(), csrfCookie.indexOf(';'));
        HttpRequest.Builder login = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/account/login"))
                .header("Content-Type", "application/json").header("Cookie", "XSRF-TOKEN=" + token)
                .header("X-XSRF-TOKEN", token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + account.email() + "\",\"password\":\""
                        + account.password() + "\"}"));
        if (forwardedProto != null) {
            login.header("X-Forwarded-Proto", forwardedProto);
        }
        HttpResponse<String> signedIn = HTTP.send(login.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        return new Login(csrfCookie, cookie(signedIn, "SESSION").orElseThrow());
    }

    private static Optional<String> cookie(HttpResponse<?> response, String name) {
        List<String> cookies = response.headers().allValues("Set-Cookie");
        return cookies.stream().filter(c -> c.startsWith(name + "=")).findFirst();
    }

    private static List<String> attributes(String cookie) {
        return List.of(cookie.split(";\\s*")).subList(1, cookie.split(";\\s*").length);
    }

    @Test
    void behindAProxyThatEndsTlsBothCookiesAreSecure() throws Exception {
        Login login = login(port, context, "https");
        assertThat(attributes(login.sessionCookie())).contains("Secure", "HttpOnly", "SameSite=Lax");
        assertThat(attributes(login.csrfCookie())).contains("Secure", "SameSite=Lax").doesNotContain("HttpOnly");
    }

    @Test
    void overPlainHttpOnTheLanTheCookiesAreNotSecure() throws Exception {
        Login login = login(port, context, null);
        assertThat(attributes(login.sessionCookie())).contains("HttpOnly", "SameSite=Lax").doesNotContain("Secure");
        assertThat(attributes(login.csrfCookie())).contains("SameSite=Lax").doesNotContain("Secure");
        Login forwardedHttp = login(port, context, "http");
        assertThat(attributes(forwardedHttp.sessionCookie())).doesNotContain("Secure");
    }

    @Test
    void withoutTheProxySettingAForgedHeaderIsNotTrusted() throws Exception {
        try (ConfigurableApplicationContext plain = new SpringApplicationBuilder(MeterkastApplication.class).run(
                "--server.port=0", "--spring.datasource.url=jdbc:sqlite:" + folder.resolve("plain.db"),
                "--meterkast.meters.home.type=none", "--meterkast.demo.enabled=false")) {
            int plainPort = Integer.parseInt(plain.getEnvironment().getProperty("local.server.port"));
            Login login = login(plainPort, plain, "https");
            assertThat(attributes(login.sessionCookie())).contains("HttpOnly", "SameSite=Lax").doesNotContain("Secure");
            assertThat(attributes(login.csrfCookie())).doesNotContain("Secure");
        }
    }

    @Test
    void theOperatorCanSayAlways() throws Exception {
        try (ConfigurableApplicationContext always = new SpringApplicationBuilder(MeterkastApplication.class).run(
                "--server.port=0", "--spring.datasource.url=jdbc:sqlite:" + folder.resolve("always.db"),
                "--meterkast.meters.home.type=none", "--meterkast.demo.enabled=false",
                "--meterkast.cookies.secure=always")) {
            int alwaysPort = Integer.parseInt(always.getEnvironment().getProperty("local.server.port"));
            Login login = login(alwaysPort, always, null);
            assertThat(attributes(login.sessionCookie())).contains("Secure", "HttpOnly", "SameSite=Lax");
            assertThat(attributes(login.csrfCookie())).contains("Secure");
        }
    }
}
