package org.meterkast.server.modbus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.meterkast.energy.device.DeviceException;

/**
 * The SunSpec models a device serves, found by walking its map: {@code "SunS"} at 40000, 0 or 50000 (most common
 * first), then each model's ID and length up to the end marker {@code 0xFFFF}, never assuming where a model is.
 * Also SunSpec's value conventions: scale factors and "not implemented" markers.
 *
 * @param base   the register of "SunS"
 * @param models every model in the order served
 * @param common model 1's manufacturer, model and serial, or empty when it has none
 */
public record SunSpecMap(int base, List<Model> models, String common) {
    /** Where SunSpec devices put "SunS", most common first. */
    public static final int[] BASES = {40_000, 0, 50_000};
    /** SunSpec's "not implemented" for an int16 and for a scale factor. */
    public static final int NOT_IMPLEMENTED_INT16 = 0x8000;
    /** SunSpec's "not implemented" for a uint16 or an enum16. */
    public static final int NOT_IMPLEMENTED_UINT16 = 0xFFFF;
    private static final int SUNS_HIGH = 0x5375;
    private static final int SUNS_LOW = 0x6E53;
    private static final int END = 0xFFFF;
    private static final int MAX_MODELS = 64;

    /**
     * One model in the map.
     *
     * @param id     its number: 1, 103, 124, 802…
     * @param start  the register of its ID
     * @param length its L: the registers after ID and L
     */
    public record Model(int id, int start, int length) {
    }

    public SunSpecMap {
        models = List.copyOf(models);
    }

    /** Finds "SunS" on {@code link} and walks the chain of models after it. */
    public static SunSpecMap discover(ModbusLink link) throws DeviceException {
        List<String> tried = new ArrayList<>();
        for (int base : BASES) {
            int[] marker;
            try {
                marker = link.read(base, 2);
            } catch (DeviceException e) {
                if (!link.connected()) {
                    // a timeout or a lost connection, not a refused register range: nothing answers there; or a
                    // host the link may not reach (no cause: nothing was tried), which the unit id would not change
                    throw e.getCause() == null ? e
                            : new DeviceException(e.getMessage() + " (is the unit id right?)", e);
                }
                tried.add(base + " (" + e.getMessage() + ")");
                continue;
            }
            if (marker[0] != SUNS_HIGH || marker[1] != SUNS_LOW) {
                tried.add(base + " (no SunS)");
                continue;
            }
            return walk(link, base);
        }
        throw new DeviceException(link.describe() + ": not a SunSpec device, no \"SunS\" at "
                + String.join(", ", tried), true);
    }

    private static SunSpecMap walk(ModbusLink link, int base) throws DeviceException {
        List<Model> models = new ArrayList<>();
        String common = "";
        int at = base + 2;
        for (int n = 0; ; n++) {
            if (n == MAX_MODELS || at + 1 > 0xFFFF) {
                throw new DeviceException(link.describe() + ": SunSpec map at " + base + " has no end marker after "
                        + n + " models", true);
            }
            int[] header = link.read(at, 2);
            int id = header[0];
            int length = header[1];
            if (id == END) {
                break;
            }
            if (id == 0 || at + 2 + length > 0xFFFF) {
                throw new DeviceException(link.describe() + ": SunSpec map at " + base + " is broken at register "
                        + at + " (model " + id + ", length " + length + ")", true);
            }
            if (id == 1 && length >= 66) {
                int[] c = link.read(at, 68);
                common = text(c, 2, 16) + " " + text(c, 18, 16) + ", serial " + text(c, 50, 16);
            }
            models.add(new Model(id, at, length));
            at += 2 + length;
        }
        return new SunSpecMap(base, models, common);
    }

    /** The first model with one of these ids, in the order served. */
    public Optional<Model> first(int... ids) {
        for (Model m : models) {
            for (int id : ids) {
                if (m.id() == id) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }

    /** The models' ids, for a message: {@code [1, 103, 124, 802]}. */
    public List<Integer> ids() {
        return models.stream().map(Model::id).toList();
    }

    /**
     * A scale factor's exponent.
     *
     * @throws DeviceException (bad data) when it is not implemented or outside −10…10
     */
    public static int scaleFactor(int register, String name) throws DeviceException {
        if (register == NOT_IMPLEMENTED_INT16) {
            throw new DeviceException(name + " is not implemented (0x8000)", true);
        }
        int sf = (short) register;
        if (sf < -10 || sf > 10) {
            throw new DeviceException(name + " " + sf + " is outside -10..10", true);
        }
        return sf;
    }

    /** {@code value × 10^sf}. */
    public static double scaled(long value, int sf) {
        return value * Math.pow(10, sf);
    }

    /** 10 to the power {@code n}, n ≥ 0. */
    public static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    /** A SunSpec string: two characters a register, NUL-padded. */
    public static String text(int[] r, int from, int length) {
        byte[] bytes = new byte[2 * length];
        int n = 0;
        for (int i = 0; i < length; i++) {
            bytes[n++] = (byte) (r[from + i] >>> 8);
            bytes[n++] = (byte) r[from + i];
        }
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII).trim();
    }
}
