package org.meterkast.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fleet through the machine's Mosquitto (127.0.0.1:1883), as the cluster suite uses it: JUnit tag
 * {@code cluster}, run by {@code mvn -Pcluster -pl server -am verify}. Override the broker with
 * {@code -Dmeterkast.cluster.broker=tcp://host:port}.
 */
@Tag("cluster")
class FleetMosquittoTest {
    private static final String BROKER = System.getProperty("meterkast.cluster.broker", "tcp://127.0.0.1:1883");

    @ParameterizedTest(name = "MQTT {0}, QoS {1}")
    @CsvSource({"5, 1", "3, 1", "5, 0"})
    void aThousandMetersAtTwoTelegramsASecondArriveAsRegenerated(int version, int qos) throws Exception {
        String pattern = "meterkast-test-" + ProcessHandle.current().pid() + "-" + version + qos + "/+/p1";
        Fleet fleet = new Fleet(3, Instant.parse("2026-03-10T08:59:00Z"), 10);
        FleetPublisher.Settings settings = new FleetPublisher.Settings(BROKER, pattern, 1_000, 2, qos, version, 2);
        java.net.URI uri = java.net.URI.create(BROKER);
        try (FleetPublisherTest.Subscriber subscriber = new FleetPublisherTest.Subscriber(uri.getHost(), uri.getPort(),
                pattern);
             FleetPublisher publisher = FleetPublisher.connect(fleet, settings)) {
            FleetPublisher.Result result = publisher.publish(4, Duration.ofSeconds(30));
            assertThat(result.acknowledged()).isEqualTo(4_000);
            assertThat(result.failed()).isZero();
            FleetPublisherTest.assertRegenerated(subscriber.take(4_000), new Fleet(3, fleet.start(), 10), pattern,
                    1_000, 4);
        }
    }
}
