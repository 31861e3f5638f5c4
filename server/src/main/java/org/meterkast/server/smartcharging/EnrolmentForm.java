package org.meterkast.server.smartcharging;

import java.time.LocalDate;
import org.meterkast.energy.smartcharging.Enrolment;
import org.meterkast.energy.smartcharging.Vehicle;
import org.meterkast.server.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * An enrolment as the API takes and shows it: {@code {"since":"2026-01-05","vehicle":"Kia EV6",
 * "vehicleIdTag":"04A2B3C4","supplyContract":true,"quarterHourMetering":true,"onlyThisApp":true,
 * "normalChargingPercent":30,"targetPercent":80}}; {@code "until"} is the last day when the household ended it.
 * An answer left out is "no" (or "not given" for the levels); eligibility says what it still lacks.
 */
record EnrolmentForm(LocalDate since, LocalDate until, String vehicle, String vehicleIdTag, Boolean supplyContract,
                     Boolean quarterHourMetering, Boolean onlyThisApp, Integer normalChargingPercent,
                     Integer targetPercent) {

    /** The enrolment; a missing or wrong field is a 400 naming it. */
    Enrolment toEnrolment() {
        if (since == null) {
            throw refused("since", "smartCharging.enrolment.since");
        }
        if (until != null && until.isBefore(since)) {
            throw refused("until", "smartCharging.enrolment.until", until.toString(), since.toString());
        }
        String name = vehicle == null ? "" : vehicle.strip();
        String tag = vehicleIdTag == null ? "" : vehicleIdTag.strip();
        if (name.length() > Vehicle.NAME_LENGTH) {
            throw refused("vehicle", "smartCharging.enrolment.vehicle", Integer.toString(Vehicle.NAME_LENGTH));
        }
        if (tag.length() > Vehicle.ID_TAG_LENGTH) {
            throw refused("vehicleIdTag", "smartCharging.enrolment.id-tag", tag,
                    Integer.toString(Vehicle.ID_TAG_LENGTH));
        }
        if (name.isEmpty() && !tag.isEmpty()) {
            throw refused("vehicle", "smartCharging.enrolment.vehicle-for-tag", tag);
        }
        percent("normalChargingPercent", normalChargingPercent);
        percent("targetPercent", targetPercent);
        return new Enrolment(since, until, name.isEmpty() ? null : new Vehicle(name, tag.isEmpty() ? null : tag),
                Boolean.TRUE.equals(supplyContract), Boolean.TRUE.equals(quarterHourMetering),
                Boolean.TRUE.equals(onlyThisApp), normalChargingPercent, targetPercent);
    }

    static EnrolmentForm of(Enrolment e) {
        return new EnrolmentForm(e.since(), e.until(), e.vehicle() == null ? null : e.vehicle().name(),
                e.vehicle() == null ? null : e.vehicle().idTag(), e.supplyContract(), e.quarterHourMetering(),
                e.onlyThisApp(), e.normalChargingPercent(), e.targetPercent());
    }

    private static void percent(String field, Integer value) {
        if (value != null && (value < 0 || value > 100)) {
            throw refused(field, "smartCharging.enrolment.percent", field, value.toString());
        }
    }

    private static ApiException refused(String field, String code, String... arguments) {
        return new ApiException(HttpStatus.BAD_REQUEST, field, code, arguments);
    }
}
