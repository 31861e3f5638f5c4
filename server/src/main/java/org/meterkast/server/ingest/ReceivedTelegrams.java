package org.meterkast.server.ingest;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Hands each telegram to every {@link TelegramReceived.Listener} bean, in their {@code @Order}. The listeners are looked
 * up once, when every bean is made and before any meter is read; an application event per telegram would have Spring
 * resolve the event's type and find its listeners again for each one, three times the cost of the listeners
 * themselves (docs/BENCHMARKS.md, "Ingest profile").
 */
@Component
class ReceivedTelegrams implements SmartInitializingSingleton {
    private final ObjectProvider<TelegramReceived.Listener> beans;
    private volatile TelegramReceived.Listener[] listeners = new TelegramReceived.Listener[0];

    ReceivedTelegrams(ObjectProvider<TelegramReceived.Listener> beans) {
        this.beans = beans;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<TelegramReceived.Listener> found = beans.orderedStream().toList();
        listeners = found.toArray(new TelegramReceived.Listener[0]);
    }

    /** To every listener in turn; one that throws stops the rest, as the telegram's handling then failed. */
    void deliver(TelegramReceived event) {
        for (TelegramReceived.Listener listener : listeners) {
            listener.on(event);
        }
    }

    /** A telegram published as an application event (by another source of telegrams) reaches the same listeners. */
    @EventListener
    void on(TelegramReceived event) {
        deliver(event);
    }
}
