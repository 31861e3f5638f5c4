package org.meterkast.sim.ev;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meterkast.sim.ev.ChargingProfile.Kind;
import org.meterkast.sim.ev.ChargingProfile.Period;
import org.meterkast.sim.ev.ChargingProfile.Purpose;
import org.meterkast.sim.ev.ChargingProfile.Recurrency;
import org.meterkast.sim.ev.ChargingProfile.Schedule;
import org.meterkast.sim.ev.ChargingProfile.Unit;

class ChargingProfilesTest {
    private static final Set<Unit> BOTH = EnumSet.allOf(Unit.class);
    private static final Instant TX_START = Instant.parse("2026-03-02T18:00:00Z");
    /** The charger's own 16 A on 3 phases: 16 × 230 × 3. */
    private static final long CEILING = 11_040;

    private static int nextId = 100;

    /** One period from 0 s, Relative (from the transaction's start). */
    private static ChargingProfile relative(Purpose purpose, int stack, Unit unit, double limit) {
        return profile(purpose, stack, Kind.Relative, null, null, unit, new Period(0, Math.round(limit * 1000), null));
    }

    private static ChargingProfile profile(Purpose purpose, int stack, Kind kind, Instant startSchedule,
                                           Duration duration, Unit unit, Period... periods) {
        return new ChargingProfile(nextId++, purpose == Purpose.ChargePointMaxProfile ? 0 : 1, null, stack, purpose,
                kind, kind == Kind.Recurring ? Recurrency.Daily : null, null, null,
                new Schedule(duration, startSchedule, unit, List.of(periods)));
    }

    private static Period period(long startSeconds, double amps) {
        return new Period(startSeconds, Math.round(amps * 1000), null);
    }

