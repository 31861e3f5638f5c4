package org.meterkast.server.ingest;

import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Makes the {@link MeterSource} a meter's settings ask for: one adapter per kind of source. */
@Component
class MeterSources {
    private final Clock clock;

    MeterSources(Clock clock) {
        this.clock = clock;
    }

    /** The source for the meter; empty for type {@code none}. */
    Optional<MeterSource> create(String name, MeterSettings settings) {
        return switch (settings.type()) {
            case TCP, FILE, SERIAL -> StreamMeterSource.of(name, settings);
            case HOMEWIZARD -> Optional.of(HomeWizardMeterSource.of(name, settings));
            case PUSH -> Optional.of(new PushMeterSource(name, settings.token(), settings.allowMissingCrc()));
            case SIM -> Optional.of(new SimulatedMeterSource(name, settings.seed(), settings.historyDays(), clock));
            case MQTT -> throw new IllegalArgumentException(
                    "meterkast.meters." + name + ".type: " + settings.type() + " is not available yet");
            case NONE -> Optional.empty();
        };
    }
}
