package org.meterkast.p1;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * CRC-16/ARC (polynomial 0x8005 reflected as 0xA001, initial value 0, no final XOR), the checksum a P1
 * telegram carries after its {@code !}, computed over the bytes from {@code /} to {@code !} inclusive.
 *
 * <p>Eight bytes are folded per step with eight lookup tables ("slicing by 8"). Because the CRC is linear,
 * four 64-byte lanes are computed side by side and joined by advancing each lane's CRC over the bytes that
 * follow it (a table lookup); the four chains of lookups then overlap in the CPU instead of waiting on each
 * other, which roughly halves the time of one chain.
 */
public final class Crc16 {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Table k maps a byte to its contribution when it is followed by k more bytes; row k starts at k * 256. */
    private static final int[] TABLES = new int[8 * 256];
    /** Bytes per lane; four lanes make a block. */
    private static final int LANE = 64;
    /**
     * A CRC advanced over 8·w zero bytes, for lane widths w = 1 … 8 words: entry [w·512 + low byte] xor entry
     * [w·512 + 256 + high byte]. Lanes narrower than {@link #LANE} serve the rest of a frame after its full blocks.
     */
    private static final int[] SKIP = new int[9 * 512];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
            TABLES[i] = crc;
        }
        for (int k = 1; k < 8; k++) {
            for (int i = 0; i < 256; i++) {
                int previous = TABLES[(k - 1) * 256 + i];
                TABLES[k * 256 + i] = (previous >>> 8) ^ TABLES[previous & 0xFF];
            }
        }
        for (int words = 1; words <= LANE / 8; words++) {
            for (int i = 0; i < 256; i++) {
                SKIP[words * 512 + i] = overZeros(i, 8 * words);
                SKIP[words * 512 + 256 + i] = overZeros(i << 8, 8 * words);
            }
        }
    }

    private static int overZeros(int crc, int count) {
        for (int n = 0; n < count; n++) {
            crc = (crc >>> 8) ^ TABLES[crc & 0xFF];
        }
        return crc;
    }

    /** A CRC advanced over {@link #LANE} zero bytes: how a lane's CRC is carried past the lanes after it. */
    private static int skipLane(int crc) {
        return skip(crc, LANE / 8);
    }

    private static int skip(int crc, int words) {
        return SKIP[words * 512 + (crc & 0xFF)] ^ SKIP[words * 512 + 256 + (crc >>> 8)];
    }

    /** Folds the eight bytes of {@code word} (little-endian) into {@code crc}. */
    private static int fold(int[] t, int crc, long word) {
        long v = word ^ (crc & 0xFFFF);
        return t[7 * 256 + (int) (v & 0xFF)]
                ^ t[6 * 256 + (int) ((v >>> 8) & 0xFF)]
                ^ t[5 * 256 + (int) ((v >>> 16) & 0xFF)]
                ^ t[4 * 256 + (int) ((v >>> 24) & 0xFF)]
                ^ t[3 * 256 + (int) ((v >>> 32) & 0xFF)]
                ^ t[2 * 256 + (int) ((v >>> 40) & 0xFF)]
                ^ t[256 + (int) ((v >>> 48) & 0xFF)]
                ^ t[(int) (v >>> 56)];
    }

    private Crc16() {
    }

    /** The CRC of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static int of(byte[] bytes, int offset, int length) {
        return update(0, bytes, offset, length);
    }

    /** Continues a running CRC over {@code length} more bytes. */
    public static int update(int crc, byte[] bytes, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        int[] t = TABLES;
        int i = offset;
        int end = offset + length;
        for (int stop = end - 4 * LANE; i <= stop; i += 4 * LANE) {
            int a = crc;
            int b = 0;
            int c = 0;
            int d = 0;
            for (int k = i; k < i + LANE; k += 8) {
                a = fold(t, a, (long) LONGS.get(bytes, k));
                b = fold(t, b, (long) LONGS.get(bytes, k + LANE));
                c = fold(t, c, (long) LONGS.get(bytes, k + 2 * LANE));
                d = fold(t, d, (long) LONGS.get(bytes, k + 3 * LANE));
            }
            crc = skipLane(skipLane(skipLane(a) ^ b) ^ c) ^ d;
        }
        // what is left, in four narrower lanes of `words` words each; this stays a loop of its own because
        // with the lane width a constant the compiler unrolls the loop above (one shared method measured 30 %
        // slower)
        int words = (end - i) / 32;
        if (words > 0) {
            int lane = 8 * words;
            int a = crc;
            int b = 0;
            int c = 0;
            int d = 0;
            for (int k = i; k < i + lane; k += 8) {
                a = fold(t, a, (long) LONGS.get(bytes, k));
                b = fold(t, b, (long) LONGS.get(bytes, k + lane));
                c = fold(t, c, (long) LONGS.get(bytes, k + 2 * lane));
                d = fold(t, d, (long) LONGS.get(bytes, k + 3 * lane));
            }
            crc = skip(skip(skip(a, words) ^ b, words) ^ c, words) ^ d;
            i += 4 * lane;
        }
        for (int stop = end - 7; i < stop; i += 8) {
            crc = fold(t, crc, (long) LONGS.get(bytes, i));
        }
        for (; i < end; i++) {
            crc = (crc >>> 8) ^ t[(crc ^ bytes[i]) & 0xFF];
        }
        return crc;
    }
}
