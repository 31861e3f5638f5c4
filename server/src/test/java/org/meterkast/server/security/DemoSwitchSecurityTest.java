package org.meterkast.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.MeterkastApplication;
import org.meterkast.server.TestHousehold;
import org.meterkast.server.account.Browser;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The public demo login opens the simulated household only: once the meter is read from a real source, the demo
 * account is gone and the real meter's store holds nothing of the simulation.
 */
class DemoSwitchSecurityTest {
    static final String DEMO = "{\"email\":\"demo@meterkast.local\",\"password\":\"meterkast-demo\"}";

    @TempDir
    Path folder;

    @Test
    void switchingTheSimulatedHomeToARealMeterDeletesTheDemoAndItsSimulatedData() throws Exception {
        String url = "jdbc:sqlite:" + folder.resolve("meterkast.db");
        Instant now = Instant.now();
        String demoSession;
        try (ConfigurableApplicationContext server = start(url, "--meterkast.meters.home.history-days=2")) {
            Browser demo = new Browser(port(server)).open();
            assertThat(demo.post("/api/account/login", DEMO).status()).isEqualTo(200);
            assertThat(demo.get("/api/meters").json().get(0).get("id").asString()).isEqualTo("home");
            assertThat(quarters(server, now)).isGreaterThan(100);
            assertThat(rows(server, "tariff_change")).isEqualTo(1);
            demoSession = demo.cookie("SESSION");
            assertThat(demoSession).isNotNull();
        }

        String capture = new ClassPathResource("telegrams/fluvius-v217-ha-core-107813-1.txt").getFile().toString();
        try (ConfigurableApplicationContext server = start(url, "--meterkast.meters.home.type=file",
                "--meterkast.meters.home.path=" + capture)) {
            Browser demo = new Browser(port(server)).open();
            assertThat(demo.post("/api/account/login", DEMO).status()).isEqualTo(401);
            JdbcClient jdbc = server.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT count(*) FROM account WHERE email = 'demo@meterkast.local'")
                    .query(Integer.class).single()).isZero();
            assertThat(jdbc.sql("SELECT count(*) FROM SPRING_SESSION").query(Integer.class).single()).isZero();
            assertThat(jdbc.sql("SELECT count(*) FROM location").query(Integer.class).single()).isZero();

            // every simulated row is gone from the real meter's store; what remains came from the capture
            assertThat(quarters(server, now)).isZero();
            for (String table : new String[] {"quarter", "day_total", "production_quarter", "production_day",
                    "tariff_change", "hourly_volume", "notification"}) {
                assertThat(rows(server, table)).as(table).isZero();
            }
            assertThat(jdbc.sql("SELECT source FROM meter WHERE name = 'home'").query(String.class).single())
                    .doesNotContain("simulated");
            // through the API, for the account the operator gives the real meter
            TestHousehold.Login login = TestHousehold.login(server, "home");
            Browser household = Probe.loggedIn(port(server), login.email(), login.password());
            var answer = household.get("/api/meters/home/quarters?from=" + now.minus(Duration.ofDays(3))
                    + "&to=" + now.plus(Duration.ofHours(1)));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().size()).isZero();
            assertThat(household.get("/api/meters/home/tariffs").json().get("changes").size()).isZero();
        }
    }

    @Test
    void aMeterWithRealDataIsNeverSimulatedOver() throws Exception {
        String url = "jdbc:sqlite:" + folder.resolve("meterkast.db");
        String capture = new ClassPathResource("telegrams/fluvius-v217-ha-core-107813-1.txt").getFile().toString();
        int real;
        try (ConfigurableApplicationContext server = start(url, "--meterkast.meters.home.type=file",
                "--meterkast.meters.home.path=" + capture)) {
            JdbcClient jdbc = server.getBean(JdbcClient.class);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (jdbc.sql("SELECT count(*) FROM meter_month_peak").query(Integer.class).single() == 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            real = jdbc.sql("SELECT count(*) FROM meter_month_peak").query(Integer.class).single();
            assertThat(real).isPositive();
        }
        assertThatThrownBy(() -> start(url, "--meterkast.meters.home.history-days=2").close())
                .hasStackTraceContaining("meterkast.meters.home.type is sim");
        try (ConfigurableApplicationContext server = start(url, "--meterkast.meters.home.type=none")) {
            JdbcClient jdbc = server.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT count(*) FROM meter_month_peak").query(Integer.class).single())
                    .isEqualTo(real);
            assertThat(jdbc.sql("SELECT count(*) FROM quarter").query(Integer.class).single()).isZero();
        }
    }

    private static int quarters(ConfigurableApplicationContext server, Instant now) {
        return server.getBean(JdbcClient.class).sql("""
                        SELECT count(*) FROM quarter q JOIN meter m ON m.id = q.meter_id
                        WHERE m.name = 'home' AND q.start_epoch >= ?""")
                .param(now.minus(Duration.ofDays(3)).getEpochSecond()).query(Integer.class).single();
    }

    private static int rows(ConfigurableApplicationContext server, String table) {
        return server.getBean(JdbcClient.class).sql("SELECT count(*) FROM " + table).query(Integer.class).single();
    }

    private static int port(ConfigurableApplicationContext server) {
        return ((WebServerApplicationContext) server).getWebServer().getPort();
    }

    private static ConfigurableApplicationContext start(String url, String... more) {
        String[] args = new String[more.length + 2];
        args[0] = "--server.port=0";
        args[1] = "--spring.datasource.url=" + url;
        System.arraycopy(more, 0, args, 2, more.length);
        return new SpringApplicationBuilder(MeterkastApplication.class).run(args);
    }
}
