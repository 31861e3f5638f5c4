package org.meterkast.sim;

import com.digitalpetri.modbus.exceptions.UnknownUnitIdException;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersResponse;
import com.digitalpetri.modbus.server.ModbusRequestContext;
import com.digitalpetri.modbus.server.ModbusTcpServer;
import com.digitalpetri.modbus.server.ProcessImage;
import com.digitalpetri.modbus.server.ReadOnlyModbusServices;
import com.digitalpetri.modbus.tcp.server.NettyTcpServerTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * A solar inverter as a SunSpec Modbus TCP device: holding registers from a base address (40000 by default) hold
 * {@code "SunS"}, model 1 (Common: manufacturer, model, serial), one inverter model and the end marker
 * ({@code 0xFFFF, 0}). The inverter model is 103 (three phase, integers with scale factors: W with a W_SF that
 * follows the size of the value, WH as acc32) or 113 (the same points as float32). Every read of the inverter's
 * unit refreshes W, WH and St from the supplied readings, so a reader sees the household's sun as it moves.
 * Other unit ids are not answered (a real gateway does the same: the client times out).
 */
public final class SunSpecInverterServer implements AutoCloseable {
    /** Which SunSpec inverter model is served. */
    public enum Model {
        /** model 103: int16/acc32 points with scale factors, 50 registers */
        THREE_PHASE_INT(103, 50),
        /** model 113: float32 points, 60 registers */
        THREE_PHASE_FLOAT(113, 60);

        final int id;
        final int length;

        Model(int id, int length) {
            this.id = id;
            this.length = length;
        }
    }

    /**
     * Where and what to serve.
     *
     * @param bindAddress the address to listen on, e.g. 127.0.0.1 or 0.0.0.0
     * @param port        the TCP port; 0 picks a free one
     * @param unitId      the Modbus unit id the inverter answers to (1 to 247)
     * @param base        the register of "SunS": 40000, 0 or 50000
     * @param model       the inverter model
     */
    public record Options(String bindAddress, int port, int unitId, int base, Model model) {
        public Options {
            Objects.requireNonNull(bindAddress, "bindAddress");
            Objects.requireNonNull(model, "model");
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
            }
            if (unitId < 1 || unitId > 247) {
                throw new IllegalArgumentException("unitId must be 1 to 247, not " + unitId);
            }
            if (base != 0 && base != 40_000 && base != 50_000) {
                throw new IllegalArgumentException("base must be 0, 40000 or 50000, not " + base);
            }
        }

