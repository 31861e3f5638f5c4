package org.meterkast.bench;

import org.meterkast.p1.TelegramFramer;

/**
 * An endless stream of one telegram repeated back to back, handed out in chunks of {@link #CHUNK} bytes like
 * reads from a serial port or socket. The stream is a ring of {@code copies} telegrams; the ring is followed by
 * its own first chunk again, so every chunk is one contiguous {@code accept} call, also across the wrap.
 *
 * <p>The telegram (1,059 bytes) is not a multiple of the chunk size, so chunk boundaries fall at every offset
 * within a telegram in turn, and a telegram is split over two or three chunks, as in a real stream.
 */
final class ChunkedStream {
    static final int CHUNK = 1024;

    private final byte[] ring;
    private final int period;
    private int position;

    ChunkedStream(byte[] telegram, int copies) {
        this(java.util.Collections.nCopies(copies, telegram));
    }

    /** A ring of these telegrams, in this order. */
    ChunkedStream(java.util.List<byte[]> telegrams) {
        int total = 0;
        for (byte[] t : telegrams) {
            total += t.length;
        }
        period = total;
        if (period < CHUNK) {
            throw new IllegalArgumentException("the ring must hold at least one chunk");
        }
        ring = new byte[period + CHUNK];
        int at = 0;
        for (byte[] t : telegrams) {
            System.arraycopy(t, 0, ring, at, t.length);
            at += t.length;
        }
        System.arraycopy(ring, 0, ring, period, CHUNK);
    }

    /** Feeds the next chunk of the stream to {@code framer}. */
    void feed(TelegramFramer framer) {
        framer.accept(ring, position, CHUNK);
        position += CHUNK;
        if (position >= period) {
            position -= period;
        }
    }
}
