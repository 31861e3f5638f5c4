package org.meterkast.server.smartcharging;

import java.time.YearMonth;
import java.util.List;
import org.meterkast.server.account.SignedIn;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An address's smart-charging discount: {@code /api/locations/{id}/smart-charging/…}, for the address's own account
 * only (another account's address is answered 404, as one that does not exist).
 */
@RestController
class SmartChargingController {
    private final SmartChargingService smartCharging;

    SmartChargingController(SmartChargingService smartCharging) {
        this.smartCharging = smartCharging;
    }

    /** Whether the address meets the conditions today, each unmet one as a reason, with its enrolment. */
    @GetMapping("/api/locations/{id}/smart-charging/eligibility")
    SmartChargingService.EligibilityView eligibility(@PathVariable("id") long id) {
        return smartCharging.eligibility(account(), id);
    }

    /** The address's enrolment; 204 when it has none. */
    @GetMapping("/api/locations/{id}/smart-charging/enrolment")
    ResponseEntity<EnrolmentForm> enrolment(@PathVariable("id") long id) {
        return smartCharging.enrolment(account(), id).map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    /** Enrols the address, or changes its enrolment (its answers, its end). */
    @PutMapping("/api/locations/{id}/smart-charging/enrolment")
    EnrolmentForm enrol(@PathVariable("id") long id, @RequestBody(required = false) EnrolmentForm body) {
        return smartCharging.enrol(account(), id, body);
    }

    /** The months a report exists for, newest first. */
    @GetMapping("/api/locations/{id}/smart-charging/months")
    List<YearMonth> months(@PathVariable("id") long id) {
        return smartCharging.months(account(), id);
    }

    /** A month's report: sessions, energy, discount, fee and net result. */
    @GetMapping("/api/locations/{id}/smart-charging/{month}")
    SmartChargingService.ReportView report(@PathVariable("id") long id, @PathVariable("month") String month) {
        return smartCharging.report(account(), id, month);
    }

    private static long account() {
        return SignedIn.require().accountId();
    }
}
