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
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One publishing connection to an MQTT broker, in 3.1.1 or 5, that does only what a dongle does: connect, publish at
 * QoS 0 or 1, take the acknowledgements, ping when idle, reconnect after a lost connection, disconnect. It exists
 * because a general client spends several times more CPU per message than making the telegram costs: here publishes
 * are appended to one buffer and written with one system call per batch ({@link #flush()}), and an acknowledgement
 * is four bytes read in bulk.
 *
 * <p>One thread publishes, flushes and reconnects; a reader thread per connection takes the broker's answers. At
 * QoS 1 no more messages await their acknowledgement than the broker's Receive Maximum (MQTT 5; 65,535 for 3.1.1,
 * whose brokers acknowledge as they go): {@link #publish} then flushes and waits.
 *
 * <p>The session outlives a connection, as a QoS 1 dongle's does: the link connects with clean session (3.1.1) or
 * clean start (5) off, always as the same client id, and keeps every QoS 1 PUBLISH until the broker acknowledges it
 * (a reference to its payload, by packet id: nothing is copied). When the connection is lost, {@link #publish} and
 * {@link #flush} throw, {@link #up()} is false, and {@link #reconnectIfDue} connects again with a back-off (100 ms
 * doubling to 5 s) and sends every unacknowledged PUBLISH again, with DUP set and its packet id, oldest first. A
 * clean {@link #close()} ends the session on the broker.
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
    private static final int DUP = 0x08;
    private static final int PUBACK = 0x40;
    private static final int PINGRESP = 0xD0;
    private static final int DISCONNECT = 0xE0;
    private static final int KEEP_ALIVE_SECONDS = 60;
    /** MQTT 5: how long the broker keeps the session of a link whose connection was lost. */
    static final int SESSION_EXPIRY_SECONDS = 3_600;
    private static final int BUFFER = 256 * 1024;
    private static final int MOST_IN_FLIGHT = 65_535;
    static final long FIRST_BACKOFF_NANOS = 100_000_000L;
    static final long LONGEST_BACKOFF_NANOS = 5_000_000_000L;

    private final String host;
    private final int port;
    private final boolean tls;
    private final String broker;
    private final String clientId;
    private final int version;
    private final int qos;
    private final Answers answers;
    /** The QoS 1 messages awaiting their acknowledgement, by packet id: topic, then payload (volatile, set last). */
    private final byte[][] topicOf;
    private final AtomicReferenceArray<byte[]> payloadOf;
    private final byte[] buffer = new byte[BUFFER];
    private int length;
    /** QoS 0 messages in the buffer: written, and so done, at the next flush. */
    private int unflushed;
    private int packetId;
    private long lastWrite = System.nanoTime();
    private Connection connection;
    private long backoffNanos = FIRST_BACKOFF_NANOS;
    private long nextAttempt;
    private long reconnections;
    private long resent;

    private PublishLink(String host, int port, boolean tls, String clientId, int version, int qos, Answers answers) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.broker = (tls ? "ssl://" : "tcp://") + host + ":" + port;
        this.clientId = clientId;
        this.version = version;
        this.qos = qos;
        this.answers = answers;
        this.topicOf = qos > 0 ? new byte[MOST_IN_FLIGHT + 1][] : null;
        this.payloadOf = qos > 0 ? new AtomicReferenceArray<>(MOST_IN_FLIGHT + 1) : null;
    }

    /** One TCP (or TLS) connection of the link, with the window the broker's CONNACK gave it and its reader. */
    private final class Connection {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        final Semaphore window;
        final int windowSize;
        final long pingAfterNanos;
        final Thread reader;
        volatile String lost;
        volatile boolean closing;

        Connection(Socket socket, int receiveMaximum, int keepAliveSeconds, int inFlight) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = socket.getInputStream();
            this.windowSize = Math.min(receiveMaximum, MOST_IN_FLIGHT);
            // what is still in flight from an earlier connection goes again on this one and holds its permits
            this.window = new Semaphore(windowSize - inFlight);
            this.pingAfterNanos = keepAliveSeconds == 0 ? Long.MAX_VALUE
                    : TimeUnit.SECONDS.toNanos(keepAliveSeconds) / 2;
            this.reader = new Thread(this::read, "fleet-link-reader");
            reader.setDaemon(true);
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
                    lost(e);
                }
            }
        }

        private void packet(int type, byte[] b, int at, int length) throws IOException {
            switch (type) {
                case PUBACK -> {
                    if (length < 2) {
                        throw new IOException("the broker sent a PUBACK without a packet id");
                    }
                    int id = u16(b, at);
                    // a packet id not awaited (acknowledged twice) is not counted twice
                    if (qos > 0 && payloadOf.getAndSet(id, null) != null) {
                        int reason = version == 5 && length >= 3 ? b[at + 2] & 0xFF : 0;
                        window.release();
                        if (reason >= 0x80) {
                            answers.failed(1, "the broker refused a message with reason code 0x"
                                    + Integer.toHexString(reason));
                        } else {
                            answers.acknowledged(1);
                        }
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

        /** Marks the connection lost; a publisher waiting for the window wakes and finds out. */
        synchronized void lost(Exception e) {
            if (lost != null) {
                return;
            }
            lost = "the connection to " + broker + " was lost: " + (e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName());
            close(socket);
        }

        /** Closes the socket and waits for the reader, so that every acknowledgement it read is accounted for. */
        void end() throws InterruptedException {
            closing = true;
            close(socket);
            reader.join(10_000);
        }
    }

    /**
     * Connects to {@code broker} ({@code tcp://}, {@code mqtt://}, {@code ssl://} or {@code mqtts://}) as
     * {@code clientId}, keeping the session across lost connections.
     *
     * @throws IOException naming the broker when it cannot be reached or refuses the connection
     */
    static PublishLink open(URI broker, String clientId, int version, int qos, Answers answers) throws IOException {
        String scheme = broker.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("ssl") || scheme.equals("mqtts");
        String host = broker.getHost().startsWith("[") ? broker.getHost().substring(1, broker.getHost().length() - 1)
                : broker.getHost();
        int port = broker.getPort() >= 0 ? broker.getPort() : tls ? 8883 : 1883;
        PublishLink link = new PublishLink(host, port, tls, clientId, version, qos, answers);
        link.connection = link.connect(false, 0);
        link.connection.reader.start();
        return link;
    }

    /** A new connection that has had its CONNACK; its reader is not started yet. */
    private Connection connect(boolean cleanSession, int inFlight) throws IOException {
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
            socket.getOutputStream().write(connect(clientId, version, cleanSession));
            socket.getOutputStream().flush();
            int[] connack = connack(socket.getInputStream(), version, qos, broker);
            socket.setSoTimeout(0);
            return new Connection(socket, connack[0], connack[1], inFlight);
        } catch (IOException e) {
            close(socket);
            throw e instanceof BrokerRefusal ? e : new IOException("cannot connect to the MQTT broker " + broker + ": "
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
     * or when the broker's window is: at QoS 1 this waits for acknowledgements. At QoS 1 the link keeps
     * {@code payload} (not a copy) until the broker acknowledges it: the caller must not change it.
     *
     * @throws IOException when the connection is lost (then this message was not taken; those taken before are kept
     *                     for {@link #reconnectIfDue} at QoS 1)
     */
    void publish(byte[] topic, byte[] payload) throws IOException, InterruptedException {
        Connection c = connection;
        if (c.lost != null) {
            throw new IOException(c.lost);
        }
        int remaining = 2 + topic.length + (qos > 0 ? 2 : 0) + (version == 5 ? 1 : 0) + payload.length;
        int size = 1 + varIntSize(remaining) + remaining;
        if (size > buffer.length) {
            throw new IllegalArgumentException("a message of " + payload.length
                    + " bytes does not fit the publisher's buffer");
        }
        if (length + size > buffer.length) {
            flush();
        }
        if (qos > 0 && !c.window.tryAcquire()) {
            // the broker's window is full: what is buffered must go out for its acknowledgements to come back
            flush();
            while (!c.window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (c.lost != null) {
                    throw new IOException(c.lost);
                }
            }
        }
        if (c.lost != null) {
            // a connection lost meanwhile: the message is not taken, so neither is its permit
            if (qos > 0) {
                c.window.release();
            }
            throw new IOException(c.lost);
        }
        if (qos > 0) {
            // a free packet id: one is, as the window holds fewer than all of them
            do {
                packetId = packetId % MOST_IN_FLIGHT + 1;
            } while (payloadOf.get(packetId) != null);
            topicOf[packetId] = topic;
            payloadOf.set(packetId, payload);
        }
        length = append(buffer, length, 0, topic, payload, packetId, remaining);
        if (qos == 0) {
            unflushed++;
        }
    }

    /** Appends a PUBLISH to {@code b} at {@code i}; returns the index after it. */
    private int append(byte[] b, int i, int flags, byte[] topic, byte[] payload, int id, int remaining) {
        b[i++] = (byte) (PUBLISH | flags | (qos << 1));
        i = putVarInt(b, i, remaining);
        b[i++] = (byte) (topic.length >> 8);
        b[i++] = (byte) topic.length;
        System.arraycopy(topic, 0, b, i, topic.length);
        i += topic.length;
        if (qos > 0) {
            b[i++] = (byte) (id >> 8);
            b[i++] = (byte) id;
        }
        if (version == 5) {
            b[i++] = 0;         // no properties
        }
        System.arraycopy(payload, 0, b, i, payload.length);
        return i + payload.length;
    }

    /**
     * Writes what the buffer holds in one go.
     *
     * @throws IOException when the connection is lost: QoS 0 messages in the buffer are counted as failed, QoS 1
     *                     ones stay kept for the next connection
     */
    void flush() throws IOException {
        if (length == 0) {
            return;
        }
        Connection c = connection;
        IOException failure = null;
        if (c.lost == null) {
            try {
                c.out.write(buffer, 0, length);
            } catch (IOException e) {
                c.lost(e);
                failure = e;
            }
        }
        if (c.lost != null) {
            if (unflushed > 0) {
                answers.failed(unflushed, c.lost);
                unflushed = 0;
            }
            length = 0;
            throw new IOException(c.lost, failure);
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
        Connection c = connection;
        if (nowNanos - lastWrite > c.pingAfterNanos && c.lost == null) {
            flush();
            if (length == 0 && System.nanoTime() - lastWrite > c.pingAfterNanos) {
                buffer[0] = (byte) 0xC0;
                buffer[1] = 0;
                length = 2;
                flush();
            }
        }
    }

    /** Whether the connection stands (as far as the link knows). */
    boolean up() {
        return connection.lost == null;
    }

    /**
     * When the connection is lost and the back-off has passed: connects again (same client id, the session kept) and
     * sends every QoS 1 PUBLISH not yet acknowledged again, with DUP set and its packet id, oldest first.
     *
     * @return whether the link is up
     */
    boolean reconnectIfDue(long nowNanos) throws InterruptedException {
        Connection old = connection;
        if (old.lost == null) {
            return true;
        }
        if (nowNanos - nextAttempt < 0) {
            return false;
        }
        if (!old.closing) {
            old.end();
            // QoS 1 messages in the buffer are among the kept ones; QoS 0 ones are gone with the connection
            length = 0;
            if (unflushed > 0) {
                answers.failed(unflushed, old.lost);
                unflushed = 0;
            }
        }
        int inFlight = 0;
        if (qos > 0) {
            for (int id = 1; id <= MOST_IN_FLIGHT; id++) {
                if (payloadOf.get(id) != null) {
                    inFlight++;
                }
            }
        }
        Connection c;
        try {
            c = connect(false, inFlight);
        } catch (IOException e) {
            nextAttempt = System.nanoTime() + backoffNanos;
            backoffNanos = Math.min(backoffNanos * 2, LONGEST_BACKOFF_NANOS);
            return false;
        }
        connection = c;
        lastWrite = System.nanoTime();
        c.reader.start();
        backoffNanos = FIRST_BACKOFF_NANOS;
        reconnections++;
        try {
            // oldest first: the ids after the last one given out were given out longest ago
            for (int k = 1; k <= MOST_IN_FLIGHT && inFlight > 0; k++) {
                int id = (packetId + k - 1) % MOST_IN_FLIGHT + 1;
                byte[] payload = payloadOf.get(id);
                if (payload != null) {
                    byte[] topic = topicOf[id];
                    int remaining = 2 + topic.length + 2 + (version == 5 ? 1 : 0) + payload.length;
                    if (length + 1 + varIntSize(remaining) + remaining > buffer.length) {
                        flush();
                    }
                    length = append(buffer, length, DUP, topic, payload, id, remaining);
                    resent++;
                    inFlight--;
                }
            }
            flush();
        } catch (IOException e) {
            // lost again at once: the next attempt sends them again
            nextAttempt = System.nanoTime() + backoffNanos;
            return false;
        }
        return true;
    }

    /** Connections made again after one was lost. */
    long reconnections() {
        return reconnections;
    }

    /** PUBLISHes sent again, with DUP set, after a reconnection. */
    long resent() {
        return resent;
    }

    /** QoS 1 messages taken and not acknowledged yet. */
    int unanswered() {
        Connection c = connection;
        return qos == 0 ? 0 : c.windowSize - c.window.availablePermits();
    }

    /** Whether the link is up and every QoS 1 message was answered. */
    boolean settled() {
        return up() && unanswered() == 0;
    }

    /** Why the connection was lost; null while it stands. */
    String lost() {
        return connection.lost;
    }

    /**
     * Disconnects and ends the session on the broker: with a Session Expiry of 0 (MQTT 5), or by connecting once
     * more with a clean session (3.1.1), as a DISCONNECT cannot end a 3.1.1 session that was kept.
     */
    @Override
    public void close() {
        Connection c = connection;
        if (c == null) {
            return;
        }
        boolean cleanUp = false;
        if (c.lost == null) {
            try {
                flush();
                byte[] bye = version == 5 ? new byte[] {(byte) DISCONNECT, 7, 0, 5, 0x11, 0, 0, 0, 0}
                        : new byte[] {(byte) DISCONNECT, 0};
                c.closing = true;
                c.out.write(bye);
                c.out.flush();
                cleanUp = version != 5;
            } catch (IOException e) {
                // going away anyway
            }
        }
        c.closing = true;
        close(c.socket);
        if (cleanUp) {
            try {
                Connection clean = connect(true, 0);
                clean.closing = true;
                clean.out.write(new byte[] {(byte) DISCONNECT, 0});
                clean.out.flush();
                close(clean.socket);
            } catch (IOException e) {
                // the broker keeps an empty session: nothing of ours is in it
            }
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    private static byte[] connect(String clientId, int version, boolean cleanSession) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        // MQTT 5 without a clean start: a Session Expiry Interval, or the session ends with the connection
        boolean expiry = version == 5 && !cleanSession;
        int remaining = 10 + (version == 5 ? (expiry ? 6 : 1) : 0) + 2 + id.length;
        byte[] p = new byte[1 + varIntSize(remaining) + remaining];
        int i = 0;
        p[i++] = (byte) CONNECT;
        i = putVarInt(p, i, remaining);
        byte[] head = {0, 4, 'M', 'Q', 'T', 'T', (byte) (version == 5 ? 5 : 4), (byte) (cleanSession ? 0x02 : 0),
                (byte) (KEEP_ALIVE_SECONDS >> 8), (byte) KEEP_ALIVE_SECONDS};
        System.arraycopy(head, 0, p, i, head.length);
        i += head.length;
        if (expiry) {
            p[i++] = 5;
            p[i++] = 0x11;
            p[i++] = (byte) (SESSION_EXPIRY_SECONDS >>> 24);
            p[i++] = (byte) (SESSION_EXPIRY_SECONDS >>> 16);
            p[i++] = (byte) (SESSION_EXPIRY_SECONDS >>> 8);
            p[i++] = (byte) SESSION_EXPIRY_SECONDS;
        } else if (version == 5) {
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
