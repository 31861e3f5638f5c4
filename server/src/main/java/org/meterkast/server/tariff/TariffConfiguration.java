package org.meterkast.server.tariff;

import org.meterkast.energy.bill.BillCalculator;
import org.meterkast.energy.tariff.Levies;
import org.meterkast.energy.tariff.NetworkTariffs;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The network tariffs and levies shipped with Meterkast, and the bill calculator on them. */
@Configuration
class TariffConfiguration {
    @Bean
    NetworkTariffs networkTariffs() {
        return NetworkTariffs.shipped();
    }

    @Bean
    Levies levies() {
        return Levies.shipped();
    }

    @Bean
    BillCalculator billCalculator(NetworkTariffs network, Levies levies) {
        return new BillCalculator(network, levies, TariffService.BRUSSELS).measuredDaysOnly();
    }
}
