package org.meterkast.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterkast.p1.Dialect;
import org.meterkast.p1.Telegram;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.annotation.Order;

/** The listeners of every telegram, looked up once, as ingest and as an application event reach them. */
class ReceivedTelegramsTest {
    private static final Instant AT = Instant.parse("2026-12-07T12:00:00Z");
    private static final List<String> heard = new ArrayList<>();

    @Order(2)
    static class Live implements TelegramReceived.Listener {
        @Override
        public void on(TelegramReceived event) {
            heard.add("live " + event.meter());
        }
    }

    @Order(1)
    static class Loop implements TelegramReceived.Listener {
        @Override
        public void on(TelegramReceived event) {
            if (event.meter().equals("broken")) {
                throw new IllegalStateException("the loop failed");
            }
            heard.add("loop " + event.meter());
        }
    }

    private static TelegramReceived telegram(String meter) {
        Telegram t = Telegram.builder(Dialect.BELGIAN).header("FLU5\\253769484_A").timestamp(AT).build();
        return new TelegramReceived(meter, AT, t);
    }

    @Test
    void everyListenerHearsEachTelegramInItsOrderWhetherHandedOrPublished() {
        heard.clear();
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Live.class,
                Loop.class, ReceivedTelegrams.class)) {
            ReceivedTelegrams received = context.getBean(ReceivedTelegrams.class);

            received.deliver(telegram("home"));
            context.publishEvent(telegram("cabin"));
            assertThat(heard).containsExactly("loop home", "live home", "loop cabin", "live cabin");

            // a listener that throws fails the telegram's handling: the ones after it do not hear it
            assertThatThrownBy(() -> received.deliver(telegram("broken"))).hasMessage("the loop failed");
            assertThat(heard).hasSize(4);
        }
    }
}
