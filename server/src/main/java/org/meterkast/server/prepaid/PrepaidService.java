package org.meterkast.server.prepaid;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
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

    /** The meter's Prepaid terms, or empty when the household is not on Prepaid. */
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
        String advice = advice(key, status, terms, limit, locale);
        return new PrepaidView(form, status, state, advice, says, near);
    }

    /**
     * What happens next and what to do, with its amounts and powers written as the rest of the page writes them in
     * the user's language: "€ 41,07" and "2.300 W" in Dutch, "41,07 €" and "2 300 W" in French.
     */
    private String advice(String key, PrepaidStatus status, PrepaidTerms terms, long limitW, Locale asked) {
        Locale locale = numbers(asked);
        NumberFormat euro = NumberFormat.getCurrencyInstance(locale);
        euro.setCurrency(Currency.getInstance("EUR"));
        NumberFormat whole = NumberFormat.getIntegerInstance(locale);
        String normalKey = key.equals("normal") && status.daysLeft() == null ? "normal-no-use" : key;
        return messages.getMessage("prepaid.advice." + normalKey, new Object[] {
                euro.format(status.balance()), days(status.daysLeft(), asked, locale),
                euro.format(terms.emergencyCredit()), euro.format(status.emergencyLeft()),
                whole.format(limitW), euro.format(status.debt()), euro.format(status.topUpToClearDebt())},
                asked);
    }

    /** How long the credit lasts in words: "less than a day", "about a day", "about 12 days". */
    private String days(BigDecimal daysLeft, Locale asked, Locale locale) {
        if (daysLeft == null) {
            return "";
        }
        if (daysLeft.compareTo(BigDecimal.ONE) < 0) {
            return messages.getMessage("prepaid.days.less-than-one", null, asked);
        }
        if (daysLeft.compareTo(BigDecimal.valueOf(2)) < 0) {
            return messages.getMessage("prepaid.days.about-one", null, asked);
        }
        String count = NumberFormat.getIntegerInstance(locale).format(daysLeft.setScale(0, RoundingMode.FLOOR));
        return messages.getMessage("prepaid.days.about", new Object[] {count}, asked);
    }

    /** Numbers as the web app writes them: Dutch and French as in Belgium, English as in Britain. */
    static Locale numbers(Locale asked) {
        if (!asked.getCountry().isEmpty()) {
            return asked;
        }
        return switch (asked.getLanguage()) {
            case "nl" -> new Locale("nl", "BE");
            case "fr" -> new Locale("fr", "BE");
            case "en" -> Locale.UK;
            default -> asked;
        };
    }
}
