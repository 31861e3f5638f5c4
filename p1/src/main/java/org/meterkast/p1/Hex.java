package org.meterkast.p1;

/** ASCII hex digits, without the Unicode digits {@link Character#digit(int, int)} would also accept. */
final class Hex {
    private Hex() {
    }

    /** The value of an ASCII hex digit in either case, or -1. */
    static int digit(int ch) {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        int lower = ch | 0x20;
        if (lower >= 'a' && lower <= 'f') {
            return lower - 'a' + 10;
        }
        return -1;
    }
}
