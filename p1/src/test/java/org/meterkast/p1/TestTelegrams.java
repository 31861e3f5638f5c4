package org.meterkast.p1;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The fixture telegrams under src/test/resources/telegrams (see SOURCES.md there for where each comes from). */
final class TestTelegrams {
    /** Fixtures with a valid CRC. */
    static final List<String> VALID = List.of(
            "dsmr50-dsmr_parser-1.txt",
            "dsmr50-dsmr_parser-2-two-mbus.txt",
            "dsmr50-openhab-Iskra_AM550.txt",
            "edge-dsmr42-obis-with-group-f-openhab.txt",
            "edge-dsmr42-unregistered-mbus-openhab.txt",
            "edge-dsmr50-gas-invalid-timestamp-dsmr_parser.txt",
            "edge-dsmr50-spec-example-split-textmsg-openhab.txt",
            "edge-fluvius-v213-invalid-gasmeter-openhab.txt",
            "edge-unpadded-crc-dsmr_parser.txt",
            "fluvius-v171-dsmr_parser-1.txt",
            "fluvius-v171-dsmr_parser-2.txt",
            "fluvius-v213-openhab-flu5.txt",
            "fluvius-v215-1phase-homebridge-p1-47.txt",
            "fluvius-v215-openhab-flu5_extra.txt",
            "fluvius-v217-ha-core-107813-1.txt",
            "fluvius-v217-water-ch1-gas-ch2-p1dongel.txt");
    /** Fixtures a framer must reject (bad or placeholder CRC, no footer). */
    static final List<String> REJECTED = List.of(
            "edge-fluvius-v171-bad-crc-dsmr_parser.txt",
            "edge-fluvius-v171-missing-crc-dsmr_parser.txt",
            "fluvius-v221-emucs-spec-example-1-node-dsmr-parser.txt",
            "fluvius-v221-emucs-spec-example-2-node-dsmr-parser.txt");
    /** A DSMR 3 telegram that ends in a bare '!': accepted only when CRC-less frames are allowed. */
    static final String NO_CRC = "edge-dsmr3-no-crc-multiline-gas-dsmr_parser.txt";

    private TestTelegrams() {
    }

    static List<String> all() {
        List<String> all = new ArrayList<>(VALID);
        all.addAll(REJECTED);
        all.add(NO_CRC);
        return all;
    }

    static byte[] bytes(String name) {
        try (InputStream in = TestTelegrams.class.getResourceAsStream("/telegrams/" + name)) {
            return Objects.requireNonNull(in, name).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
