package org.meterkast.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.p1.TelegramWriter;
import org.meterkast.server.MeterkastApplication;
import org.meterkast.sim.EmbeddedBroker;
import org.meterkast.sim.TelegramMqttPublisher;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A broker that is down when the server starts, comes up later, restarts: the server starts anyway, counts the
 * failed attempts, connects and subscribes when the broker is there, and again after it restarted.
 */
class MqttBrokerLaterTest {
    static final String TOPIC = "dsmr/raw";

    @TempDir
    Path folder;

    @Test
    void theMeterIsReadOnceTheBrokerIsThereAndAgainAfterItRestarts() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.onFreePort();
             ConfigurableApplicationContext server = new SpringApplicationBuilder(MeterkastApplication.class).run(
                     "--server.port=0",
                     "--spring.datasource.url=jdbc:sqlite:" + folder.resolve("meterkast.db"),
                     "--logging.level.io.moquette=WARN",
                     "--meterkast.mqtt.url=" + broker.url(),
                     // short pauses keep the test quick; the doubling is the same as with 1 s to 60 s
                     "--meterkast.mqtt.initial-backoff=100ms",
                     "--meterkast.mqtt.max-backoff=400ms",
                     "--meterkast.meters.home.type=mqtt",
                     "--meterkast.meters.home.topic=" + TOPIC)) {
            ApiClient api = ApiClient.signedIn(server, "home");

            JsonNode down = MeterCounts.await(api, "home", c -> c.get("openFailures").asLong() >= 3,
                    "failed to connect three times");
            assertThat(down.get("connected").asBoolean()).isFalse();
            assertThat(down.get("connects").asLong()).isZero();
            assertThat(down.get("lastProblem").asString()).startsWith("MQTT broker " + broker.url() + ": ");
            assertThat(down.get("retryIn").asString()).isIn("PT0.1S", "PT0.2S", "PT0.4S");

            broker.start();
            JsonNode up = MeterCounts.await(api, "home", c -> c.get("connected").asBoolean(), "subscribed");
            assertThat(up.get("connects").asLong()).isEqualTo(1);
            assertThat(up.get("retryIn").isNull()).isTrue();
            publish(broker, 0, 5);
            api.awaitTelegrams("home", 5);

            // counted from what the counts say now: a busy machine may have seen the first connection bounce
            JsonNode before = MeterCounts.await(api, "home", c -> c.get("connected").asBoolean(), "still connected");
            long disconnects = before.get("disconnects").asLong();
            long connects = before.get("connects").asLong();
            broker.stop();
            JsonNode lost = MeterCounts.await(api, "home",
                    c -> c.get("disconnects").asLong() > disconnects && !c.get("connected").asBoolean(), "lost");
            assertThat(lost.get("connected").asBoolean()).isFalse();

            broker.start();
            MeterCounts.await(api, "home", c -> c.get("connects").asLong() > connects && c.get("connected").asBoolean(),
                    "subscribed again");
            // the broker kept nothing of the first connection: the subscription was made anew
            publish(broker, 5, 10);
            JsonNode after = api.awaitTelegrams("home", 10);
            assertThat(after.get("rejected").get("BAD_CRC").asLong()).isZero();
            assertThat(api.latest("home").get("time").asString())
                    .isEqualTo(MeterFeed.START.plusSeconds(9).toString());
        }
    }

    private static void publish(EmbeddedBroker broker, int from, int to) throws Exception {
        try (TelegramMqttPublisher publisher = TelegramMqttPublisher.connect(broker.url(), TOPIC)) {
            for (int s = from; s < to; s++) {
                publisher.publish(TelegramWriter.toBytes(MeterFeed.telegram(s)));
            }
        }
    }
}
