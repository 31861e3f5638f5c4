package org.meterkast.p1;

import java.util.Objects;

/**
 * Cuts a P1 byte stream into frames: from {@code /} to {@code !}, followed by a CRC-16/ARC of 1 to 4 hex digits
 * in either case. Bytes may arrive in chunks of any size; the frames delivered are the same whatever the chunking.
 *
 * <p>It resynchronises on the next {@code /} after noise, a truncated telegram or a telegram restarted in the
 * middle. A frame is bounded in size ({@link #DEFAULT_MAX_FRAME_BYTES} unless told otherwise), so a stream that
 * never sends {@code !} never grows memory. Every rejected frame is counted by reason. One framer serves one
 * stream, from one thread.
 */
public final class TelegramFramer {
    /**
     * Default bound on a frame: a Belgian telegram with gas, water and 13 months of peaks is about 1.7 KB, and
     * a full 1024-character text message adds 2 KB of hex.
     */
    public static final int DEFAULT_MAX_FRAME_BYTES = 8192;

    private static final long SLASHES = ByteScan.broadcast('/');
    private static final long BANGS = ByteScan.broadcast('!');

    private enum State { SEEK, BODY, CRC, DISCARD }

    private final FrameListener listener;
    private final int maxFrameBytes;
    private final boolean allowMissingCrc;
    private final byte[] buffer;
    private final Frame frame = new Frame();

    private State state = State.SEEK;
    private int length;
    private int crcValue;
    private int crcDigits;

    private long frames;
    private long badCrc;
    private long missingCrc;
    private long truncated;
    private long oversize;
    private long garbageBytes;

    /** A framer that requires a CRC and bounds frames at {@link #DEFAULT_MAX_FRAME_BYTES}. */
    public TelegramFramer(FrameListener listener) {
        this(listener, DEFAULT_MAX_FRAME_BYTES, false);
    }

    /**
     * @param maxFrameBytes   the largest frame kept, from {@code /} to {@code !}
     * @param allowMissingCrc accept frames that end in a bare {@code !} (DSMR 2.2 and 3 meters)
     */
    public TelegramFramer(FrameListener listener, int maxFrameBytes, boolean allowMissingCrc) {
        this.listener = Objects.requireNonNull(listener, "listener");
        if (maxFrameBytes < 16) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 16, not " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
        this.allowMissingCrc = allowMissingCrc;
        this.buffer = new byte[maxFrameBytes + 8];
    }

    public void accept(byte[] chunk) {
        accept(chunk, 0, chunk.length);
    }

