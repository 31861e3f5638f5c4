package org.meterkast.server.account;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@link SharedSessionTest} on the machine's own PostgreSQL (127.0.0.1:5432, user postgres), as a cluster runs:
 * JUnit tag {@code cluster}, run by {@code mvn -Pcluster -pl server -am verify}. Each run makes a database of its own
 * and drops it afterwards. Override the server with {@code -Dmeterkast.cluster.postgres=jdbc:postgresql://host:port/}.
 */
@Tag("cluster")
class ClusterSessionTest {
    private static final String SERVER = System.getProperty("meterkast.cluster.postgres",
            "jdbc:postgresql://127.0.0.1:5432/");
    private static final String DATABASE = "meterkast_cluster_" + ProcessHandle.current().pid();
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void start() throws SQLException {
        admin("CREATE DATABASE " + DATABASE);
        String url = SERVER + DATABASE + "?user=postgres";
        first = SharedSessionTest.node(url);
        second = SharedSessionTest.node(url);
    }

    @AfterAll
    static void stop() throws SQLException {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {first, second}) {
            if (node != null) {
                node.close();
            }
        }
        admin("DROP DATABASE IF EXISTS " + DATABASE);
    }

    @Test
    void aSessionFromOneNodeIsGoodOnTheOtherUntilLoggedOut() {
        SharedSessionTest.walk(first, second);
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
