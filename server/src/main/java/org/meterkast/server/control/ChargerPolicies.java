package org.meterkast.server.control;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.meterkast.energy.control.ChargingMode;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Policy;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.ev.ChargingModePolicy;
import org.meterkast.energy.ev.SolarSettings;
import org.meterkast.energy.storage.PeakGuard;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The chargers' policies for every address, in the order they run: the capacity-peak guard first (it caps the
 * chargers, the boilers and the batteries' charging, and discharges the batteries), then the household's charging
 * mode (it offers); the battery's and the boiler's own policies follow ({@link StoragePolicies}).
 */
@Configuration(proxyBeanMethods = false)
class ChargerPolicies {
    @Bean
    @Order(10)
    PolicyFactory peakGuard() {
        return meter -> Optional.of(new OutsideNow(new PeakGuard(PeakGuard.DEFAULT_REACTION)));
    }

    @Bean
    @Order(20)
    PolicyFactory chargingModes(SolarSettings solar) {
        return meter -> Optional.of(new ChargingModePolicy(solar));
    }

    /**
     * How solar charging starts and stops, {@code meterkast.control.solar.*}: the margins in W and the delays
     * (evcc's defaults: start after 1 min, stop after 3, three phases after 1 min, one after 3).
     */
    @Bean
    SolarSettings solarSettings(@Value("${meterkast.control.solar.start-margin:0}") long startMarginW,
                                @Value("${meterkast.control.solar.stop-margin:0}") long stopMarginW,
                                @Value("${meterkast.control.solar.enable-delay:1m}") Duration enableDelay,
                                @Value("${meterkast.control.solar.disable-delay:3m}") Duration disableDelay,
                                @Value("${meterkast.control.solar.phase-up-delay:1m}") Duration phaseUpDelay,
                                @Value("${meterkast.control.solar.phase-down-delay:3m}") Duration phaseDownDelay) {
        try {
            return new SolarSettings(startMarginW, stopMarginW, enableDelay, disableDelay, phaseUpDelay,
                    phaseDownDelay);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("meterkast.control.solar.*: " + e.getMessage(), e);
        }
    }

    /**
     * A guard that leaves alone the chargers the household set to charge now at full power: that is its explicit
     * wish, and the peak it sets is its own choice. Their draw still counts as the house's load for the others.
     */
    record OutsideNow(Policy guard) implements Policy {
        @Override
        public String name() {
            return guard.name();
        }

        @Override
        public List<Command> decide(SiteSnapshot site) {
            return guard.decide(new SiteSnapshot(site.at(), site.grid(), site.quarterImportWh(), site.quarterExportWh(),
                    site.production(), site.peakLimit(),
                    site.chargers().stream().filter(c -> c.mode() != ChargingMode.NOW).toList(), site.batteries(),
                    site.boilers(), site.surplusOrder()));
        }
    }
}