    /** Feeds {@code length} bytes from {@code offset}; frames found are delivered before this returns. */
    public void accept(byte[] chunk, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, chunk.length);
        int p = offset;
        int end = offset + length;
        while (p < end) {
            switch (state) {
                case SEEK -> p = seek(chunk, p, end);
                case BODY -> p = body(chunk, p, end);
                case CRC -> p = crc(chunk, p, end);
                case DISCARD -> p = discard(chunk, p, end);
            }
        }
    }

    /**
     * The stream ended (connection closed, end of file): a telegram still being read is counted as truncated. One
     * that ended inside its CRC is delivered if the digits so far match (a capture without the final line end),
     * and counted as truncated if they do not, since the rest of the CRC may have been cut off.
     */
    public void endOfStream() {
        if (state == State.BODY) {
            int start = dropTruncated();
            reject(Rejection.TRUNCATED, "the stream ended after " + (length - start) + " bytes, before '!'");
        } else if (state == State.CRC) {
            complete(true);
        }
        state = State.SEEK;
        length = 0;
    }

    /** Counts so far. */
    public FramerStatistics statistics() {
        return new FramerStatistics(frames, badCrc, missingCrc, truncated, oversize, garbageBytes);
    }

    /** Bytes skipped so far outside any telegram: noise on the line, the rest of an oversize frame. */
    public long garbageBytes() {
        return garbageBytes;
    }

    /** Bytes held for the telegram being read; never more than the size bound. */
    public int bufferedBytes() {
        return length;
    }

    private int seek(byte[] in, int p, int end) {
        for (; p < end; p++) {
            byte b = in[p];
            if (b == '/') {
                startFrame();
                return p + 1;
            }
            if (b != '\r' && b != '\n') {
                garbageBytes++;
            }
        }
        return p;
    }

    private void startFrame() {
        buffer[0] = '/';
        length = 1;
        state = State.BODY;
    }

    /**
     * Copies bytes up to the frame's '!'. Only '!' is looked for here: a '/' that restarts the frame is rare (a
     * telegram cut off), so it is dealt with when the frame is complete and its CRC fails, or when the size bound
     * is reached, with the same outcome as restarting at once: each '/' inside counts the part before it as
     * truncated and the frame is what follows the last one.
     */
    private int body(byte[] in, int p, int end) {
        int hit = ByteScan.indexOf(in, p, end, BANGS);
        int stop = hit < 0 ? end : hit + 1;
        int n = stop - p;
        if (length + n > maxFrameBytes) {
            return bodyNearBound(in, p, end);
        }
        System.arraycopy(in, p, buffer, length, n);
        length += n;
        if (hit >= 0) {
            state = State.CRC;
            crcValue = 0;
            crcDigits = 0;
        }
        return stop;
    }

    /** The bound would be passed: restart at a '/' held or arriving, as the rule says, or drop the frame. */
    private int bodyNearBound(byte[] in, int p, int end) {
        int start = dropTruncated();
        if (start > 0) {
            length -= start;
            System.arraycopy(buffer, start, buffer, 0, length);
        }
        int hit = indexOfSlashOrBang(in, p, end);
        int stop = hit < 0 ? end : hit + 1;
        int n = stop - p;
        if (length + n > maxFrameBytes) {
            reject(Rejection.OVERSIZE, "no '!' within " + maxFrameBytes + " bytes");
            state = State.DISCARD;
            length = 0;
            return p;
        }
        System.arraycopy(in, p, buffer, length, n);
        length += n;
        if (hit >= 0) {
            if (in[hit] == '!') {
                state = State.CRC;
                crcValue = 0;
                crcDigits = 0;
            } else {
                length--;
                reject(Rejection.TRUNCATED, "a new '/' after " + length + " bytes, before '!'");
                startFrame();
            }
        }
        return stop;
    }

    /** Counts a truncated frame for each '/' after the first byte held; returns where the last frame starts. */
    private int dropTruncated() {
        int start = 0;
        for (int i = 1; i < length; i++) {
            if (buffer[i] == '/') {
                reject(Rejection.TRUNCATED, "a new '/' after " + (i - start) + " bytes, before '!'");
                start = i;
            }
        }
        return start;
    }

    private int crc(byte[] in, int p, int end) {
        while (p < end) {
            int digit = Hex.digit(in[p]);
            if (digit < 0) {
                complete();
                return p;       // the byte after the CRC is looked at again: it may be a new '/'
            }
            crcValue = crcValue << 4 | digit;
            crcDigits++;
            p++;
            if (crcDigits == 4) {
                complete();
                return p;
            }
        }
        return p;
    }

    /** Skips the rest of an oversize frame up to the next '/'; what is skipped counts as garbage. */
    private int discard(byte[] in, int p, int end) {
        for (; p < end; p++) {
            byte b = in[p];
            if (b == '/') {
                startFrame();
                return p + 1;
            }
            if (b != '\r' && b != '\n') {
                garbageBytes++;
            }
        }
        return p;
    }

    private void complete() {
        complete(false);
    }

    /**
     * Checks the frame held. A whole-frame CRC that matches delivers it; otherwise a '/' inside marks where a
     * telegram was cut off and a new one began, and the CRC is checked on what follows the last one.
     */
    private void complete(boolean streamEnded) {
        state = State.SEEK;
        int start = 0;
        int actual = 0;
        if (crcDigits > 0) {
            actual = Crc16.of(buffer, 0, length);
            if (actual != crcValue) {
                start = dropTruncated();
                if (start > 0) {
                    actual = Crc16.of(buffer, start, length - start);
                }
            }
        } else {
            start = dropTruncated();
        }
        if (crcDigits == 0) {
            if (!allowMissingCrc) {
                reject(Rejection.MISSING_CRC, "no CRC after '!'");
                length = 0;
                return;
            }
            deliver(start, -1);
            return;
        }
        if (actual != crcValue) {
            if (streamEnded && crcDigits < 4) {
                reject(Rejection.TRUNCATED, "the stream ended inside the CRC after " + crcDigits + " digits");
            } else {
                reject(Rejection.BAD_CRC, String.format("CRC %0" + crcDigits + "X given, %04X computed over %d bytes",
                        crcValue, actual, length - start));
            }
            length = 0;
            return;
        }
        deliver(start, crcValue);
    }

    private void deliver(int start, int crc) {
        frames++;
        frame.set(buffer, start, length - start, crc);
        length = 0;
        listener.onFrame(frame);
    }

    private void reject(Rejection reason, String detail) {
        switch (reason) {
            case BAD_CRC -> badCrc++;
            case MISSING_CRC -> missingCrc++;
            case TRUNCATED -> truncated++;
            case OVERSIZE -> oversize++;
        }
        listener.onRejected(reason, detail);
    }

    /** The index of the first {@code /} or {@code !} in [p, end), or -1. */
    static int indexOfSlashOrBang(byte[] in, int p, int end) {
        return ByteScan.indexOfEither(in, p, end, SLASHES, BANGS);
    }
}
