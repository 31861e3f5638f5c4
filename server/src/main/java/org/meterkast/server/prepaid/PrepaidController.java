package org.meterkast.server.prepaid;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.meterkast.energy.prepaid.TopUp;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.web.BadParameterException;
import org.meterkast.server.web.Parameters;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A Prepaid household: its terms, its top-ups, and its balance, state and advice. */
@RestController
@RequestMapping("/api/meters/{id}/prepaid")
class PrepaidController {
    /** A top-up as recorded: when (an ISO instant or a Brussels date; now when left out), how much, how. */
    record NewTopUp(String at, BigDecimal amount, String channel) {
    }

    private final PrepaidService prepaid;
    private final MeterRepository meters;
    private final PrepaidWatch watch;
    private final java.time.Clock clock;

    PrepaidController(PrepaidService prepaid, MeterRepository meters, PrepaidWatch watch, java.time.Clock clock) {
        this.prepaid = prepaid;
        this.watch = watch;
        this.meters = meters;
        this.clock = clock;
    }

    @GetMapping
    PrepaidService.PrepaidView status(@PathVariable("id") String id, Locale locale) {
        return prepaid.status(meters.require(id), locale);
    }

    /** The terms as saved, or 204 No Content when the household has set none yet. */
    @GetMapping("/terms")
    ResponseEntity<PrepaidTermsForm> savedTerms(@PathVariable("id") String id) {
        return prepaid.terms(meters.require(id)).map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    @PutMapping("/terms")
    PrepaidTermsForm terms(@PathVariable("id") String id, @RequestBody PrepaidTermsForm body) {
        Meter meter = meters.require(id);
        PrepaidTermsForm saved = prepaid.saveTerms(meter, body);
        watch.check(meter);
        return saved;
    }

    @GetMapping("/top-ups")
    List<TopUp> topUps(@PathVariable("id") String id) {
        return prepaid.topUps(meters.require(id));
    }

    @PostMapping("/top-ups")
    ResponseEntity<TopUp> topUp(@PathVariable("id") String id, @RequestBody NewTopUp body) {
        Meter meter = meters.require(id);
        Instant at = body.at() == null ? clock.instant() : Parameters.instantOrDate("at", body.at());
        if (body.amount() == null || body.amount().signum() <= 0 || body.amount().scale() > 2
                || body.amount().compareTo(BigDecimal.valueOf(2000)) > 0) {
            throw new BadParameterException("amount", "error.prepaid.amount",
                    body.amount() == null ? "" : body.amount().toPlainString());
        }
        String channel = body.channel() == null || body.channel().isBlank() ? "unknown" : body.channel().strip();
        TopUp topUp = prepaid.addTopUp(meter, new TopUp(at, body.amount(), channel));
        watch.check(meter);
        return ResponseEntity.status(HttpStatus.CREATED).body(topUp);
    }
}
