package org.meterkast.energy.quarter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BucketsTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    /** One quarter of 1 Wh import every quarter hour from {@code from} to {@code to}. */
    private static List<ClosedQuarter> everyQuarter(String from, String to) {
        List<ClosedQuarter> quarters = new ArrayList<>();
        for (Quarter q = Quarter.containing(Instant.parse(from)); q.start().isBefore(Instant.parse(to)); q = q.plus(1)) {
            quarters.add(new ClosedQuarter(q, 0, new QuarterEnergy(1, 0, 0, 0), false));
        }
        return quarters;
    }

    @ParameterizedTest(name = "{0}: {1} quarters")
    @CsvSource(textBlock = """
        2026-03-29, 92
        2026-03-30, 96
        2026-10-25, 100
        2026-11-24, 96
        """)
    void aBrusselsDayHas23Or24Or25Hours(String day, int quarters) {
        Instant start = java.time.LocalDate.parse(day).atStartOfDay(BRUSSELS).toInstant();
        List<Bucket> buckets = Buckets.sum(everyQuarter("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"),
                start, start.plusSeconds(1), BucketSize.DAY, BRUSSELS);
        assertThat(buckets).singleElement().satisfies(b -> {
            assertThat(b.start()).isEqualTo(start);
            assertThat(b.expected()).isEqualTo(quarters);
            assertThat(b.quarters()).isEqualTo(quarters);
            assertThat(b.energy().importDay()).isEqualTo(quarters);
            assertThat(b.complete()).isTrue();
        });
    }

    @Test
    void theDstDayHas23And25HourlyBuckets() {
        List<ClosedQuarter> year = everyQuarter("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
        Instant march = java.time.LocalDate.parse("2026-03-29").atStartOfDay(BRUSSELS).toInstant();
        Instant october = java.time.LocalDate.parse("2026-10-25").atStartOfDay(BRUSSELS).toInstant();
        assertThat(Buckets.sum(year, march, BucketSize.DAY.next(march, BRUSSELS), BucketSize.HOUR, BRUSSELS)).hasSize(23);
        assertThat(Buckets.sum(year, october, BucketSize.DAY.next(october, BRUSSELS), BucketSize.HOUR, BRUSSELS)).hasSize(25);
    }

    @Test
    void weeksStartOnMondayAndMonthsAndYearsSumTheirQuarters() {
        List<ClosedQuarter> year = everyQuarter("2025-12-01T00:00:00Z", "2027-01-01T00:00:00Z");
        // Tuesday 24 November 2026: its week starts on Monday the 23rd, local midnight
        Instant tuesday = Instant.parse("2026-11-24T12:00:00Z");
        assertThat(BucketSize.WEEK.start(tuesday, BRUSSELS)).isEqualTo(Instant.parse("2026-11-22T23:00:00Z"));

        Instant from = java.time.LocalDate.parse("2026-01-01").atStartOfDay(BRUSSELS).toInstant();
        Instant to = java.time.LocalDate.parse("2027-01-01").atStartOfDay(BRUSSELS).toInstant();
        List<Bucket> months = Buckets.sum(year, from, to, BucketSize.MONTH, BRUSSELS);
        assertThat(months).hasSize(12);
        assertThat(months.get(1).expected()).isEqualTo(28 * 96);
        assertThat(months.get(2).expected()).isEqualTo(31 * 96 - 4);      // March loses an hour
        assertThat(months.get(9).expected()).isEqualTo(31 * 96 + 4);      // October gains one
        List<Bucket> years = Buckets.sum(year, from, to.minusSeconds(1), BucketSize.YEAR, BRUSSELS);
        assertThat(years).singleElement().satisfies(y -> {
            assertThat(y.expected()).isEqualTo(35_040);
            assertThat(y.energy().imported()).isEqualTo(35_040);
        });
        assertThat(months.stream().mapToLong(b -> b.energy().imported()).sum()).isEqualTo(35_040);
    }

    @Test
    void bucketsWithoutQuartersAreThereWithZeroAndCountWhatIsMissing() {
        List<ClosedQuarter> some = new ArrayList<>(everyQuarter("2026-11-24T08:00:00Z", "2026-11-24T09:00:00Z"));
        some.add(new ClosedQuarter(Quarter.parse("2026-11-24T09:00:00Z"), 0, new QuarterEnergy(5, 0, 2, 0), true));
        Instant from = Instant.parse("2026-11-24T07:00:00Z");
        List<Bucket> hours = Buckets.sum(some, from, Instant.parse("2026-11-24T10:00:00Z"), BucketSize.HOUR, BRUSSELS);
        assertThat(hours).extracting(Bucket::quarters).containsExactly(0, 4, 1);
        assertThat(hours).extracting(b -> b.energy().imported()).containsExactly(0L, 4L, 5L);
        assertThat(hours.get(2).estimated()).isEqualTo(1);
        assertThat(hours.get(2).energy().exported()).isEqualTo(2);
        assertThat(hours.get(2).complete()).isFalse();
    }
}
