package org.meterkast.p1.stream;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * A TCP connection to a WiFi or Ethernet P1 dongle that serves the meter's bytes raw, as ser2net does.
 *
 * <p>A meter sends a telegram every second (DSMR 5, e-MUCS) or every ten (DSMR 4), so a connection that stays
 * silent for the whole read timeout is taken as dead: a dongle that dropped off the WiFi never closes its end.
 */
public record TcpByteSource(String host, int port, Duration connectTimeout, Duration readTimeout)
        implements ByteSource {
    /** How long to wait for a dongle to accept a connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Three telegrams of a 10-second DSMR 4 meter: one lost telegram is not yet a dead connection. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    private static final String EXAMPLE = "e.g. 192.168.1.50:2000";

    public TcpByteSource {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
        }
        checkTimeout(connectTimeout, "connectTimeout");
        checkTimeout(readTimeout, "readTimeout");
    }

    /** A source with the default connect and read timeouts. */
    public TcpByteSource(String host, int port) {
        this(host, port, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    /**
     * Reads {@code HOST:PORT} ({@code [IPv6]:PORT} for an IPv6 address), with the default timeouts.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static TcpByteSource parse(String hostAndPort) {
        Objects.requireNonNull(hostAndPort, "hostAndPort");
        String text = hostAndPort.strip();
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("'" + hostAndPort + "' is not [IPv6-ADDRESS]:PORT, e.g. [fd00::50]:2000");
            }
            host = text.substring(1, close);
            portText = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("'" + hostAndPort + "' has no port: expected HOST:PORT, " + EXAMPLE);
            }
            if (text.indexOf(':') != colon) {
                throw new IllegalArgumentException("'" + hostAndPort
                        + "' has more than one ':': write an IPv6 address in brackets, e.g. [fd00::50]:2000");
            }
            host = text.substring(0, colon);
            portText = text.substring(colon + 1);
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("'" + hostAndPort + "' has no host: expected HOST:PORT, " + EXAMPLE);
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + hostAndPort + "': the port '" + portText + "' is not a number");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("'" + hostAndPort + "': the port must be 1 to 65535, not " + port);
        }
        return new TcpByteSource(host, port);
    }

    /** The same dongle with another read timeout. */
    public TcpByteSource withReadTimeout(Duration timeout) {
        return new TcpByteSource(host, port, connectTimeout, timeout);
    }

    /** {@code host:port}, with brackets around an IPv6 address. */
    @Override
    public String describe() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public InputStream open() throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.setKeepAlive(true);
            return new SocketInput(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw connectFailure(e);
        }
    }

    @Override
    public boolean isFinite() {
        return false;
    }

    /** The failure with a message that names this dongle; the JDK's own messages do not. */
    private IOException connectFailure(IOException e) {
        String prefix = "cannot connect to " + describe() + ": ";
        IOException named;
        if (e instanceof UnknownHostException) {
            named = new UnknownHostException(prefix + "unknown host '" + host + "'");
        } else if (e instanceof SocketTimeoutException) {
            named = new SocketTimeoutException(prefix + "no answer within " + text(connectTimeout));
        } else if (e instanceof ConnectException) {
            named = new ConnectException(prefix + e.getMessage());
        } else if (e instanceof NoRouteToHostException) {
            named = new NoRouteToHostException(prefix + e.getMessage());
        } else {
            return new IOException(prefix + e.getMessage(), e);
        }
        named.initCause(e);
        return named;
    }

    private static void checkTimeout(Duration timeout, String name) {
        Objects.requireNonNull(timeout, name);
        if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be from 1 ms to 24 days, not " + timeout);
        }
    }

    static String text(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    /** The socket's bytes; closing it closes the socket, which also wakes a read blocked in another thread. */
    private final class SocketInput extends InputStream {
        private final Socket socket;
        private final InputStream in;

        SocketInput(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (SocketTimeoutException e) {
                SocketTimeoutException silent = new SocketTimeoutException(
                        "no data from " + describe() + " for " + text(readTimeout));
                silent.initCause(e);
                throw silent;
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
