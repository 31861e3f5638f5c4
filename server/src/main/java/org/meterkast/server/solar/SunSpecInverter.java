package org.meterkast.server.solar;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.InverterPort;
import org.meterkast.energy.device.InverterReading;
import org.meterkast.server.device.HostCheck;
import org.meterkast.server.modbus.ModbusLink;
import org.meterkast.server.modbus.SunSpecMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SunSpec inverter over Modbus TCP. On connecting it walks the device's SunSpec map ({@link SunSpecMap}) and keeps
 * the first inverter model it finds: 101, 102 or 103 (integers with scale factors) or 111, 112 or 113 (float32).
 * Each read then fetches that model in one request, so a value and its scale factor always come from the same
 * moment, and decodes W (live power) and WH (the lifetime counter). Unimplemented values are SunSpec's markers:
 * 0x8000 for an int16 or a scale factor, 0 for an acc32 counter, NaN for a float. Called from one thread, its
 * poller's.
 */
final class SunSpecInverter implements InverterPort {
    private static final Logger log = LoggerFactory.getLogger(SunSpecInverter.class);

    /** Where the inverter model is and what kind it is, once found. */
    record InverterModel(int id, int start, int length) {
        boolean floats() {
            return id >= 111;
        }
    }

    private final ModbusLink link;
    private final Clock clock;
    private InverterModel model;

    SunSpecInverter(String address, int unit, Duration timeout, Clock clock) {
        this(address, unit, timeout, clock, HostCheck.NONE);
    }

    SunSpecInverter(String address, int unit, Duration timeout, Clock clock, HostCheck hosts) {
        this.link = new ModbusLink(address, unit, timeout, hosts);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code HOST:PORT} or {@code HOST} (port 502) as host and port. */
    static String[] parseAddress(String address) {
        return ModbusLink.parseAddress(address);
    }

    @Override
    public String describe() {
        return "SunSpec " + link.describe();
    }

    @Override
    public InverterReading read() throws DeviceException {
        if (model == null || !link.connected()) {
            connect();
        }
        int[] r = link.read(model.start(), model.length() + 2);
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
        try {
            SunSpecMap map = SunSpecMap.discover(link);
            SunSpecMap.Model found = map.models().stream()
                    .filter(m -> isIntInverter(m.id()) && m.length() >= 25 || isFloatInverter(m.id()) && m.length() >= 32)
                    .findFirst()
                    .orElseThrow(() -> new DeviceException(describe() + ": SunSpec at " + map.base()
                            + " but no inverter model (101–103, 111–113)", true));
            model = new InverterModel(found.id(), found.start(),
                    Math.min(found.length(), ModbusLink.MAX_READ - 2));
            log.info("{}: {}, inverter model {} at register {}", describe(), map.common().isEmpty()
                    ? "no common model" : map.common(), model.id(), model.start());
        } catch (DeviceException e) {
            disconnect();
            throw e;
        }
    }

    private static boolean isIntInverter(int id) {
        return id >= 101 && id <= 103;
    }

    private static boolean isFloatInverter(int id) {
        return id >= 111 && id <= 113;
    }

    /** Model 101–103 from its ID register on: W at 14 with W_SF at 15, WH (acc32) at 24 with WH_SF at 26. */
    static InverterReading decodeInt(int[] r, Clock clock) throws DeviceException {
        if (r[14] == SunSpecMap.NOT_IMPLEMENTED_INT16) {
            throw new DeviceException("W is not implemented (0x8000)", true);
        }
        int wScale = SunSpecMap.scaleFactor(r[15], "W_SF");
        long watts = Math.round(SunSpecMap.scaled((short) r[14], wScale));
        Long wh = null;
        long acc = (long) r[24] << 16 | r[25];
        if (acc != 0 && r[26] != SunSpecMap.NOT_IMPLEMENTED_INT16) {
            int whScale = SunSpecMap.scaleFactor(r[26], "WH_SF");
            wh = whScale >= 0 ? acc * SunSpecMap.pow10(whScale) : acc / SunSpecMap.pow10(-whScale);
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

    @Override
    public void disconnect() {
        link.disconnect();
        model = null;
    }

    @Override
    public void close() {
        disconnect();
    }
}