        /** Model 103 at 40000, unit 1, on this port of the loopback address. */
        public static Options loopback(int port) {
            return new Options("127.0.0.1", port, 1, 40_000, Model.THREE_PHASE_INT);
        }
    }

    /** SunSpec's operating states (St) this inverter shows. */
    static final int SLEEPING = 2;
    static final int MPPT = 4;
    private static final int COMMON_LENGTH = 66;
    private static final int NOT_IMPLEMENTED_INT16 = 0x8000;
    private static final int NOT_IMPLEMENTED_UINT16 = 0xFFFF;
    private static final String MANUFACTURER = "Meterkast";
    private static final String MODEL_NAME = "Simulated roof";
    private static final String VERSION = "1.0";

    private final Options options;
    private final int port;
    private final Supplier<SimulatedInverter.Reading> readings;
    private final ProcessImage image = new ProcessImage();
    private final int inverterStart;
    private final ModbusTcpServer server;

    private SunSpecInverterServer(Options options, int port, String serial, Supplier<SimulatedInverter.Reading> readings) {
        this.options = options;
        this.port = port;
        this.readings = readings;
        int base = options.base();
        this.inverterStart = base + 2 + 2 + COMMON_LENGTH;
        image.with(tx -> tx.writeHoldingRegisters(m -> {
            put(m, base, 0x5375);                               // "Su"
            put(m, base + 1, 0x6E53);                           // "nS"
            int common = base + 2;
            put(m, common, 1);
            put(m, common + 1, COMMON_LENGTH);
            text(m, common + 2, 16, MANUFACTURER);
            text(m, common + 18, 16, MODEL_NAME);
            text(m, common + 34, 8, "");
            text(m, common + 42, 8, VERSION);
            text(m, common + 50, 16, serial);
            put(m, common + 66, options.unitId());              // DA
            put(m, common + 67, NOT_IMPLEMENTED_UINT16);         // Pad
            Model model = options.model();
            put(m, inverterStart, model.id);
            put(m, inverterStart + 1, model.length);
            for (int i = 2; i < model.length + 2; i++) {
                put(m, inverterStart + i, model == Model.THREE_PHASE_INT ? NOT_IMPLEMENTED_INT16 : 0x7FC0);
            }
            if (model == Model.THREE_PHASE_FLOAT) {
                // a NaN is two registers, 0x7FC0 0x0000; the loop wrote the high halves everywhere
                for (int i = 3; i < model.length + 2; i += 2) {
                    put(m, inverterStart + i, 0);
                }
            }
            int end = inverterStart + 2 + model.length;
            put(m, end, 0xFFFF);
            put(m, end + 1, 0);
        }));
        refresh();
        this.server = ModbusTcpServer.create(NettyTcpServerTransport.create(c -> {
            c.setBindAddress(options.bindAddress());
            c.setPort(port);
        }), new ReadOnlyModbusServices() {
            @Override
            protected Optional<ProcessImage> getProcessImage(int unitId) {
                return unitId == options.unitId() ? Optional.of(image) : Optional.empty();
            }

            @Override
            public ReadHoldingRegistersResponse readHoldingRegisters(ModbusRequestContext context, int unitId,
                                                                     ReadHoldingRegistersRequest request)
                    throws UnknownUnitIdException {
                if (unitId == options.unitId()) {
                    refresh();
                }
                return super.readHoldingRegisters(context, unitId, request);
            }
        });
    }

    /**
     * Starts serving; {@code readings} is asked for the inverter's state on every read (it must be quick).
     *
     * @param serial the serial number model 1 shows
     */
    public static SunSpecInverterServer start(Options options, String serial,
                                              Supplier<SimulatedInverter.Reading> readings) throws IOException {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(readings, "readings");
        int port = options.port() != 0 ? options.port() : freePort(options.bindAddress());
        SunSpecInverterServer s = new SunSpecInverterServer(options, port, serial, readings);
        try {
            s.server.start();
        } catch (ExecutionException e) {
            throw new IOException("cannot serve SunSpec on " + options.bindAddress() + ":" + port + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the SunSpec server", e);
        }
        return s;
    }

    /** The TCP port served. */
    public int port() {
        return port;
    }

    /** What is served, for a log line. */
    public String describe() {
        return "SunSpec inverter (model " + options.model().id + " at " + options.base() + ", unit " + options.unitId()
                + ") on " + options.bindAddress() + ":" + port;
    }

    private void refresh() {
        SimulatedInverter.Reading r = readings.get();
        long watts = Math.max(0, r.watts());
        int state = watts > 0 ? MPPT : SLEEPING;
        int at = inverterStart;
        image.with(tx -> tx.writeHoldingRegisters(m -> {
            if (options.model() == Model.THREE_PHASE_INT) {
                // the smallest scale factor at which W fits an int16: tenths of a watt while it is small
                int sf = -1;
                long scaled = watts * 10;
                while (scaled > Short.MAX_VALUE) {
                    sf++;
                    scaled = Math.round(watts / Math.pow(10, sf));
                }
                put(m, at + 14, (int) scaled);
                put(m, at + 15, sf & 0xFFFF);
                long wh = r.lifetimeWh() & 0xFFFF_FFFFL;
                put(m, at + 24, (int) (wh >>> 16));
                put(m, at + 25, (int) (wh & 0xFFFF));
                put(m, at + 26, 0);
                put(m, at + 38, state);
            } else {
                putFloat(m, at + 22, watts);
                putFloat(m, at + 32, r.lifetimeWh());
                put(m, at + 48, state);
            }
        }));
    }

    private static void put(Map<Integer, byte[]> registers, int address, int value) {
        registers.put(address, new byte[] {(byte) (value >>> 8), (byte) value});
    }

    private static void putFloat(Map<Integer, byte[]> registers, int address, double value) {
        int bits = Float.floatToIntBits((float) value);
        put(registers, address, bits >>> 16);
        put(registers, address + 1, bits & 0xFFFF);
    }

    /** A SunSpec string: two characters a register, padded with NULs. */
    private static void text(Map<Integer, byte[]> registers, int address, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < length; i++) {
            int hi = 2 * i < bytes.length ? bytes[2 * i] : 0;
            int lo = 2 * i + 1 < bytes.length ? bytes[2 * i + 1] : 0;
            put(registers, address + i, (hi & 0xFF) << 8 | lo & 0xFF);
        }
    }

    private static int freePort(String bindAddress) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(bindAddress))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + bindAddress, e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (ExecutionException e) {
            // stopping a server whose socket already went: nothing left to release
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
