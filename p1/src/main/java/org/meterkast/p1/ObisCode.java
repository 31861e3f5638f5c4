package org.meterkast.p1;

/**
 * An OBIS object identifier {@code A-B:C.D.E}, as it opens every data line of a telegram. Group B is the
 * channel: 0 for the electricity meter itself, 1 to 4 for the M-Bus devices (gas, water) coupled to it.
 */
public record ObisCode(int a, int b, int c, int d, int e) {

    public ObisCode {
        check("A", a);
        check("B", b);
        check("C", c);
        check("D", d);
        check("E", e);
    }

    private static void check(String group, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("OBIS group " + group + " must be 0..255, not " + value);
        }
    }

    public static ObisCode of(int a, int b, int c, int d, int e) {
        return new ObisCode(a, b, c, d, e);
    }

    /** Parses {@code A-B:C.D.E}, e.g. {@code 0-1:24.2.3}. */
    public static ObisCode parse(CharSequence text) {
        String s = text.toString();
        int dash = s.indexOf('-');
        int colon = s.indexOf(':');
        int dot1 = s.indexOf('.', colon + 1);
        int dot2 = dot1 < 0 ? -1 : s.indexOf('.', dot1 + 1);
        if (dash <= 0 || colon <= dash + 1 || dot1 <= colon + 1 || dot2 <= dot1 + 1 || dot2 == s.length() - 1
                || s.indexOf('.', dot2 + 1) >= 0) {
            throw new IllegalArgumentException("'" + s + "' is not an OBIS code A-B:C.D.E");
        }
        try {
            return new ObisCode(Integer.parseInt(s, 0, dash, 10), Integer.parseInt(s, dash + 1, colon, 10),
                    Integer.parseInt(s, colon + 1, dot1, 10), Integer.parseInt(s, dot1 + 1, dot2, 10),
                    Integer.parseInt(s, dot2 + 1, s.length(), 10));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not an OBIS code A-B:C.D.E", e);
        }
    }

    /** The same object on another channel. */
    public ObisCode withChannel(int channel) {
        return new ObisCode(a, channel, c, d, e);
    }

    /** Groups A, C, D and E packed into one int (the channel left out): the key of the object tables. */
    public int key() {
        return key(a, c, d, e);
    }

    static int key(int a, int c, int d, int e) {
        return a << 24 | c << 16 | d << 8 | e;
    }

    @Override
    public String toString() {
        return a + "-" + b + ":" + c + "." + d + "." + e;
    }
}
