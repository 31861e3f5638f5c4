package org.meterkast.server.control;

import java.time.Duration;
import java.util.Optional;
import org.meterkast.energy.storage.BatteryPolicy;
import org.meterkast.energy.storage.BoilerPolicy;
import org.meterkast.energy.storage.BoilerRules;
import org.meterkast.energy.tariff.DayNightSchedule;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The home battery's and the boiler's policies for every address, after the peak guard (10) and the charging modes
 * (20): savings after safety. Each takes its share of the solar surplus in the household's order.
 */
@Configuration(proxyBeanMethods = false)
class StoragePolicies {
    @Bean
    @Order(30)
    PolicyFactory batterySelfConsumption(BoilerRules rules) {
        return meter -> Optional.of(new BatteryPolicy(rules));
    }

    @Bean
    @Order(40)
    PolicyFactory boilerOnSurplus(BoilerRules rules) {
        return meter -> Optional.of(new BoilerPolicy(rules));
    }

    /**
     * How the boilers are run, {@code meterkast.control.boiler.*}: the relay's least on and off times, the margin
     * above the floor once below it, and the night top-up above the floor.
     */
    @Bean
    BoilerRules boilerRules(@Value("${meterkast.control.boiler.min-on:5m}") Duration minOn,
                            @Value("${meterkast.control.boiler.min-off:5m}") Duration minOff,
                            @Value("${meterkast.control.boiler.floor-margin:3}") double floorMarginK,
                            @Value("${meterkast.control.boiler.night-top-up:5}") double nightTopUpK) {
        try {
            return new BoilerRules(minOn, minOff, floorMarginK, nightTopUpK, DayNightSchedule.STANDARD,
                    BoilerRules.DEFAULTS.zone());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("meterkast.control.boiler.*: " + e.getMessage(), e);
        }
    }
}
