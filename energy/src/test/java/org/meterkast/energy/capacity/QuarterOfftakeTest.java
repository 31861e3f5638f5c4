package org.meterkast.energy.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.quarter.RegisterSnapshot;
import org.meterkast.energy.quarter.Registers;

class QuarterOfftakeTest {
    /** The registers of the real telegram of 12 January 2024 23:17:55 (1.8.1 116.372, 1.8.2 62.192 kWh). */
    private static RegisterSnapshot at(String instant, long importNight) {
        return new RegisterSnapshot(Instant.parse(instant), new Registers(116_372, importNight, 112_716, 42_757));
    }

    @Test
    void unknownUntilABoundaryIsCrossedThenCountedFromTheInterpolatedStart() {
        QuarterOfftake offtake = new QuarterOfftake(Duration.ofMinutes(2));
        // the server starts mid-quarter: what came before it is not known
        assertThat(offtake.accept(at("2024-01-12T22:14:50Z", 62_190))).isEmpty();
        assertThat(offtake.accept(at("2024-01-12T22:14:58Z", 62_191))).isEmpty();
        // 22:15:00 lies a fifth of the way from 22:14:58 to 22:15:08: 62,191 + 10 × 2 / 10 = 62,193
        assertThat(offtake.accept(at("2024-01-12T22:15:08Z", 62_201))).hasValue(8);
        assertThat(offtake.accept(at("2024-01-12T22:17:55Z", 62_217))).hasValue(24);
    }

    @Test
    void aReadingOnTheBoundaryStartsTheQuarterAtItsOwnRegisters() {
        QuarterOfftake offtake = new QuarterOfftake(Duration.ofMinutes(2));
        assertThat(offtake.accept(at("2024-01-12T22:15:00Z", 62_192))).hasValue(0);
        assertThat(offtake.accept(at("2024-01-12T22:15:01Z", 62_192))).hasValue(0);
        assertThat(offtake.accept(at("2024-01-12T22:29:59Z", 62_230))).hasValue(38);
        assertThat(offtake.accept(at("2024-01-12T22:30:00Z", 62_230))).hasValue(0);
    }

    @Test
    void aGapOverTheBoundaryOrARegisterGoingDownLeavesTheStartUnknown() {
        QuarterOfftake offtake = new QuarterOfftake(Duration.ofMinutes(2));
        offtake.accept(at("2024-01-12T22:15:00Z", 62_192));
        assertThat(offtake.accept(at("2024-01-12T22:33:00Z", 62_300))).isEmpty();
        assertThat(offtake.accept(at("2024-01-12T22:44:59Z", 62_399))).isEmpty();
        assertThat(offtake.accept(at("2024-01-12T22:45:01Z", 62_401))).hasValue(1);
        assertThat(offtake.accept(at("2024-01-12T22:46:00Z", 10))).isEmpty();
        // a reading not later than the last one changes nothing
        assertThat(offtake.accept(at("2024-01-12T22:46:00Z", 20))).isEmpty();
    }
}
