package org.meterkast.server.solar;

import com.digitalpetri.modbus.client.ModbusTcpClient;
import com.digitalpetri.modbus.exceptions.ModbusException;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.InverterPort;
import org.meterkast.energy.device.InverterReading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SunSpec inverter over Modbus TCP. On connecting it looks for {@code "SunS"} at 40000, then 0, then 50000,
 * walks the model chain from there (never assuming where a model is), and keeps the first inverter model it finds:
 * 101, 102 or 103 (integers with scale factors) or 111, 112 or 113 (float32). Each read then fetches that model in
 * one request, so a value and its scale factor always come from the same moment, and decodes W (live power) and
 * WH (the lifetime counter). Unimplemented values are SunSpec's markers: 0x8000 for an int16 or a scale factor,
 * 0 for an acc32 counter, NaN for a float. Called from one thread, its poller's.
 */
final class SunSpecInverter implements InverterPort {
    private static final Logger log = LoggerFactory.getLogger(SunSpecInverter.class);
    /** Where SunSpec devices put "SunS", most common first. */
    static final int[] BASES = {40_000, 0, 50_000};
    private static final int SUNS_HIGH = 0x5375;
    private static final int SUNS_LOW = 0x6E53;
    private static final int END = 0xFFFF;
    private static final int MAX_MODELS = 64;
    private static final int MAX_REGISTERS_PER_READ = 125;

    /** Where the inverter model is and what kind it is, once found. */
    record InverterModel(int id, int start, int length) {
        boolean floats() {
            return id >= 111;
        }
    }

    private final String host;
    private final int port;
    private final int unit;
    private final Duration timeout;
    private final Clock clock;
    private ModbusTcpClient client;
    private InverterModel model;

