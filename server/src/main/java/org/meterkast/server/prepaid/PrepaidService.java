package org.meterkast.server.prepaid;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.meterkast.energy.prepaid.PrepaidLedger;
import org.meterkast.energy.prepaid.PrepaidState;
import org.meterkast.energy.prepaid.PrepaidStatus;
import org.meterkast.energy.prepaid.PrepaidTerms;
import org.meterkast.energy.prepaid.TopUp;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.QuarterRepository;
import org.meterkast.server.web.BadParameterException;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** A Prepaid household's balance from its terms, top-ups and stored quarters, confirmed by the meter's telegrams. */
@Service
class PrepaidService {
    static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    /** Warn when the live power reaches this share of the limit, before the meter cuts. */
    static final double WARN_SHARE = 0.9;

    /**
     * The answer of {@code GET /prepaid}.
     *
     * @param state       the state, the meter's open breaker first
     * @param advice      what happens next and what to do, in the user's language
     * @param meter       what the last telegram said; null before the first
     * @param nearLimit   the live power is within 10 % of the limit while power is limited
     */
    record PrepaidView(PrepaidTermsForm terms, PrepaidStatus status, PrepaidState state, String advice,
                       PrepaidMeterView.MeterSays meter, boolean nearLimit) {
    }

    private final PrepaidRepository repository;
    private final QuarterRepository quarters;
    private final PrepaidMeterView meterView;
    private final MessageSource messages;
    private final JsonMapper json;
    private final Clock clock;

    PrepaidService(PrepaidRepository repository, QuarterRepository quarters, PrepaidMeterView meterView,
                   MessageSource messages, JsonMapper json, Clock clock) {
        this.repository = repository;
        this.quarters = quarters;
        this.meterView = meterView;
        this.messages = messages;
        this.json = json;
        this.clock = clock;
    }

    PrepaidTermsForm saveTerms(Meter meter, PrepaidTermsForm form) {
        PrepaidTermsForm canonical = PrepaidTermsForm.of(form.since(), form.toTerms());
        repository.saveTerms(meter.id(), canonical.since(), json.writeValueAsString(canonical), clock.instant());
        return canonical;
    }

    Optional<PrepaidTermsForm> terms(Meter meter) {
        return repository.terms(meter.id()).map(stored -> json.readValue(stored.terms(), PrepaidTermsForm.class));
    }

    TopUp addTopUp(Meter meter, TopUp topUp) {
        if (topUp.at().isAfter(clock.instant().plusSeconds(600))) {
            throw new BadParameterException("at", "error.prepaid.future", topUp.at().toString());
        }
        repository.addTopUp(meter.id(), topUp);
        return topUp;
    }

    List<TopUp> topUps(Meter meter) {
        return repository.topUps(meter.id());
    }

    PrepaidView status(Meter meter, Locale locale) {
        PrepaidRepository.StoredTerms stored = repository.terms(meter.id())
                .orElseThrow(() -> new BadParameterException("terms", "error.prepaid.no-terms", meter.name()));
        PrepaidTermsForm form = json.readValue(stored.terms(), PrepaidTermsForm.class);
        PrepaidTerms terms = form.toTerms();
        Instant from = stored.since().atStartOfDay(BRUSSELS).toInstant();
        Instant now = clock.instant();
        PrepaidStatus status = PrepaidLedger.run(terms, BRUSSELS, from, now, repository.topUps(meter.id()),
                quarters.quarters(meter.id(), from, now));
        PrepaidMeterView.MeterSays says = meterView.latest(meter.name()).orElse(null);
        PrepaidState state = status.withBreaker(says != null && says.breakerOpen());
        long limit = says != null && says.powerLimitW() != null ? says.powerLimitW() : terms.limitedWatts();
        boolean near = says != null && (state == PrepaidState.LIMITED || says.powerLimitW() != null)
                && says.netW() >= WARN_SHARE * limit;
        // a card meter that cut the power is switched back on with its red button, not a 3-second press
        String key = state == PrepaidState.OFF && terms.meter() == PrepaidTerms.Meter.CARD
                && (says == null || !says.breakerOpen()) ? "off-card" : state.name().toLowerCase(Locale.ROOT);
        String advice = messages.getMessage("prepaid.advice." + key, new Object[] {
                status.balance().toPlainString(), status.daysLeft() == null ? "?" : status.daysLeft().toPlainString(),
                terms.emergencyCredit().setScale(2).toPlainString(), status.emergencyLeft().toPlainString(),
                Long.toString(limit), status.debt().toPlainString(), status.topUpToClearDebt().toPlainString()},
                locale);
        return new PrepaidView(form, status, state, advice, says, near);
    }
}
