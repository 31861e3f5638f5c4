package org.meterkast.sim.fleet;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One publishing connection to an MQTT broker, in 3.1.1 or 5, that does only what a dongle does: connect with a
 * clean session, publish at QoS 0 or 1, take the acknowledgements, ping when idle, disconnect. It exists because a
 * general client spends several times more CPU per message than making the telegram costs: here publishes are
 * appended to one buffer and written with one system call per batch ({@link #flush()}), and an acknowledgement is
 * four bytes read in bulk.
 *
 * <p>One thread publishes and flushes; a reader thread of its own takes the broker's answers. At QoS 1 no more
 * messages await their acknowledgement than the broker's Receive Maximum (MQTT 5; 65,535 for 3.1.1, whose brokers
 * acknowledge as they go): {@link #publish} then flushes and waits. A lost connection is not reconnected: what
 * awaited an answer, and everything published after, is reported as failed.
 */
final class PublishLink implements AutoCloseable {
    /** What the broker answered, reported from the reader thread (QoS 1) or the publishing one (QoS 0). */
    interface Answers {
        void acknowledged(int messages);

        void failed(int messages, String why);
    }

    private static final int CONNECT = 0x10;
    private static final int CONNACK = 0x20;
    private static final int PUBLISH = 0x30;
    private static final int PUBACK = 0x40;
    private static final int PINGRESP = 0xD0;
    private static final int DISCONNECT = 0xE0;
    private static final int KEEP_ALIVE_SECONDS = 60;
    private static final int BUFFER = 256 * 1024;
    private static final int MOST_IN_FLIGHT = 65_535;

    private final String broker;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final int version;
    private final int qos;
    private final Answers answers;
    private final Semaphore window;
    private final int windowSize;
    private final byte[] buffer = new byte[BUFFER];
    private int length;
    /** QoS 0 messages in the buffer: written, and so done, at the next flush. */
    private int unflushed;
    private int packetId;
    private long lastWrite = System.nanoTime();
    private final long pingAfterNanos;
    private volatile String lost;
    private volatile boolean closing;
    private final Thread reader;

    private PublishLink(String broker, Socket socket, int version, int qos, Answers answers, int receiveMaximum,
                        int keepAliveSeconds) throws IOException {
        this.broker = broker;
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
        this.version = version;
        this.qos = qos;
        this.answers = answers;
        this.windowSize = Math.min(receiveMaximum, MOST_IN_FLIGHT);
        this.window = new Semaphore(windowSize);
        this.pingAfterNanos = keepAliveSeconds == 0 ? Long.MAX_VALUE : TimeUnit.SECONDS.toNanos(keepAliveSeconds) / 2;
        this.reader = new Thread(this::read, "fleet-link-reader");
        reader.setDaemon(true);
    }

    /**
     * Connects to {@code broker} ({@code tcp://}, {@code mqtt://}, {@code ssl://} or {@code mqtts://}) with a clean
     * session as {@code clientId}.
     *
     * @throws IOException naming the broker when it cannot be reached or refuses the connection
     */
    static PublishLink open(URI broker, String clientId, int version, int qos, Answers answers) throws IOException {
        String scheme = broker.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("ssl") || scheme.equals("mqtts");
        String host = broker.getHost().startsWith("[") ? broker.getHost().substring(1, broker.getHost().length() - 1)
                : broker.getHost();
        int port = broker.getPort() >= 0 ? broker.getPort() : tls ? 8883 : 1883;
        String name = (tls ? "ssl://" : "tcp://") + host + ":" + port;
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), 10_000);
            if (tls) {
                socket = ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, host, port, true);
                ((SSLSocket) socket).startHandshake();
            }
            // the publisher batches by itself; Nagle would only add delay to the last message of a batch
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(connect(clientId, version));
            socket.getOutputStream().flush();
            int[] connack = connack(socket.getInputStream(), version, qos, name);
            socket.setSoTimeout(0);
            PublishLink link = new PublishLink(name, socket, version, qos, answers, connack[0], connack[1]);
            link.reader.start();
            return link;
        } catch (IOException e) {
            close(socket);
            throw e instanceof BrokerRefusal ? e : new IOException("cannot connect to the MQTT broker " + name + ": "
                    + (e instanceof SocketTimeoutException ? "no answer within 10 s" : e.getMessage()), e);
        }
    }

    /** The broker refused the connection: its answer says why. */
    private static final class BrokerRefusal extends IOException {
        BrokerRefusal(String message) {
            super(message);
        }
    }

    /**
     * Appends one PUBLISH of {@code payload} on {@code topic} (UTF-8) to the buffer, flushing first when it is full
     * or when the broker's window is: at QoS 1 this waits for acknowledgements.
     *
     * @throws IOException when the connection was lost (then nothing was published)
     */
    void publish(byte[] topic, byte[] payload) throws IOException, InterruptedException {
        if (lost != null) {
            throw new IOException(lost);
        }
        int remaining = 2 + topic.length + (qos > 0 ? 2 : 0) + (version == 5 ? 1 : 0) + payload.length;
        int size = 1 + varIntSize(remaining) + remaining;
        if (size > buffer.length) {
            throw new IOException("a message of " + payload.length + " bytes does not fit the publisher's buffer");
        }
        if (length + size > buffer.length) {
            flush();
        }
        if (qos > 0 && !window.tryAcquire()) {
            // the broker's window is full: what is buffered must go out for its acknowledgements to come back
            flush();
            while (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (lost != null) {
                    throw new IOException(lost);
                }
            }
        }
        if (lost != null) {
            // the permit came from a connection lost meanwhile, which counted only what was already waiting
            throw new IOException(lost);
        }
        byte[] b = buffer;
        int i = length;
        b[i++] = (byte) (PUBLISH | (qos << 1));
        i = putVarInt(b, i, remaining);
        b[i++] = (byte) (topic.length >> 8);
        b[i++] = (byte) topic.length;
        System.arraycopy(topic, 0, b, i, topic.length);
        i += topic.length;
        if (qos > 0) {
            packetId = packetId % MOST_IN_FLIGHT + 1;
            b[i++] = (byte) (packetId >> 8);
            b[i++] = (byte) packetId;
        }
        if (version == 5) {
            b[i++] = 0;         // no properties
        }
        System.arraycopy(payload, 0, b, i, payload.length);
        length = i + payload.length;
        if (qos == 0) {
            unflushed++;
        }
    }

    /** Writes what the buffer holds in one go. */
    void flush() throws IOException {
        if (length == 0) {
            return;
        }
        try {
            out.write(buffer, 0, length);
        } catch (IOException e) {
            connectionLost(e);
            if (unflushed > 0) {
                answers.failed(unflushed, lost);
                unflushed = 0;
            }
            length = 0;
            throw new IOException(lost, e);
        }
        length = 0;
        lastWrite = System.nanoTime();
        if (unflushed > 0) {
            answers.acknowledged(unflushed);
            unflushed = 0;
        }
    }

    /** Pings the broker when nothing was written for half the keep-alive, so that it keeps the connection. */
    void keepAlive(long nowNanos) throws IOException {
        if (nowNanos - lastWrite > pingAfterNanos && lost == null) {
            flush();
            if (length == 0 && System.nanoTime() - lastWrite > pingAfterNanos) {
                buffer[0] = (byte) 0xC0;
                buffer[1] = 0;
                length = 2;
                flush();
            }
        }
    }

    /** Whether every QoS 1 message was answered (or the connection is lost, so none will be). */
    boolean settled() {
        return lost != null || window.availablePermits() == windowSize;
    }

    /** Why the connection was lost; null while it stands. */
    String lost() {
        return lost;
    }

    private void read() {
        byte[] b = new byte[64 * 1024];
        int start = 0;
        int end = 0;
        try {
            while (true) {
                // whole packets in b[start, end): handle them, then read more
                while (true) {
                    if (end - start < 2) {
                        break;
                    }
                    int remaining = 0;
                    int shift = 0;
                    int i = start + 1;
                    boolean complete = false;
                    while (i < end) {
                        int digit = b[i++] & 0xFF;
                        remaining |= (digit & 0x7F) << shift;
                        shift += 7;
                        if ((digit & 0x80) == 0) {
                            complete = true;
                            break;
                        }
                        if (shift > 21) {
                            throw new IOException("the broker sent a malformed packet length");
                        }
                    }
                    if (!complete || end - i < remaining) {
                        if (remaining > b.length - 8) {
                            throw new IOException("the broker sent a packet of " + remaining + " bytes");
                        }
                        break;
                    }
                    packet(b[start] & 0xF0, b, i, remaining);
                    start = i + remaining;
                }
                if (start > 0) {
                    System.arraycopy(b, start, b, 0, end - start);
                    end -= start;
                    start = 0;
                }
                int n = in.read(b, end, b.length - end);
                if (n < 0) {
                    throw new EOFException("the broker closed the connection");
                }
                end += n;
            }
        } catch (IOException e) {
            if (!closing) {
                connectionLost(e);
            }
        }
    }

    private void packet(int type, byte[] b, int at, int length) throws IOException {
        switch (type) {
            case PUBACK -> {
                int reason = version == 5 && length >= 3 ? b[at + 2] & 0xFF : 0;
                window.release();
                if (reason >= 0x80) {
                    answers.failed(1, "the broker refused a message with reason code 0x"
                            + Integer.toHexString(reason));
                } else {
                    answers.acknowledged(1);
                }
            }
            case PINGRESP -> {
                // the broker is there: nothing to do
            }
            case DISCONNECT -> throw new IOException("the broker disconnected"
                    + (length > 0 ? " with reason code 0x" + Integer.toHexString(b[at] & 0xFF) : ""));
            default -> {
                // nothing else is asked for; anything else is not ours to answer
            }
        }
    }

    private synchronized void connectionLost(Exception e) {
        if (lost != null) {
            return;
        }
        lost = "the connection to " + broker + " was lost: " + (e.getMessage() != null ? e.getMessage()
                : e.getClass().getSimpleName());
        int waiting = windowSize - window.availablePermits();
        if (qos > 0 && waiting > 0) {
            answers.failed(waiting, lost);
        }
        window.release(windowSize);
    }

    @Override
    public void close() {
        if (lost == null) {
            try {
                flush();
                byte[] bye = version == 5 ? new byte[] {(byte) DISCONNECT, 1, 0} : new byte[] {(byte) DISCONNECT, 0};
                closing = true;
                out.write(bye);
                out.flush();
            } catch (IOException e) {
                // going away anyway
            }
        }
        closing = true;
        close(socket);
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    private static byte[] connect(String clientId, int version) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        int remaining = 10 + (version == 5 ? 1 : 0) + 2 + id.length;
        byte[] p = new byte[1 + varIntSize(remaining) + remaining];
        int i = 0;
        p[i++] = (byte) CONNECT;
        i = putVarInt(p, i, remaining);
        byte[] head = {0, 4, 'M', 'Q', 'T', 'T', (byte) (version == 5 ? 5 : 4), 0x02,
                (byte) (KEEP_ALIVE_SECONDS >> 8), (byte) KEEP_ALIVE_SECONDS};
        System.arraycopy(head, 0, p, i, head.length);
        i += head.length;
        if (version == 5) {
            p[i++] = 0;         // no properties
        }
        p[i++] = (byte) (id.length >> 8);
        p[i++] = (byte) id.length;
        System.arraycopy(id, 0, p, i, id.length);
        return p;
    }

    /** Reads the CONNACK: the broker's Receive Maximum and keep-alive, or the reason it refused. */
    private static int[] connack(InputStream in, int version, int qos, String broker) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("the broker closed the connection before answering");
        }
        int remaining = 0;
        for (int shift = 0; ; shift += 7) {
            int digit = in.read();
            if (digit < 0 || shift > 21) {
                throw new EOFException("the broker's answer broke off");
            }
            remaining |= (digit & 0x7F) << shift;
            if ((digit & 0x80) == 0) {
                break;
            }
        }
        byte[] body = in.readNBytes(remaining);
        if ((type & 0xF0) != CONNACK || body.length < 2) {
            throw new IOException("the broker answered the connection with packet type " + (type >> 4));
        }
        int code = body[1] & 0xFF;
        if (code != 0) {
            throw new BrokerRefusal("the MQTT broker " + broker + " refused the connection with "
                    + (version == 5 ? "reason code 0x" + Integer.toHexString(code) : "return code " + code));
        }
        int receiveMaximum = MOST_IN_FLIGHT;
        int keepAlive = KEEP_ALIVE_SECONDS;
        if (version == 5 && body.length > 2) {
            int[] at = {2};
            int propertiesLength = varInt(body, at);
            int i = at[0];
            int end = Math.min(body.length, i + propertiesLength);
            while (i < end) {
                int id = body[i++] & 0xFF;
                switch (id) {
                    case 0x21 -> receiveMaximum = u16(body, i);
                    case 0x13 -> keepAlive = u16(body, i);
                    case 0x24 -> {
                        if (body[i] == 0 && qos > 0) {
                            throw new BrokerRefusal("the MQTT broker " + broker + " takes QoS 0 only");
                        }
                    }
                    default -> {
                        // not needed by a publisher: skipped below by its type's length
                    }
                }
                i = skipProperty(id, body, i);
            }
        }
        return new int[] {Math.max(1, receiveMaximum), keepAlive};
    }

    /** The index after the value of property {@code id} that starts at {@code i} (MQTT 5, section 2.2.2.2). */
    private static int skipProperty(int id, byte[] b, int i) throws IOException {
        return switch (id) {
            case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> i + 1;
            case 0x13, 0x21, 0x22, 0x23 -> i + 2;
            case 0x02, 0x11, 0x18, 0x27 -> i + 4;
            case 0x0B -> {
                int[] at = {i};
                varInt(b, at);
                yield at[0];
            }
            case 0x03, 0x08, 0x09, 0x12, 0x15, 0x16, 0x1A, 0x1C, 0x1F -> i + 2 + u16(b, i);
            case 0x26 -> {
                int j = i + 2 + u16(b, i);
                yield j + 2 + u16(b, j);
            }
            default -> throw new IOException("the broker's CONNACK holds an unknown property 0x"
                    + Integer.toHexString(id));
        };
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
    }

    private static int varInt(byte[] b, int[] at) {
        int value = 0;
        for (int shift = 0; shift <= 21; shift += 7) {
            int digit = b[at[0]++] & 0xFF;
            value |= (digit & 0x7F) << shift;
            if ((digit & 0x80) == 0) {
                break;
            }
        }
        return value;
    }

    private static int varIntSize(int value) {
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }

    private static int putVarInt(byte[] b, int i, int value) {
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            b[i++] = (byte) (value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
        return i;
    }
}
