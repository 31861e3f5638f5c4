package org.meterkast.p1.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Fixture telegrams from src/test/resources/telegrams, byte for byte. */
final class Fixtures {
    /** e-MUCS 1.7.1 spec example: meter 1SAG3101021605, 15.758 kWh night import, gas and water. */
    static final String FLUVIUS_171 = "fluvius-v171-dsmr_parser-1.txt";
    /** e-MUCS 1.7.1, another meter: 1SAG3100721326, 270.014 kWh night import. */
    static final String FLUVIUS_171_ALT = "fluvius-v171-dsmr_parser-2.txt";
    /** Dutch DSMR 5.0: meter K8EG004046395507, 2.399 kWh on register 2. */
    static final String DSMR_50 = "dsmr50-dsmr_parser-1.txt";

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/telegrams/" + name)) {
            return Objects.requireNonNull(in, name).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The given parts one after the other: fixture names, or literal text when it starts with '='. */
    static byte[] stream(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : parts) {
            out.writeBytes(part.startsWith("=")
                    ? part.substring(1).getBytes(StandardCharsets.ISO_8859_1) : bytes(part));
        }
        return out.toByteArray();
    }
}
