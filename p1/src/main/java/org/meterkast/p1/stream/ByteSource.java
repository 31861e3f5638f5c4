package org.meterkast.p1.stream;

import java.io.IOException;
import java.io.InputStream;

/** Where P1 bytes come from: a capture file, a TCP dongle, a serial port. */
public interface ByteSource {
    /** What this source is, for messages: {@code 192.168.1.50:2000}, {@code serial port /dev/ttyUSB0}. */
    String describe();

    /**
     * Opens a new stream of bytes; each call starts afresh (a new connection, the file from its start). The
     * message of an IOException names this source and what went wrong, ready to show to a user.
     */
    InputStream open() throws IOException;

    /** Whether the bytes end for good (a file), rather than a connection to open again when it drops. */
    boolean isFinite();
}
