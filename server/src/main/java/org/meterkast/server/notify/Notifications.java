package org.meterkast.server.notify;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.meterkast.server.store.Meter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Tells a household of a change of state, once: in the app, and by e-mail to the meter's recipients. The last state
 * told is kept in the database, so the same state seen again (every few minutes, after a restart, on another node)
 * tells nothing.
 */
@Service
public class Notifications {
    private final NotificationRepository repository;
    private final NotificationMail mail;
    private final TransactionOperations transactions;
    private final Clock clock;

    Notifications(NotificationRepository repository, NotificationMail mail, TransactionOperations transactions,
                  Clock clock) {
        this.repository = repository;
        this.mail = mail;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * The meter is now in this state of this kind.
     *
     * @param worthTelling whether this state is told (a return to normal is kept, not told); the first state seen of
     *                     a meter is never told
     * @param arguments    the arguments of the state's texts, as text
     * @return the notification made, when the state changed and is worth telling
     */
    public Optional<Notification> stateSeen(Meter meter, String kind, String state, boolean worthTelling,
                                            List<String> arguments) {
        // the change and its notification in one transaction: both or neither; the mail after the commit
        Optional<Notification> made = transactions.execute(tx -> {
            // the first state seen of a meter is where it stands, not a change: it is kept, not told
            boolean first = repository.lastState(meter.id(), kind).isEmpty();
            if (!repository.changeState(meter.id(), kind, state, clock.instant()) || first || !worthTelling) {
                return Optional.<Notification>empty();
            }
            return Optional.of(repository.add(meter.id(), kind, state, arguments, clock.instant()));
        });
        made.ifPresent(n -> mail.send(meter, n));
        return made;
    }

    List<Notification> of(Meter meter) {
        return repository.list(meter.id());
    }

    boolean markRead(Meter meter, long id) {
        return repository.markRead(meter.id(), id, clock.instant());
    }
}
