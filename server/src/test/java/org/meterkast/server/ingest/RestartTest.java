package org.meterkast.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.server.MeterkastApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A server stopped in the middle of a quarter, and started again on the same database, still closes it whole. */
class RestartTest {
    static final Instant Q0 = MeterFeed.Q0;
    /** 22:30 after Q0, half-way through its second quarter. */
    static final int STOP_AT = 23 * 60;
    static final int END = 40 * 60;

    @TempDir
    Path folder;

    @Test
    void theQuarterInWhichTheServerStoppedClosesWithItsWholeEnergy() throws Exception {
        String url = "jdbc:sqlite:" + folder.resolve("meterkast.db");
        ClosedQuarter first = new ClosedQuarter(new Quarter(Q0), 0, new QuarterEnergy(900, 0, 300, 0), false);
        ClosedQuarter interrupted = new ClosedQuarter(new Quarter(Q0).plus(1), 0, new QuarterEnergy(900, 0, 300, 0), false);

        try (MeterFeed feed = new MeterFeed(0, STOP_AT); ConfigurableApplicationContext server = start(url, feed)) {
            ApiClient api = api(server);
            api.awaitTelegrams("home", STOP_AT);
            assertThat(api.quarters("home", Q0, Q0.plusSeconds(3600))).containsExactly(first);
        }

        try (MeterFeed feed = new MeterFeed(STOP_AT, END); ConfigurableApplicationContext server = start(url, feed)) {
            ApiClient api = api(server);
            api.awaitTelegrams("home", END - STOP_AT);
            // without resuming at 10:15 the first reading after the restart (10:22:30) would begin a quarter
            // of unknown start, and 10:15 would be lost
            assertThat(api.quarters("home", Q0, Q0.plusSeconds(3600))).containsExactly(first, interrupted);
        }
    }

    private static ConfigurableApplicationContext start(String url, MeterFeed feed) {
        return new SpringApplicationBuilder(MeterkastApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + url,
                "--meterkast.meters.home.type=tcp",
                "--meterkast.meters.home.address=" + feed.address());
    }

    private static ApiClient api(ConfigurableApplicationContext server) {
        return ApiClient.signedIn(server, "home");
    }
}
