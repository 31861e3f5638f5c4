package org.meterkast.server.ingest;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The meters this server reads, by name, and where raw captures go ({@code meterkast.capture-folder}, by default
 * {@code data/captures}): {@code meterkast.meters.home.type=tcp},
 * {@code meterkast.meters.home.address=192.168.1.50:2000}. Properties from several places merge per meter, so a
 * command-line {@code --meterkast.meters.home.type=tcp} replaces only the default's type. With
 * {@code meterkast.read-meters=false} no meter is read (a one-shot command such as the Fluvius import). With
 * {@code meterkast.added-sources=false} the live sources given to addresses in the app are not read (a cluster,
 * whose dongles publish to the broker, so that no two nodes read one dongle).
 */
@ConfigurationProperties("meterkast")
record IngestSettings(Map<String, MeterSettings> meters, @DefaultValue("data/captures") Path captureFolder,
                      @DefaultValue("true") boolean readMeters, @DefaultValue("true") boolean addedSources) {
    IngestSettings {
        meters = meters == null ? Map.of() : new TreeMap<>(meters);
        meters.forEach((name, settings) -> settings.check(name));
        meters = Collections.unmodifiableMap(meters);
    }
}
