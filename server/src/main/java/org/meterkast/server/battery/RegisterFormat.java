package org.meterkast.server.battery;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * How a brand lays out one number in its holding registers: 16 or 32 bits, signed or not, the word order of a
 * 32-bit value and the byte order within a register. Modbus itself sends each register big-endian; brands differ
 * in the rest.
 *
 * @param type          the number's type
 * @param lowWordFirst  for a 32-bit value: whether its low 16 bits come in the first register
 * @param swappedBytes  whether each register holds its low byte first
 */
record RegisterFormat(Type type, boolean lowWordFirst, boolean swappedBytes) {
    /** A number's type in the registers. */
    enum Type {
        INT16(1, true), UINT16(1, false), INT32(2, true), UINT32(2, false);

        final int registers;
        final boolean signed;

        Type(int registers, boolean signed) {
            this.registers = registers;
            this.signed = signed;
        }

        /** {@code int16}, {@code uint16}, {@code int32} or {@code uint32}. */
        static Type parse(String text) {
            for (Type t : values()) {
                if (t.settingName().equals(text.strip().toLowerCase(Locale.ROOT))) {
                    return t;
                }
            }
            throw new IllegalArgumentException("must be one of int16, uint16, int32, uint32, not '" + text + "'");
        }

        String settingName() {
            return name().toLowerCase(Locale.ROOT);
        }

        long min() {
            return signed ? -(1L << (16 * registers - 1)) : 0;
        }

        long max() {
            return signed ? (1L << (16 * registers - 1)) - 1 : (1L << (16 * registers)) - 1;
        }
    }

    RegisterFormat {
        Objects.requireNonNull(type, "type");
    }

    /** How many registers the number takes. */
    int registers() {
        return type.registers;
    }

    /** The number in {@code r} (unsigned 16-bit register values, as many as {@link #registers()}). */
    long decode(int[] r) {
        if (r.length != type.registers) {
            throw new IllegalArgumentException("a " + type.settingName() + " takes " + type.registers
                    + " registers, not " + r.length);
        }
        int[] words = Arrays.stream(r).map(this::bytes).toArray();
        long bits = type.registers == 1 ? words[0]
                : lowWordFirst ? (long) words[1] << 16 | words[0] : (long) words[0] << 16 | words[1];
        if (!type.signed) {
            return bits;
        }
        return type.registers == 1 ? (short) bits : (int) bits;
    }

    /** The registers that hold {@code value}. */
    int[] encode(long value) {
        if (value < type.min() || value > type.max()) {
            throw new IllegalArgumentException(value + " does not fit a " + type.settingName());
        }
        if (type.registers == 1) {
            return new int[] {bytes((int) (value & 0xFFFF))};
        }
        int high = bytes((int) (value >>> 16 & 0xFFFF));
        int low = bytes((int) (value & 0xFFFF));
        return lowWordFirst ? new int[] {low, high} : new int[] {high, low};
    }

    private int bytes(int register) {
        return swappedBytes ? (register & 0xFF) << 8 | register >>> 8 : register;
    }
}