    static Stream<Arguments> cases() {
        Instant night = Instant.parse("2026-03-01T22:00:00Z");
        return Stream.of(
                Arguments.of("none installed: the charger's own 16 A", List.of(), TX_START, CEILING),
                Arguments.of("a default of 10 A: 10 × 230 × 3", List.of(
                        relative(Purpose.TxDefaultProfile, 0, Unit.A, 10)), TX_START, 6_900L),
                Arguments.of("the higher stack level wins, even when it allows less", List.of(
                        relative(Purpose.TxDefaultProfile, 0, Unit.A, 10),
                        relative(Purpose.TxDefaultProfile, 1, Unit.A, 6)), TX_START, 4_140L),
                Arguments.of("a TxProfile overrides the default, even upwards", List.of(
                        relative(Purpose.TxDefaultProfile, 5, Unit.A, 10),
                        relative(Purpose.TxProfile, 0, Unit.A, 13)), TX_START, 8_970L),
                Arguments.of("the charge point's maximum caps the transaction's limit: min(8 A, 10 A)", List.of(
                        relative(Purpose.ChargePointMaxProfile, 0, Unit.A, 8),
                        relative(Purpose.TxDefaultProfile, 0, Unit.A, 10)), TX_START, 5_520L),
                Arguments.of("a limit in W is taken as it is", List.of(
                        relative(Purpose.TxDefaultProfile, 0, Unit.W, 5_000)), TX_START, 5_000L),
                Arguments.of("a limit above the charger's own gives the charger's own", List.of(
                        relative(Purpose.TxDefaultProfile, 0, Unit.A, 32)), TX_START, CEILING),
                Arguments.of("a relative schedule, 30 min into the first hour's 16 A", List.of(
                        profile(Purpose.TxProfile, 0, Kind.Relative, null, null, Unit.A,
                                period(0, 16), period(3_600, 6))), TX_START.plusSeconds(1_800), CEILING),
                Arguments.of("a relative schedule, 90 min in: the second period's 6 A", List.of(
                        profile(Purpose.TxProfile, 0, Kind.Relative, null, null, Unit.A,
                                period(0, 16), period(3_600, 6))), TX_START.plusSeconds(5_400), 4_140L),
                Arguments.of("an absolute schedule whose hour is over no longer applies", List.of(
                        profile(Purpose.TxDefaultProfile, 0, Kind.Absolute, TX_START.minusSeconds(7_200),
                                Duration.ofHours(1), Unit.A, period(0, 6))), TX_START, CEILING),
                Arguments.of("nightly from 22:00: 16 A for 8 h, then 0; at 23:00 the next night", List.of(
                        profile(Purpose.TxDefaultProfile, 0, Kind.Recurring, night, null, Unit.A,
                                period(0, 16), period(8 * 3_600, 0))), Instant.parse("2026-03-02T23:00:00Z"),
                        CEILING),
                Arguments.of("nightly from 22:00: at 07:00 the day after, 9 h in: 0 A", List.of(
                        profile(Purpose.TxDefaultProfile, 0, Kind.Recurring, night, null, Unit.A,
                                period(0, 16), period(8 * 3_600, 0))), Instant.parse("2026-03-03T07:00:00Z"), 0L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theCompositeIsTheLowestOfTheWinningLimits(String name, List<ChargingProfile> installed, Instant at,
                                                  long watts) {
        ChargingProfiles profiles = new ChargingProfiles();
        for (ChargingProfile p : installed) {
            assertThat(profiles.install(p, 42, BOTH)).as(p.toString()).isEmpty();
        }
        assertThat(profiles.at(at, TX_START).watts(3, CEILING)).isEqualTo(watts);
    }

    @Test
    void whatIsRefusedAndWhy() {
        ChargingProfiles profiles = new ChargingProfiles();
        assertThat(profiles.install(relative(Purpose.TxProfile, 0, Unit.A, 10), null, BOTH))
                .contains("a TxProfile needs a running transaction, and none runs");
        ChargingProfile forAnother = new ChargingProfile(1, 1, 7, 0, Purpose.TxProfile, Kind.Relative, null, null,
                null, new Schedule(null, null, Unit.A, List.of(period(0, 10))));
        assertThat(profiles.install(forAnother, 42, BOTH))
                .contains("the TxProfile is for transaction 7, not the running 42");
        ChargingProfile maxOnConnector = new ChargingProfile(2, 1, null, 0, Purpose.ChargePointMaxProfile,
                Kind.Relative, null, null, null, new Schedule(null, null, Unit.A, List.of(period(0, 10))));
        assertThat(profiles.install(maxOnConnector, 42, BOTH))
                .contains("a ChargePointMaxProfile belongs on connector 0, not 1");
        assertThat(profiles.install(relative(Purpose.TxDefaultProfile, 0, Unit.W, 5_000), 42, EnumSet.of(Unit.A)))
                .contains("the unit W is not among [A]");
        assertThat(profiles.size()).isZero();
    }

    @Test
    void aProfileReplacesOneWithItsIdOrItsPurposeAndStackLevel() {
        ChargingProfiles profiles = new ChargingProfiles();
        profiles.install(relative(Purpose.TxDefaultProfile, 0, Unit.A, 10), 42, BOTH);
        profiles.install(relative(Purpose.TxDefaultProfile, 0, Unit.A, 12), 42, BOTH);
        assertThat(profiles.size()).isEqualTo(1);
        assertThat(profiles.at(TX_START, TX_START).watts(3, CEILING)).isEqualTo(12 * 230 * 3);
        ChargingProfile tx = relative(Purpose.TxProfile, 0, Unit.A, 6);
        profiles.install(tx, 42, BOTH);
        assertThat(profiles.size()).isEqualTo(2);
        profiles.endTransaction();
        assertThat(profiles.size()).isEqualTo(1);
        assertThat(profiles.clear(null, null, Purpose.TxProfile, null)).isFalse();
        assertThat(profiles.clear(null, 1, Purpose.TxDefaultProfile, 0)).isTrue();
        assertThat(profiles.at(TX_START, TX_START)).isEqualTo(ChargingProfiles.Composite.NONE);
    }

    @Test
    void aProfileAsksForOnePhaseThroughItsPeriod() {
        ChargingProfiles profiles = new ChargingProfiles();
        profiles.install(profile(Purpose.TxDefaultProfile, 0, Kind.Relative, null, null, Unit.A,
                new Period(0, 16_000, 1)), 42, BOTH);
        assertThat(profiles.at(TX_START, TX_START).phases()).isEqualTo(Optional.of(1));
        // 16 A on the one phase: 16 × 230 = 3,680 W
        assertThat(profiles.at(TX_START, TX_START).watts(1, 16 * 230)).isEqualTo(3_680);
    }
}
