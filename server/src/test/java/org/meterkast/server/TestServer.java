package org.meterkast.server;

import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Settings a test gives the server it starts, from its {@code @DynamicPropertySource} method. */
public final class TestServer {
    private TestServer() {
    }

    /**
     * The server keeps its data in a SQLite file of the test's own ({@code spring.datasource.url}) and reads no meter
     * at home: {@code meterkast.meters.home.type} is {@code none}, so no simulated household fills it.
     */
    public static void sqliteWithoutAMeterAtHome(DynamicPropertyRegistry registry, Path database) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + database);
        registry.add("meterkast.meters.home.type", () -> "none");
    }

    /** A meter {@code name} that a data logger pushes telegrams to, sending {@code token} as its bearer token. */
    public static void pushMeter(DynamicPropertyRegistry registry, String name, String token) {
        registry.add("meterkast.meters." + name + ".type", () -> "push");
        registry.add("meterkast.meters." + name + ".token", () -> token);
    }
}