    SunSpecInverter(String address, int unit, Duration timeout, Clock clock) {
        String[] hostPort = parseAddress(address);
        this.host = hostPort[0];
        this.port = Integer.parseInt(hostPort[1]);
        this.unit = unit;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code HOST:PORT} or {@code HOST} (port 502) as host and port. */
    static String[] parseAddress(String address) {
        String a = Objects.requireNonNull(address, "address").trim();
        int colon = a.lastIndexOf(':');
        String host = colon < 0 ? a : a.substring(0, colon);
        String port = colon < 0 ? "502" : a.substring(colon + 1);
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + address + "' has no host; write HOST:PORT, e.g. 192.168.1.70:502");
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65_535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + port + "' in '" + address + "' is not a port (1 to 65535)");
        }
        return new String[] {host, port};
    }

    @Override
    public String describe() {
        return "SunSpec " + host + ":" + port + " unit " + unit;
    }

    @Override
    public InverterReading read() throws DeviceException {
        if (client == null) {
            connect();
        }
        int[] r = registers(model.start(), model.length() + 2);
        if (r[0] != model.id()) {
            // the device's map changed under us (a firmware update): look again on the next read
            InverterModel was = model;
            disconnect();
            throw new DeviceException("model " + was.id() + " is no longer at " + was.start() + " (found " + r[0]
                    + ")", true);
        }
        return model.floats() ? decodeFloat(r, clock) : decodeInt(r, clock);
    }

    private void connect() throws DeviceException {
        NettyTcpClientTransport transport = NettyTcpClientTransport.create(c -> {
            c.setHostname(host);
            c.setPort(port);
            c.setConnectTimeout(timeout);
        });
        client = ModbusTcpClient.create(transport, c -> c.setRequestTimeout(timeout));
        try {
            client.connect();
            model = discover();
        } catch (ModbusException e) {
            disconnect();
            throw new DeviceException(describe() + ": " + message(e), e);
        } catch (DeviceException e) {
            disconnect();
            throw e;
        }
    }

    private InverterModel discover() throws DeviceException {
        List<String> tried = new ArrayList<>();
        for (int base : BASES) {
            int[] marker;
            try {
                marker = registers(base, 2);
            } catch (DeviceException e) {
                tried.add(base + " (" + e.getMessage() + ")");
                continue;
            }
            if (marker[0] != SUNS_HIGH || marker[1] != SUNS_LOW) {
                tried.add(base + " (no SunS)");
                continue;
            }
            return walk(base);
        }
        throw new DeviceException(describe() + ": not a SunSpec device, no \"SunS\" at " + String.join(", ", tried),
                true);
    }

    /** Walks the chain of models from the one after "SunS" to the end marker; keeps the first inverter model. */
    private InverterModel walk(int base) throws DeviceException {
        int at = base + 2;
        String common = null;
        for (int n = 0; n < MAX_MODELS && at + 1 <= 0xFFFF; n++) {
            int[] header = registers(at, 2);
            int id = header[0];
            int length = header[1];
            if (id == END) {
                break;
            }
            if (id == 1 && length >= 66) {
                int[] c = registers(at, 68);
                common = text(c, 2, 16) + " " + text(c, 18, 16) + ", serial " + text(c, 50, 16);
            }
            if (isIntInverter(id) && length >= 25 || isFloatInverter(id) && length >= 32) {
                InverterModel found = new InverterModel(id, at, Math.min(length, MAX_REGISTERS_PER_READ - 2));
                log.info("{}: {}, inverter model {} at register {}", describe(), common == null ? "no common model"
                        : common, id, at);
                return found;
            }
            at += 2 + length;
        }
        throw new DeviceException(describe() + ": SunSpec at " + base + " but no inverter model (101–103, 111–113)",
                true);
    }

    private static boolean isIntInverter(int id) {
        return id >= 101 && id <= 103;
    }

    private static boolean isFloatInverter(int id) {
        return id >= 111 && id <= 113;
    }

    /** Reads holding registers as unsigned 16-bit values. */
    private int[] registers(int address, int count) throws DeviceException {
        try {
            byte[] bytes = client.readHoldingRegisters(unit, new ReadHoldingRegistersRequest(address, count)).registers();
            if (bytes.length != 2 * count) {
                throw new DeviceException(describe() + ": asked " + count + " registers at " + address + ", got "
                        + bytes.length / 2, true);
            }
            int[] r = new int[count];
            for (int i = 0; i < count; i++) {
                r[i] = (bytes[2 * i] & 0xFF) << 8 | bytes[2 * i + 1] & 0xFF;
            }
            return r;
        } catch (ModbusException e) {
            throw new DeviceException(message(e), e);
        }
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** Model 101–103 from its ID register on: W at 14 with W_SF at 15, WH (acc32) at 24 with WH_SF at 26. */
    static InverterReading decodeInt(int[] r, Clock clock) throws DeviceException {
        if (r[14] == 0x8000) {
            throw new DeviceException("W is not implemented (0x8000)", true);
        }
        int wScale = scaleFactor(r[15], "W_SF");
        long watts = Math.round((short) r[14] * Math.pow(10, wScale));
        Long wh = null;
        long acc = (long) r[24] << 16 | r[25];
        if (acc != 0 && r[26] != 0x8000) {
            int whScale = scaleFactor(r[26], "WH_SF");
            wh = whScale >= 0 ? acc * pow10(whScale) : acc / pow10(-whScale);
        }
        return new InverterReading(clock.instant(), Math.max(0, watts), wh);
    }

    /** Model 111–113 from its ID register on: W (float32) at 22, WH at 32. */
    static InverterReading decodeFloat(int[] r, Clock clock) throws DeviceException {
        float w = Float.intBitsToFloat(r[22] << 16 | r[23]);
        if (Float.isNaN(w) || Float.isInfinite(w)) {
            throw new DeviceException("W is not implemented (NaN)", true);
        }
        float e = Float.intBitsToFloat(r[32] << 16 | r[33]);
        Long wh = Float.isNaN(e) || Float.isInfinite(e) || e <= 0 ? null : (long) e;
        return new InverterReading(clock.instant(), Math.max(0, Math.round(w)), wh);
    }

    private static int scaleFactor(int register, String name) throws DeviceException {
        if (register == 0x8000) {
            throw new DeviceException(name + " is not implemented (0x8000)", true);
        }
        int sf = (short) register;
        if (sf < -10 || sf > 10) {
            throw new DeviceException(name + " " + sf + " is outside -10..10", true);
        }
        return sf;
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    /** A SunSpec string: two characters a register, NUL-padded. */
    private static String text(int[] r, int from, int length) {
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

    @Override
    public void disconnect() {
        if (client != null) {
            try {
                client.disconnect();
            } catch (ModbusException | RuntimeException e) {
                log.debug("{}: disconnecting: {}", describe(), e.toString());
            }
            client = null;
            model = null;
        }
    }

    @Override
    public void close() {
        disconnect();
    }
}
