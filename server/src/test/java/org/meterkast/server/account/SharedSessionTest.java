package org.meterkast.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meterkast.server.MeterkastApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two nodes on one PostgreSQL, as behind a load balancer: a session made on one is good on the other, and a log-out
 * on one ends it on both, because sessions live in the database. Here on an embedded PostgreSQL;
 * {@link ClusterSessionTest} runs the same on the machine's own server.
 */
class SharedSessionTest {
    private static EmbeddedPostgres postgres;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.start();
        String url = postgres.getJdbcUrl("postgres", "postgres");
        first = node(url);
        second = node(url);
    }

    @AfterAll
    static void stop() throws IOException {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {first, second}) {
            if (node != null) {
                node.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    static ConfigurableApplicationContext node(String jdbcUrl) {
        return new SpringApplicationBuilder(MeterkastApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--meterkast.meters.home.type=none",
                "--meterkast.demo.enabled=false");
    }

    static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }

    @Test
    void aSessionFromOneNodeIsGoodOnTheOtherUntilLoggedOut() {
        walk(first, second);
    }

    /** Registers on the first node, works on the second, logs out there, and is logged out on the first. */
    static void walk(ConfigurableApplicationContext first, ConfigurableApplicationContext second) {
        Browser onFirst = new Browser(port(first)).open();
        assertThat(onFirst.post("/api/account/register",
                "{\"email\":\"cluster@example.be\",\"password\":\"two-nodes-one-db\"}").status()).isEqualTo(201);

        Browser onSecond = onFirst.on(port(second));
        Browser.Answer me = onSecond.get("/api/account");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("email").asString()).isEqualTo("cluster@example.be");
        // a change on the second node, with the CSRF token the first one set
        assertThat(onSecond.post("/api/account/tokens", "{\"name\":\"from node 2\"}").status()).isEqualTo(201);
        assertThat(onFirst.get("/api/account/tokens").json().get(0).get("name").asString()).isEqualTo("from node 2");

        assertThat(onSecond.post("/api/account/logout", null).status()).isEqualTo(204);
        assertThat(onFirst.get("/api/account").status()).isEqualTo(401);
    }
}
