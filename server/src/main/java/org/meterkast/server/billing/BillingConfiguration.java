package org.meterkast.server.billing;

import org.meterkast.server.price.MarketPrices;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The bill reads day-ahead prices from the price feature's store. */
@Configuration
class BillingConfiguration {
    @Bean
    PriceLookup storedPrices(MarketPrices prices) {
        return prices::between;
    }
}
