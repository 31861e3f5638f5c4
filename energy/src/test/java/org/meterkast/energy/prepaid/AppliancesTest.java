package org.meterkast.energy.prepaid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AppliancesTest {
    @Test
    void theBrochuresTableIsThere() {
        List<Appliances.Appliance> table = Appliances.table();
        assertThat(table).hasSize(32);
        assertThat(table).contains(new Appliances.Appliance("fridge", 110, 250),
                new Appliances.Appliance("microwave", 600, 3000), new Appliances.Appliance("freezer", 250, 350));
    }

    @Test
    void theBrochuresExampleFitsUnder2300Watts() {
        // fridge 150 W + freezer 250 W + kitchen water heater 1,200 W + microwave 600 W + television 90 W = 2,290 W
        Appliances.Plan plan = Appliances.plan(List.of(150L, 250L, 1200L, 600L, 90L), 2300);
        assertThat(plan.totalWatts()).isEqualTo(2290);
        assertThat(plan.fits()).isTrue();
        assertThat(plan.headroomWatts()).isEqualTo(10);
        // with a toaster of 500 W on top, they do not
        assertThat(Appliances.plan(List.of(150L, 250L, 1200L, 600L, 90L, 500L), 2300).fits()).isFalse();
    }
}
