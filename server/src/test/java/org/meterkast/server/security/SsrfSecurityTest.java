package org.meterkast.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.MeterkastApplication;
import org.meterkast.server.TestServer;
import org.meterkast.server.account.Browser;
import org.meterkast.server.account.Browser.Answer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The "+" flow's dongle and HomeWizard addresses cannot turn the server into a probe of its own machine or
 * network: the host is checked before any connection, and what a peer sends never comes back to the account.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SsrfSecurityTest {
    static final String BANNER = "SSH-2.0-OpenSSH_9.6 internal-secret-banner\r\n";

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("ssrf.db"));
    }

    @LocalServerPort
    int port;

    @Test
    void loopbackLinkLocalAndUnspecifiedAddressesAreRefusedBeforeAnyConnection() throws Exception {
        try (BannerServer banner = new BannerServer()) {
            Browser mallory = Probe.registered(port, "mallory@example.be");
            String[][] refused = {
                    {"tcp", "127.0.0.1:" + banner.port()},
                    {"homewizard", "127.0.0.1:" + banner.port()},
                    {"homewizard", "http://127.0.0.1:" + banner.port() + "/admin"},
                    {"tcp", "localhost:" + banner.port()},
                    {"homewizard", "localhost:" + banner.port()},
                    {"tcp", "[::1]:" + banner.port()},
                    {"homewizard", "[::1]:" + banner.port()},
                    {"tcp", "0.0.0.0:" + banner.port()},
                    {"homewizard", "0.0.0.0:" + banner.port()},
                    {"tcp", "169.254.169.254:80"},
                    {"homewizard", "http://169.254.169.254/latest/meta-data"},
                    {"tcp", "[fe80::1]:2000"},
                    {"tcp", "224.0.0.1:2000"},
                    {"tcp", "255.255.255.255:2000"},
                    // public addresses are not a household's dongle
                    {"tcp", "8.8.8.8:53"},
            };
            for (String[] source : refused) {
                Answer answer = mallory.post("/api/locations", "{\"name\":\"Probe\",\"source\":\"" + source[0]
                        + "\",\"address\":\"" + source[1] + "\"}");
                assertThat(answer.status()).as("%s %s: %s", source[0], source[1], answer.json()).isEqualTo(400);
                assertThat(answer.json().get("parameter").asString()).isEqualTo("address");
                assertThat(answer.json().get("error").asString()).as(source[1]).contains("may not connect to");
            }
            Answer dutch = mallory.language("nl").post("/api/locations",
                    "{\"name\":\"Probe\",\"source\":\"tcp\",\"address\":\"127.0.0.1:" + banner.port() + "\"}");
            assertThat(dutch.json().get("error").asString()).startsWith("Meterkast mag geen verbinding maken met");

            Thread.sleep(500);
            assertThat(banner.connections()).isZero();
            assertThat(mallory.get("/api/locations").json().size()).isZero();
        }
    }

    @Test
    void aDongleOnThePrivateNetworkIsAllowedByDefault() {
        Browser household = Probe.registered(port, "lan@example.be");
        Answer added = household.post("/api/locations",
                "{\"name\":\"Thuis\",\"source\":\"tcp\",\"address\":\"192.168.1.50:2000\"}");
        assertThat(added.status()).as("%s", added.json()).isEqualTo(201);
    }

    @Test
    void whatAPeerSendsNeverComesBackAndLiveSourcesPerAccountAreBounded(@TempDir Path data) throws Exception {
        HttpServer internal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        internal.createContext("/", exchange -> {
            byte[] body = "{\"internal-admin-secret\":\"hunter2\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        internal.start();
        try (BannerServer banner = new BannerServer();
             ConfigurableApplicationContext server = new SpringApplicationBuilder(MeterkastApplication.class).run(
                     "--server.port=0", "--spring.datasource.url=jdbc:sqlite:" + data.resolve("ssrf.db"),
                     "--meterkast.meters.home.type=none",
                     // a test's peers listen on this machine, which is refused unless named
                     "--meterkast.added-sources.allowed-networks=127.0.0.0/8",
                     "--meterkast.added-sources.per-account=2")) {
            int port = ((WebServerApplicationContext) server).getWebServer().getPort();
            Browser other = Probe.registered(port, "narrow@example.be");
            // the operator narrowed the networks: the LAN is refused too
            assertThat(other.post("/api/locations",
                    "{\"name\":\"Thuis\",\"source\":\"tcp\",\"address\":\"192.168.1.50:2000\"}").status())
                    .isEqualTo(400);

            Browser mallory = Probe.registered(port, "mallory@example.be");
            assertThat(mallory.post("/api/locations", "{\"name\":\"Ssh\",\"source\":\"tcp\",\"address\":\"127.0.0.1:"
                    + banner.port() + "\"}").status()).isEqualTo(201);
            assertThat(mallory.post("/api/locations", "{\"name\":\"Admin\",\"source\":\"homewizard\",\"address\":"
                    + "\"127.0.0.1:" + internal.getAddress().getPort() + "\"}").status()).isEqualTo(201);
            Answer third = mallory.post("/api/locations",
                    "{\"name\":\"Third\",\"source\":\"tcp\",\"address\":\"127.0.0.1:" + banner.port() + "\"}");
            assertThat(third.status()).isEqualTo(400);
            assertThat(third.json().get("error").asString()).isEqualTo(
                    "An account can have at most 2 live sources (dongles or HomeWizard P1 meters).");

            JsonNode meters = null;
            for (int i = 0; i < 100; i++) {
                meters = mallory.get("/api/meters").json();
                if (banner.connections() > 0 && meters.size() == 2
                        && !meters.get(0).get("counts").get("lastProblem").isNull()
                        && meters.get(0).get("counts").get("openFailures").asLong()
                        + meters.get(1).get("counts").get("openFailures").asLong() > 0
                        && "not a P1 telegram".equals(meters.get(0).get("counts").get("lastProblem").asString())) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(banner.connections()).isPositive();
            String answers = meters.toString() + mallory.get("/api/locations").json();
            assertThat(answers).doesNotContain("OpenSSH", "internal-secret", "hunter2", "SSH-2.0");
            for (JsonNode meter : meters) {
                assertThat(meter.get("counts").get("lastProblem").asString()).as("%s", meter)
                        .isEqualTo("not a P1 telegram");
                assertThat(meter.get("counts").get("garbageBytes").asLong()).isZero();
            }
            // the category is in the account's language, never the peer's words
            JsonNode dutch = mallory.language("fr").get("/api/meters").json();
            assertThat(dutch.get(0).get("counts").get("lastProblem").asString()).isEqualTo("pas un télégramme P1");
        } finally {
            internal.stop(0);
        }
    }

    /** An internal service that greets every connection with its banner, and counts them. */
    static final class BannerServer implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();
        private final Thread thread;

        BannerServer() throws IOException {
            socket = new ServerSocket(0);
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept()) {
                        connections.incrementAndGet();
                        OutputStream out = client.getOutputStream();
                        for (int i = 0; i < 20; i++) {
                            out.write(BANNER.getBytes(StandardCharsets.US_ASCII));
                        }
                        out.flush();
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "banner");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
