package org.meterkast.p1;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Finds marker bytes eight at a time (SWAR: the zero-byte test of a 64-bit word). */
final class ByteScan {
    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private ByteScan() {
    }

    /** A byte repeated in all eight lanes of a word, for {@link #indexOfEither}. */
    static long broadcast(char c) {
        return ONES * (c & 0xFF);
    }

    /** The index of the first byte in [p, end) equal to the broadcast byte, or -1. */
    static int indexOf(byte[] in, int p, int end, long x) {
        for (int stop = end - 7; p < stop; p += 8) {
            long a = (long) LONGS.get(in, p) ^ x;
            long found = (a - ONES) & ~a & HIGHS;
            if (found != 0) {
                return p + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        byte bx = (byte) x;
        for (; p < end; p++) {
            if (in[p] == bx) {
                return p;
            }
        }
        return -1;
    }

    /**
     * The index of the first byte in [p, end) equal to either broadcast byte, or -1. The lowest flagged lane of
     * the zero-byte test is always a true match (false positives can only sit above a true one).
     */
    static int indexOfEither(byte[] in, int p, int end, long x, long y) {
        for (int stop = end - 7; p < stop; p += 8) {
            long word = (long) LONGS.get(in, p);
            long a = word ^ x;
            long b = word ^ y;
            long found = ((a - ONES) & ~a | (b - ONES) & ~b) & HIGHS;
            if (found != 0) {
                return p + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        byte bx = (byte) x;
        byte by = (byte) y;
        for (; p < end; p++) {
            byte c = in[p];
            if (c == bx || c == by) {
                return p;
            }
        }
        return -1;
    }
}
