package org.meterkast.sim;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How the simulator's SunSpec devices lay out their holding registers: 16-bit big-endian values, strings two
 * characters a register, the {@code "SunS"} marker, model 1 (Common) and the end marker. Shared by the inverter and
 * the battery so that both show the same map a real SunSpec device shows.
 */
final class SunSpecRegisters {
    /** Model 1's length after its ID and L registers. */
    static final int COMMON_LENGTH = 66;
    static final int NOT_IMPLEMENTED_INT16 = 0x8000;
    static final int NOT_IMPLEMENTED_UINT16 = 0xFFFF;
    static final String MANUFACTURER = "Meterkast";

    private SunSpecRegisters() {
    }

    /** One register, the low 16 bits of {@code value}. */
    static void put(Map<Integer, byte[]> registers, int address, int value) {
        registers.put(address, new byte[] {(byte) (value >>> 8), (byte) value});
    }

    /** A 32-bit value in two registers, high word first (SunSpec's order). */
    static void put32(Map<Integer, byte[]> registers, int address, long value) {
        put(registers, address, (int) (value >>> 16));
        put(registers, address + 1, (int) (value & 0xFFFF));
    }

    static void putFloat(Map<Integer, byte[]> registers, int address, double value) {
        put32(registers, address, Float.floatToIntBits((float) value) & 0xFFFF_FFFFL);
    }

    /** A SunSpec string: two characters a register, padded with NULs. */
    static void text(Map<Integer, byte[]> registers, int address, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < length; i++) {
            int hi = 2 * i < bytes.length ? bytes[2 * i] : 0;
            int lo = 2 * i + 1 < bytes.length ? bytes[2 * i + 1] : 0;
            put(registers, address + i, (hi & 0xFF) << 8 | lo & 0xFF);
        }
    }

    /**
     * {@code "SunS"} at {@code base} and model 1 after it (manufacturer, model, version, serial, device address).
     *
     * @return the register where the next model starts
     */
    static int header(Map<Integer, byte[]> registers, int base, String model, String version, String serial,
                      int unitId) {
        put(registers, base, 0x5375);                                // "Su"
        put(registers, base + 1, 0x6E53);                            // "nS"
        int common = base + 2;
        put(registers, common, 1);
        put(registers, common + 1, COMMON_LENGTH);
        text(registers, common + 2, 16, MANUFACTURER);
        text(registers, common + 18, 16, model);
        text(registers, common + 34, 8, "");
        text(registers, common + 42, 8, version);
        text(registers, common + 50, 16, serial);
        put(registers, common + 66, unitId);                         // DA
        put(registers, common + 67, NOT_IMPLEMENTED_UINT16);         // Pad
        return common + 2 + COMMON_LENGTH;
    }

    /** A model's ID and L, with every point after them set to {@code fill}. */
    static void model(Map<Integer, byte[]> registers, int at, int id, int length, int fill) {
        put(registers, at, id);
        put(registers, at + 1, length);
        for (int i = 2; i < length + 2; i++) {
            put(registers, at + i, fill);
        }
    }

    /** The end marker, {@code 0xFFFF, 0}. */
    static void end(Map<Integer, byte[]> registers, int at) {
        put(registers, at, 0xFFFF);
        put(registers, at + 1, 0);
    }

    /** A register's value as SunSpec's scale-factor type: a signed int16. */
    static int sunssf(int sf) {
        return sf & 0xFFFF;
    }
}
