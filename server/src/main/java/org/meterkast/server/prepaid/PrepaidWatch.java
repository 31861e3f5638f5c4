package org.meterkast.server.prepaid;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import org.meterkast.energy.prepaid.PrepaidState;
import org.meterkast.server.notify.Notifications;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Watches each Prepaid household's state and tells it of a change to low, emergency, limited or off: after a
 * top-up or new terms, every few minutes as quarters are stored ({@code meterkast.prepaid.check-every}, PT5M), and
 * as soon as the meter's breaker opens or closes.
 */
@Component
class PrepaidWatch {
    static final String KIND = "prepaid";
    private static final Logger log = LoggerFactory.getLogger(PrepaidWatch.class);

    private final PrepaidService prepaid;
    private final PrepaidRepository repository;
    private final MeterRepository meters;
    private final Notifications notifications;
    private final TaskExecutor executor;

    PrepaidWatch(PrepaidService prepaid, PrepaidRepository repository, MeterRepository meters,
                 Notifications notifications, @Qualifier("applicationTaskExecutor") TaskExecutor executor) {
        this.prepaid = prepaid;
        this.repository = repository;
        this.meters = meters;
        this.notifications = notifications;
        this.executor = executor;
    }

    /** Looks at the meter's state now; nothing for a meter without Prepaid terms. */
    void check(Meter meter) {
        if (repository.terms(meter.id()).isEmpty()) {
            return;
        }
        PrepaidService.PrepaidView view = prepaid.status(meter, Locale.ROOT);
        PrepaidState state = view.state();
        long limit = view.meter() != null && view.meter().powerLimitW() != null ? view.meter().powerLimitW()
                : view.terms().limitedWatts();
        // {0} credit, {1} debt, {2} the top-up that clears it, {3} the limit in W, {4} emergency credit left
        List<String> arguments = List.of(view.status().balance().toPlainString(),
                view.status().debt().toPlainString(), view.status().topUpToClearDebt().toPlainString(),
                Long.toString(limit), view.status().emergencyLeft().toPlainString());
        notifications.stateSeen(meter, KIND, state.name(), state != PrepaidState.NORMAL, arguments);
    }

    @Scheduled(fixedDelayString = "${meterkast.prepaid.check-every:PT5M}",
            initialDelayString = "${meterkast.prepaid.check-every:PT5M}")
    void checkAll() {
        var withTerms = new HashSet<>(repository.metersWithTerms());
        for (Meter meter : meters.all()) {
            if (withTerms.contains(meter.id())) {
                checkLogged(meter);
            }
        }
    }

    /** On the meter's reading thread: the check runs elsewhere, so that reading never waits for the database. */
    @EventListener
    void on(PrepaidMeterView.BreakerChanged event) {
        executor.execute(() -> meters.find(event.meter()).ifPresent(this::checkLogged));
    }

    private void checkLogged(Meter meter) {
        try {
            check(meter);
        } catch (RuntimeException e) {
            // one household's failure must not stop the others' checks
            log.warn("Prepaid state of meter '{}' could not be checked: {}", meter.name(), e.toString());
        }
    }
}
