package org.meterkast.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** The telegram every benchmark works on: the e-MUCS 1.7.1 example (3 phases, gas and water meter). */
final class Sample {
    static final String RESOURCE = "/fluvius-v171-dsmr_parser-1.txt";

    private Sample() {
    }

    /** The whole telegram as a meter sends it: {@code /} to {@code !}, the CRC and the final CRLF. */
    static byte[] telegram() {
        try (InputStream in = Sample.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The frame part of the telegram, from {@code /} up to and including {@code !}: what the CRC covers. */
    static byte[] frame() {
        byte[] telegram = telegram();
        for (int i = 0; i < telegram.length; i++) {
            if (telegram[i] == '!') {
                return Arrays.copyOf(telegram, i + 1);
            }
        }
        throw new IllegalStateException(RESOURCE + " has no '!'");
    }
}
