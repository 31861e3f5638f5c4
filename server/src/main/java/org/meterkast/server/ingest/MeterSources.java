package org.meterkast.server.ingest;

import java.time.Clock;
import java.util.Optional;
import org.meterkast.p1.stream.TcpByteSource;
import org.meterkast.p1.stream.TelegramReader;
import org.meterkast.server.store.ProductionRepository;
import org.springframework.stereotype.Component;

/** Makes the {@link MeterSource} a meter's settings ask for: one adapter per kind of source. */
@Component
class MeterSources {
    private final Clock clock;
    private final MqttSettings mqttSettings;
    private final ProductionRepository production;
    private final AddedSourceNetworks networks;
    /** Made for the first meter of type mqtt; every such meter subscribes on it. */
    private MqttConnection mqtt;

    MeterSources(Clock clock, MqttSettings mqttSettings, ProductionRepository production, AddedSourceNetworks networks) {
        this.networks = networks;
        this.clock = clock;
        this.mqttSettings = mqttSettings;
        this.production = production;
    }

    /** The source for the meter; empty for type {@code none}. */
    Optional<MeterSource> create(String name, MeterSettings settings) {
        return switch (settings.type()) {
            case TCP, FILE, SERIAL -> StreamMeterSource.of(name, settings);
            case HOMEWIZARD -> Optional.of(HomeWizardMeterSource.of(name, settings));
            case PUSH -> Optional.of(new PushMeterSource(name, settings.token(), settings.allowMissingCrc()));
            case SIM -> Optional.of(new SimulatedMeterSource(name, settings.seed(), settings.historyDays(), clock,
                    settings.withRoof() ? production : null));
            case MQTT -> Optional.of(new MqttMeterSource(name, settings, mqtt(name)));
            case NONE -> Optional.empty();
        };
    }

    /** The source of a dongle or HomeWizard P1 meter given in the app, whose host is checked at every connect. */
    MeterSource createAdded(String name, MeterSettings settings) {
        return switch (settings.type()) {
            case TCP -> new StreamMeterSource(name, new AddedTcpByteSource(TcpByteSource.parse(settings.address()),
                    networks), TelegramReader.Options.DEFAULTS);
            case HOMEWIZARD -> HomeWizardMeterSource.added(name, settings, networks);
            default -> throw new IllegalArgumentException("'" + settings.type() + "' is not a source added in the app");
        };
    }

    private synchronized MqttConnection mqtt(String meter) {
        MqttSettings.Broker broker = mqttSettings.requireUrl(meter);
        if (mqtt == null) {
            mqtt = new MqttConnection(mqttSettings, broker);
        }
        return mqtt;
    }
}
