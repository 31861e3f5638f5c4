package org.meterkast.p1.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUpToTheMaximumAndStartsAgainOnceTheSourceAnswers() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

        assertThat(backoff.current()).isEqualTo(Duration.ofSeconds(1));
        long[] pauses = new long[8];
        for (int i = 0; i < pauses.length; i++) {
            pauses[i] = backoff.failed().toSeconds();
        }
        assertThat(pauses).containsExactly(1, 2, 4, 8, 16, 32, 60, 60);

        backoff.reset();
        assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.current()).isEqualTo(Duration.ofSeconds(2));
    }
}
