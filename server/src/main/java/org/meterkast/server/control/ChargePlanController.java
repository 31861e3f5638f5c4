package org.meterkast.server.control;

import java.time.Clock;
import org.meterkast.server.location.Location;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A charger's plan, for its address's owner: {@code GET /api/locations/{id}/chargers/{charger}/plan}. A charger
 * not in mode plan, or whose goal lacks a figure, is answered with why (200), not an error.
 */
@RestController
class ChargePlanController {
    private final AddressChargers chargers;
    private final ChargerPreferenceService preferences;
    private final ChargePlanning planning;
    private final Clock clock;

    ChargePlanController(AddressChargers chargers, ChargerPreferenceService preferences, ChargePlanning planning,
                         Clock clock) {
        this.chargers = chargers;
        this.preferences = preferences;
        this.planning = planning;
        this.clock = clock;
    }

    @GetMapping("/api/locations/{id}/chargers/{charger}/plan")
    ChargePlanning.PlanView plan(@PathVariable("id") long id, @PathVariable("charger") String charger) {
        Location location = chargers.require(id, charger);
        return planning.view(location.id(), charger, preferences.of(location.id(), charger), clock.instant());
    }
}
