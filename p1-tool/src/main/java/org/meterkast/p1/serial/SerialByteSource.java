package org.meterkast.p1.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import com.fazecast.jSerialComm.SerialPortTimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;
import org.meterkast.p1.stream.ByteSource;

/**
 * A serial port with a P1 cable on it ({@code /dev/ttyUSB0}, {@code COM3}), read through jSerialComm.
 *
 * <p>A silent line is not taken as a dead one: a meter whose P1 port is switched off sends nothing, and opening
 * the port again would not change that. An unplugged USB cable does end the stream, and the reader opens the
 * port again once it is back.
 */
public record SerialByteSource(String portPath, SerialSettings settings) implements ByteSource {
    /** How long one read waits before it looks whether the port was closed meanwhile. */
    private static final int POLL_MILLIS = 250;

    public SerialByteSource {
        Objects.requireNonNull(portPath, "portPath");
        if (portPath.isBlank()) {
            throw new IllegalArgumentException("portPath must not be blank");
        }
        Objects.requireNonNull(settings, "settings");
    }

    /** The port at 115200 8N1. */
    public SerialByteSource(String portPath) {
        this(portPath, SerialSettings.DEFAULT);
    }

    @Override
    public String describe() {
        return "serial port " + portPath + " (" + settings + ")";
    }

    @Override
    public InputStream open() throws IOException {
        String device = devicePath();
        SerialPort port;
        try {
            port = SerialPort.getCommPort(device);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException(cannotOpen("no such device"), e);
        }
        port.setComPortParameters(settings.baud(), settings.dataBits(),
                settings.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT,
                switch (settings.parity()) {
                    case NONE -> SerialPort.NO_PARITY;
                    case EVEN -> SerialPort.EVEN_PARITY;
                    case ODD -> SerialPort.ODD_PARITY;
                });
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, POLL_MILLIS, 0);
        if (!port.openPort()) {
            throw new IOException(cannotOpen(reason(port.getLastErrorCode())));
        }
        return new PortInput(port);
    }

    @Override
    public boolean isFinite() {
        return false;
    }

    /** The serial ports jSerialComm finds on this machine, e.g. {@code /dev/ttyS0, /dev/ttyUSB0}. */
    public static String availablePorts() {
        String ports = Arrays.stream(SerialPort.getCommPorts()).map(SerialPort::getSystemPortPath)
                .sorted().collect(Collectors.joining(", "));
        return ports.isEmpty() ? "none found" : ports;
    }

    /**
     * The device behind a path. jSerialComm, given a path that does not exist, quietly tries {@code /dev/} plus
     * its last part (so {@code /tmp/x/ttyS0} would open {@code /dev/ttyS0}); a path is therefore checked here.
     * Links (udev {@code /dev/serial/by-id/...}, socat {@code pty,link=...}) are resolved here too rather than
     * left to jSerialComm, whose older versions refused them (its issue #25).
     */
    private String devicePath() throws IOException {
        if (portPath.indexOf('/') < 0) {
            return portPath;        // a bare name: COM3, or ttyUSB0 which jSerialComm looks up in /dev
        }
        Path path = Path.of(portPath);
        if (!Files.exists(path)) {
            throw new IOException(cannotOpen(Files.isSymbolicLink(path)
                    ? "it is a link to " + Files.readSymbolicLink(path) + ", which does not exist"
                    : "no such device"));
        }
        return path.toRealPath().toString();
    }

    private String cannotOpen(String reason) {
        return "cannot open serial port " + portPath + ": " + reason + "; available ports: " + availablePorts();
    }

    /** What the error code of a failed open (errno, or GetLastError on Windows) means to someone at a terminal. */
    private static String reason(int code) {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return switch (code) {
                case 2, 3 -> "no such port";
                case 5, 32 -> "access denied: is the port in use by another program?";
                default -> "error " + code;
            };
        }
        return switch (code) {
            case 2, 6, 19 -> "no such device";
            case 1, 13 -> "permission denied (is the user in the dialout group?)";
            case 11, 16, 35 -> "the port is in use by another program";
            case 25 -> "not a serial port";
            case 5 -> "input/output error (is the adapter unplugged?)";
            case 0 -> "jSerialComm could not open it";
            default -> "error " + code;
        };
    }

    /** The port's bytes; closing it closes the port. */
    private final class PortInput extends InputStream {
        private final SerialPort port;
        private final InputStream in;
        private volatile boolean closed;

        PortInput(SerialPort port) {
            this.port = port;
            this.in = port.getInputStream();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            while (!closed) {
                int n;
                try {
                    n = in.read(b, off, len);
                } catch (SerialPortTimeoutException e) {
                    continue;       // the semi-blocking timeout only serves to notice close()
                } catch (IOException e) {
                    if (closed) {
                        return -1;
                    }
                    throw new IOException("serial port " + portPath + " was disconnected: " + e.getMessage(), e);
                }
                if (n != 0) {
                    return n;
                }
            }
            return -1;
        }

        @Override
        public void close() {
            closed = true;
            port.closePort();
        }
    }
}
