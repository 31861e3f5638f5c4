package org.meterkast.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MeterTopicTest {
    private static MeterTopic pattern(String topic) {
        return new MeterTopic(new FleetSettings(true, topic, "g", "n", Duration.ofMinutes(2), Duration.ofMillis(100),
                Duration.ofSeconds(10), Duration.ofMinutes(10)));
    }

    @Test
    void theMeterIdIsTheLevelOfThePlus() {
        MeterTopic t = pattern("meterkast/+/p1");
        assertThat(t.meterOf("meterkast/5414488200001234/p1")).isEqualTo("5414488200001234");
        assertThat(t.meterOf("meterkast/home/p1")).isEqualTo("home");
        assertThat(pattern("+/dsmr/raw").meterOf("m7/dsmr/raw")).isEqualTo("m7");
        assertThat(pattern("fleet/raw/+").meterOf("fleet/raw/m7")).isEqualTo("m7");
    }

    @Test
    void aTopicOfAnotherShapeHoldsNoMeter() {
        MeterTopic t = pattern("meterkast/+/p1");
        assertThat(t.meterOf("meterkast//p1")).isNull();
        assertThat(t.meterOf("meterkast/m/p1/extra")).isNull();
        assertThat(t.meterOf("meterkast/m")).isNull();
        assertThat(t.meterOf("meterkast/m/p2")).isNull();
        assertThat(t.meterOf("meterkast/m/p")).isNull();
        assertThat(t.meterOf("meterkast/m/p11")).isNull();
        assertThat(t.meterOf("other/m/p1")).isNull();
        assertThat(t.meterOf("")).isNull();
    }

    @Test
    void aMetersOwnTopic() {
        MeterTopic t = pattern("meterkast/+/p1");
        assertThat(t.topicOf("541448")).isEqualTo("meterkast/541448/p1");
        assertThat(t.pattern()).isEqualTo("meterkast/+/p1");
        assertThat(t.meterOf(t.topicOf("x-1"))).isEqualTo("x-1");
        assertThatThrownBy(() -> t.topicOf("a/b")).hasMessageContaining("a/b");
        assertThatThrownBy(() -> t.topicOf("#")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.topicOf("")).isInstanceOf(IllegalArgumentException.class);
    }
}
