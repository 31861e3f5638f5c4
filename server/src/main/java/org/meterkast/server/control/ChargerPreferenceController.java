package org.meterkast.server.control;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.meterkast.energy.control.ChargingMode;
import org.meterkast.server.location.Location;
import org.meterkast.server.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * How the household wants each charger of its address to charge:
 * {@code GET}/{@code PUT /api/locations/{id}/chargers/{charger}/preferences}, each value checked with the error
 * under its field.
 */
@RestController
class ChargerPreferenceController {
    private static final BigDecimal LEAST_CONSUMPTION = BigDecimal.valueOf(5);
    private static final BigDecimal MOST_CONSUMPTION = BigDecimal.valueOf(60);
    private static final BigDecimal LEAST_BATTERY = BigDecimal.valueOf(5);
    private static final BigDecimal MOST_BATTERY = BigDecimal.valueOf(250);

    private final AddressChargers chargers;
    private final ChargerPreferenceService preferences;

    ChargerPreferenceController(AddressChargers chargers, ChargerPreferenceService preferences) {
        this.chargers = chargers;
        this.preferences = preferences;
    }

    /**
     * The preferences as the app sends them: the mode by name ({@code off}, {@code now}, {@code min_solar},
     * {@code solar}, {@code plan}), the departure as {@code HH:MM}, the rest as numbers; consumption left out is 25.
     */
    record PreferencesForm(String mode, Integer targetSoc, String departure, Integer normalUpTo, BigDecimal batteryKwh,
                           Integer soc, BigDecimal consumptionKwh100Km) {
    }

    @GetMapping("/api/locations/{id}/chargers/{charger}/preferences")
    ChargerPreferences get(@PathVariable("id") long id, @PathVariable("charger") String charger) {
        Location location = chargers.require(id, charger);
        return preferences.of(location.id(), charger);
    }

    @PutMapping("/api/locations/{id}/chargers/{charger}/preferences")
    ChargerPreferences put(@PathVariable("id") long id, @PathVariable("charger") String charger,
                           @RequestBody PreferencesForm form) {
        Location location = chargers.require(id, charger);
        ChargerPreferences checked = check(form);
        preferences.save(location.id(), charger, checked);
        return checked;
    }

    static ChargerPreferences check(PreferencesForm form) {
        if (form == null || form.mode() == null) {
            throw bad("mode", "device.preferences.mode");
        }
        ChargingMode mode;
        try {
            mode = ChargingMode.valueOf(form.mode().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad("mode", "device.preferences.mode");
        }
        if (form.targetSoc() != null && (form.targetSoc() < 1 || form.targetSoc() > 100)) {
            throw bad("targetSoc", "device.preferences.target-soc");
        }
        LocalTime departure = null;
        if (form.departure() != null && !form.departure().isBlank()) {
            try {
                departure = LocalTime.parse(form.departure().strip());
            } catch (DateTimeParseException e) {
                throw bad("departure", "device.preferences.departure");
            }
            if (departure.getSecond() != 0 || departure.getNano() != 0) {
                throw bad("departure", "device.preferences.departure");
            }
        }
        if (form.normalUpTo() != null && (form.normalUpTo() < 0 || form.normalUpTo() > 100
                || form.targetSoc() != null && form.normalUpTo() > form.targetSoc())) {
            throw bad("normalUpTo", "device.preferences.normal-up-to");
        }
        if (form.batteryKwh() != null && (form.batteryKwh().compareTo(LEAST_BATTERY) < 0
                || form.batteryKwh().compareTo(MOST_BATTERY) > 0)) {
            throw bad("batteryKwh", "device.preferences.battery");
        }
        if (form.soc() != null && (form.soc() < 0 || form.soc() > 100)) {
            throw bad("soc", "device.preferences.soc");
        }
        BigDecimal consumption = form.consumptionKwh100Km() == null ? ChargerPreferences.DEFAULT_CONSUMPTION
                : form.consumptionKwh100Km();
        if (consumption.compareTo(LEAST_CONSUMPTION) < 0 || consumption.compareTo(MOST_CONSUMPTION) > 0) {
            throw bad("consumptionKwh100Km", "device.preferences.consumption");
        }
        return new ChargerPreferences(mode, form.targetSoc(), departure, form.normalUpTo(), form.batteryKwh(),
                form.soc(), consumption);
    }

    private static ApiException bad(String field, String code) {
        return new ApiException(HttpStatus.BAD_REQUEST, field, code);
    }
}
