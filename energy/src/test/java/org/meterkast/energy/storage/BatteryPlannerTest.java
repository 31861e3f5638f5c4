package org.meterkast.energy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.ev.QuarterOutlook;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.storage.BatteryPlanner.PlannedQuarter;

class BatteryPlannerTest {
    private static final Quarter FIRST = Quarter.containing(Instant.parse("2026-11-24T16:00:00Z"));

    // The 10 kWh battery (5 kW each way, reserve 10 % = 1,000 Wh), 95 % each way (0.9025 both ways). A quarter is a
    // quarter of an hour: 2,000 W of load is 500 Wh. Plan in W: + charge from the grid, − discharge, 0 keep.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                  | prices €/kWh | load W    | solar Wh | soc % | peak W | plan W
        # 500 Wh needed at 0.40: 500 / 0.9025 = 554 Wh from the grid at 0.10, 2,216 W
          charge cheap, discharge dear           | 0.10 0.40    | 2000 2000 | 0 0      |    10 |  10000 | 2216 -2000
        # the peak limit leaves (2,500 − 2,000) W = 125 Wh to charge; 125 × 0.9025 = 112.8 Wh out, 451 W
          within the peak limit                  | 0.10 0.40    | 2000 2000 | 0 0      |    10 |   2500 | 500 -451
        # 0.30 is not below 0.31 × 0.9025 = 0.28: charging from the grid does not pay
          no spread worth the losses             | 0.30 0.31    | 2000 2000 | 0 0      |    10 |  10000 | 0 0
          enough stored for both                 | 0.30 0.31    | 2000 2000 | 0 0      |    50 |  10000 | -2000 -2000
        # 500 Wh above the reserve deliver 475 Wh: all for the dear quarter, the cheaper one keeps it; the dear one's
        # last 25 Wh are bought at 0.30 (below 0.40 × 0.9025): 25 / 0.9025 = 27.7 Wh, 111 W
          keep the charge for the dearer quarter | 0.30 0.40    | 2000 2000 | 0 0      |    15 |   2500 | 111 -2000
        # the sun stores min(2,000, 1,250) × 0.95 = 1,187.5 Wh first: no grid needed
          the sun fills it                       | 0.10 0.40    | 0 2000    | 2000 0   |    10 |  10000 | 0 -2000
        """)
    void chargesInTheCheapestQuartersAndAvoidsTheDearest(String name, String prices, String loads, String solar,
                                                         double soc, long peakW, String plan) {
        String[] p = prices.split(" ");
        String[] l = loads.split(" ");
        String[] s = solar.split(" ");
        List<QuarterOutlook> quarters = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            quarters.add(new QuarterOutlook(FIRST.plus(i), new BigDecimal(p[i]), BigDecimal.ZERO,
                    Long.parseLong(s[i]), Power.ofWatts(Long.parseLong(l[i]))));
        }

        List<PlannedQuarter> planned = BatteryPlanner.plan(new BatteryPlanner.Request(quarters, Sites.LIMITS, soc, 95,
                Power.ofWatts(peakW)));

        assertThat(planned).extracting(q -> q.planned().watts())
                .containsExactlyElementsOf(Arrays.stream(plan.split(" ")).map(Long::valueOf).toList());
    }

    @Test
    void theExpectedChargeFollowsThePlan() {
        // 125 Wh from the grid store 118.75 Wh: 1,118.75 Wh (11.19 %); the 112.8 Wh delivered take it back to 10 %
        var quarters = List.of(
                new QuarterOutlook(FIRST, new BigDecimal("0.10"), BigDecimal.ZERO, 0, Power.ofWatts(2000)),
                new QuarterOutlook(FIRST.plus(1), new BigDecimal("0.40"), BigDecimal.ZERO, 0, Power.ofWatts(2000)));

        List<PlannedQuarter> planned = BatteryPlanner.plan(new BatteryPlanner.Request(quarters, Sites.LIMITS, 10, 95,
                Power.ofWatts(2500)));

        assertThat(planned.get(0).expectedSocEnd()).isCloseTo(11.1875, org.assertj.core.data.Offset.offset(0.001));
        assertThat(planned.get(1).expectedSocEnd()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(0.001));
    }
}
