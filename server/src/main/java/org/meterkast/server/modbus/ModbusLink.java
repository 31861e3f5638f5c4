package org.meterkast.server.modbus;

import com.digitalpetri.modbus.ExceptionCode;
import com.digitalpetri.modbus.client.ModbusTcpClient;
import com.digitalpetri.modbus.exceptions.ModbusException;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.exceptions.ModbusTimeoutException;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadInputRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersRequest;
import com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport;
import java.time.Duration;
import java.util.Objects;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.server.device.HostCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One unit of a Modbus TCP device, reached through digitalpetri's client: connects when first asked, bounds every
 * connect and request by its timeout, and turns every failure into a {@link DeviceException} that names the device.
 * A request that times out or loses the connection drops it, so the next call connects again. Holding and input
 * registers, as unsigned 16-bit values. Every connect asks its {@link HostCheck} where to connect, so a device
 * entered in the app reaches only an address checked at that moment. Not thread-safe: its adapter calls it from one
 * thread at a time.
 */
public final class ModbusLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModbusLink.class);
    /** The most registers one read may ask for (Modbus's limit). */
    public static final int MAX_READ = 125;

    private final String host;
    private final int port;
    private final int unit;
    private final Duration timeout;
    private final HostCheck hosts;
    private ModbusTcpClient client;

    /** A link to a device of the properties: its host is connected to as written. */
    public ModbusLink(String address, int unit, Duration timeout) {
        this(address, unit, timeout, HostCheck.NONE);
    }

    /**
     * @param address {@code HOST:PORT} or {@code HOST} (port 502)
     * @param timeout the most a connect or one request may take
     * @param hosts   where each connect goes for the host
     */
    public ModbusLink(String address, int unit, Duration timeout, HostCheck hosts) {
        String[] hostPort = parseAddress(address);
        this.host = hostPort[0];
        this.port = Integer.parseInt(hostPort[1]);
        this.unit = unit;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.hosts = Objects.requireNonNull(hosts, "hosts");
    }

    /** {@code HOST:PORT} or {@code HOST} (port 502) as host and port. */
    public static String[] parseAddress(String address) {
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

    /** {@code HOST:PORT unit N}. */
    public String describe() {
        return host + ":" + port + " unit " + unit;
    }

    /** Whether a connection is open (it may still turn out dead on the next request). */
    public boolean connected() {
        return client != null;
    }

    /** Reads {@code count} holding registers from {@code address}, as unsigned 16-bit values. */
    public int[] read(int address, int count) throws DeviceException {
        return read(address, count, false);
    }

    /** Reads {@code count} input registers (function 4) from {@code address}, as unsigned 16-bit values. */
    public int[] readInput(int address, int count) throws DeviceException {
        return read(address, count, true);
    }

    private int[] read(int address, int count, boolean input) throws DeviceException {
        ModbusTcpClient c = client();
        try {
            byte[] bytes = input
                    ? c.readInputRegisters(unit, new ReadInputRegistersRequest(address, count)).registers()
                    : c.readHoldingRegisters(unit, new ReadHoldingRegistersRequest(address, count)).registers();
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
            throw failed("reading " + count + (input ? " input" : "") + " registers at " + address, e);
        }
    }

    /** Writes holding registers from {@code address} on, each the low 16 bits of its value, in one request. */
    public void write(int address, int... values) throws DeviceException {
        ModbusTcpClient c = client();
        byte[] bytes = new byte[2 * values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[2 * i] = (byte) (values[i] >>> 8);
            bytes[2 * i + 1] = (byte) values[i];
        }
        try {
            c.writeMultipleRegisters(unit, new WriteMultipleRegistersRequest(address, values.length, bytes));
        } catch (ModbusException e) {
            throw failed("writing " + values.length + " registers at " + address, e);
        }
    }

    private ModbusTcpClient client() throws DeviceException {
        if (client == null) {
            String target;
            try {
                target = hosts.connectTo(host.startsWith("[") && host.endsWith("]")
                        ? host.substring(1, host.length() - 1) : host);
            } catch (DeviceException e) {
                throw new DeviceException(describe() + ": cannot connect: " + e.getMessage());
            }
            NettyTcpClientTransport transport = NettyTcpClientTransport.create(c -> {
                c.setHostname(target);
                c.setPort(port);
                c.setConnectTimeout(timeout);
            });
            ModbusTcpClient c = ModbusTcpClient.create(transport, config -> config.setRequestTimeout(timeout));
            try {
                c.connect();
            } catch (ModbusException | RuntimeException e) {
                quietly(c);
                throw new DeviceException(describe() + ": cannot connect: " + message(e), e);
            }
            client = c;
        }
        return client;
    }

    /**
     * A refusal (a Modbus exception response) leaves the connection as it is; a timeout or a broken connection drops
     * it, so that the next call starts afresh.
     */
    private DeviceException failed(String what, ModbusException e) {
        if (e instanceof ModbusResponseException r) {
            String code = ExceptionCode.from(r.getExceptionCode()).map(Enum::name)
                    .orElse("code " + r.getExceptionCode());
            return new DeviceException(describe() + ": refused " + what + ": " + code);
        }
        disconnect();
        String why = e instanceof ModbusTimeoutException ? "no answer within " + timeout.toMillis() + " ms"
                : message(e);
        return new DeviceException(describe() + ": " + what + ": " + why, e);
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** Drops the connection, if any; the next call connects again. */
    public void disconnect() {
        if (client != null) {
            quietly(client);
            client = null;
        }
    }

    private void quietly(ModbusTcpClient c) {
        try {
            c.disconnect();
        } catch (ModbusException | RuntimeException e) {
            log.debug("{}: disconnecting: {}", describe(), e.toString());
        }
    }

    @Override
    public void close() {
        disconnect();
    }
}
