package org.meterkast.server.tariff;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.meterkast.energy.tariff.DistributionArea;
import org.meterkast.energy.tariff.EnergyPrice;
import org.meterkast.energy.tariff.FlemishTariff;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives a simulated household a tariff when it has none, so the demo shows costs from the first start: a
 * day/night contract in Imewo (Gent) at prices like the 2026 cards', excl. VAT. A real meter never gets one.
 */
@Component
class DemoTariff {
    private static final Logger log = LoggerFactory.getLogger(DemoTariff.class);
    /** How the ingest describes a simulated household's source. */
    private static final String SIMULATED = "simulated household";

    static final FlemishTariff TARIFF = FlemishTariff.digital(DistributionArea.IMEWO,
                    new EnergyPrice.DayAndNight(new BigDecimal("0.1450"), new BigDecimal("0.1150")),
                    new EnergyPrice.Single(new BigDecimal("0.0200")))
            .withSupplierCosts(new BigDecimal("50"), new BigDecimal("0.0110"), new BigDecimal("0.00392"));

    private final MeterRepository meters;
    private final TariffService tariffs;

    DemoTariff(MeterRepository meters, TariffService tariffs) {
        this.meters = meters;
        this.tariffs = tariffs;
    }

    @EventListener(ApplicationReadyEvent.class)
    void giveSimulatedHouseholdsATariff() {
        for (Meter meter : meters.all()) {
            if (meter.source().startsWith(SIMULATED) && tariffs.changes(meter.id()).isEmpty()) {
                tariffs.save(meter.id(), LocalDate.of(2000, 1, 1), TariffForm.of(TARIFF));
                log.info("meter '{}': a demo tariff was saved (day/night, Fluvius Imewo); change it with "
                        + "POST /api/meters/{}/tariffs", meter.name(), meter.name());
            }
        }
    }
}
