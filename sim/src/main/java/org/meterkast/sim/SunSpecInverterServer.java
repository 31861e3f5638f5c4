package org.meterkast.sim;

import static org.meterkast.sim.SunSpecRegisters.NOT_IMPLEMENTED_INT16;
import static org.meterkast.sim.SunSpecRegisters.put;
import static org.meterkast.sim.SunSpecRegisters.putFloat;

import com.digitalpetri.modbus.server.ProcessImage;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A solar inverter as a SunSpec Modbus TCP device: holding registers from a base address (40000 by default) hold
 * {@code "SunS"}, model 1 (Common: manufacturer, model, serial), one inverter model and the end marker
 * ({@code 0xFFFF, 0}). The inverter model is 103 (three phase, integers with scale factors: W with a W_SF that
 * follows the size of the value, WH as acc32) or 113 (the same points as float32). Every read of the inverter's
 * unit refreshes W, WH and St from the supplied readings, so a reader sees the household's sun as it moves.
 * Other unit ids are not answered (a real gateway does the same: the client times out); writes are refused.
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
    private static final String MODEL_NAME = "Simulated roof";
    private static final String VERSION = "1.0";

    private final Options options;
    private final Supplier<SimulatedInverter.Reading> readings;
    private final ProcessImage image = new ProcessImage();
    private final int inverterStart;
    private RegisterServer server;

    private SunSpecInverterServer(Options options, String serial, Supplier<SimulatedInverter.Reading> readings) {
        this.options = options;
        this.readings = readings;
        int base = options.base();
        this.inverterStart = base + 2 + 2 + SunSpecRegisters.COMMON_LENGTH;
        image.with(tx -> tx.writeHoldingRegisters(m -> {
            SunSpecRegisters.header(m, base, MODEL_NAME, VERSION, serial, options.unitId());
            Model model = options.model();
            SunSpecRegisters.model(m, inverterStart, model.id, model.length,
                    model == Model.THREE_PHASE_INT ? NOT_IMPLEMENTED_INT16 : 0x7FC0);
            if (model == Model.THREE_PHASE_FLOAT) {
                // a NaN is two registers, 0x7FC0 0x0000; the fill wrote the high halves everywhere
                for (int i = 3; i < model.length + 2; i += 2) {
                    put(m, inverterStart + i, 0);
                }
            }
            SunSpecRegisters.end(m, inverterStart + 2 + model.length);
        }));
        refresh(image);
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
        SunSpecInverterServer s = new SunSpecInverterServer(options, serial, readings);
        s.server = RegisterServer.start(options.bindAddress(), options.port(), options.unitId(), s.image, s::refresh,
                "SunSpec inverter");
        return s;
    }

    /** The TCP port served. */
    public int port() {
        return server.port();
    }

    /** What is served, for a log line. */
    public String describe() {
        return "SunSpec inverter (model " + options.model().id + " at " + options.base() + ", unit " + options.unitId()
                + ") on " + options.bindAddress() + ":" + port();
    }

    private void refresh(ProcessImage image) {
        SimulatedInverter.Reading r = readings.get();
        long watts = Math.max(0, r.watts());
        int state = watts > 0 ? MPPT : SLEEPING;
        int at = inverterStart;
        image.with(tx -> tx.writeHoldingRegisters(m -> {
            if (options.model() == Model.THREE_PHASE_INT) {
                writeModel103(m, at, watts, r.lifetimeWh(), state);
            } else {
                putFloat(m, at + 22, watts);
                putFloat(m, at + 32, r.lifetimeWh());
                put(m, at + 48, state);
            }
        }));
    }

    /**
     * Model 103's W (int16 with W_SF), WH (acc32, WH_SF 0) and St, from the model's ID register at {@code at}. W
     * takes the smallest scale factor at which it fits an int16: tenths of a watt while it is small.
     */
    static void writeModel103(Map<Integer, byte[]> m, int at, long watts, long lifetimeWh, int state) {
        int sf = -1;
        long scaled = watts * 10;
        while (Math.abs(scaled) > Short.MAX_VALUE) {
            sf++;
            scaled = Math.round(watts / Math.pow(10, sf));
        }
        put(m, at + 14, (int) scaled);
        put(m, at + 15, sf & 0xFFFF);
        SunSpecRegisters.put32(m, at + 24, lifetimeWh & 0xFFFF_FFFFL);
        put(m, at + 26, 0);
        put(m, at + 38, state);
    }

    @Override
    public void close() {
        server.close();
    }
}
