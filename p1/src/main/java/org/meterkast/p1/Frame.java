package org.meterkast.p1;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The bytes of one telegram from {@code /} to {@code !} inclusive, whose CRC has been checked (or which
 * carried none, when the framer allows that).
 *
 * <p>A frame handed to a {@link FrameListener} is a view into the framer's buffer, valid only during the
 * call; {@link #copy()} keeps it.
 */
public final class Frame {
    private byte[] buffer;
    private int offset;
    private int length;
    private int crc;

    Frame() {
    }

    private Frame(byte[] buffer, int offset, int length, int crc) {
        set(buffer, offset, length, crc);
    }

    final void set(byte[] buffer, int offset, int length, int crc) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.crc = crc;
    }

    /** The array holding the frame; read only {@link #length()} bytes from {@link #offset()}. */
    public byte[] buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** The CRC the telegram carried (and that matched), or empty for a DSMR 2.2/3 telegram without one. */
    public OptionalInt crc() {
        return crc < 0 ? OptionalInt.empty() : OptionalInt.of(crc);
    }

    /** A copy that stays valid after the listener returns. */
    public Frame copy() {
        return new Frame(Arrays.copyOfRange(buffer, offset, offset + length), 0, length, crc);
    }

    /** The frame as text. */
    @Override
    public String toString() {
        return new String(buffer, offset, length, StandardCharsets.ISO_8859_1);
    }
}
