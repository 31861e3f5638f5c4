package org.meterkast.server.ingest;

import java.nio.file.Path;
import org.meterkast.p1.stream.TcpByteSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The meter this server reads: its name in the API and where its telegrams come from. Checked at startup, so a
 * wrong address stops the start with the property's name rather than failing an hour later.
 *
 * @param name            how the API calls the meter, {@code /api/meters/{name}}
 * @param type            {@code tcp} (a WiFi/Ethernet dongle), {@code file} (replay a capture), {@code sim} (a
 *                        simulated household, with a year of history) or {@code none}
 * @param address         for tcp: {@code HOST:PORT}
 * @param path            for file: the capture to replay
 * @param allowMissingCrc accept telegrams that end in a bare {@code !} (DSMR 2.2 and 3 meters)
 * @param seed            for sim: which simulated household (the same seed gives the same home)
 */
@ConfigurationProperties("meterkast.meter")
record MeterSettings(@DefaultValue("home") String name, @DefaultValue("none") SourceType type, String address,
                     Path path, @DefaultValue("false") boolean allowMissingCrc, @DefaultValue("2026") long seed) {

    enum SourceType { TCP, FILE, SIM, NONE }

    MeterSettings {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("meterkast.meter.name '" + name
                    + "' must be 1 to 64 letters, digits, '-' or '_', as it is part of the API's paths");
        }
        if (type == SourceType.TCP) {
            if (address == null || address.isBlank()) {
                throw new IllegalArgumentException(
                        "meterkast.meter.address is required when meterkast.meter.type is tcp, e.g. 192.168.1.50:2000");
            }
            try {
                TcpByteSource.parse(address);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("meterkast.meter.address: " + e.getMessage(), e);
            }
        }
        if (type == SourceType.FILE && path == null) {
            throw new IllegalArgumentException(
                    "meterkast.meter.path is required when meterkast.meter.type is file, e.g. captures/home.txt");
        }
    }
}
