package org.meterkast.sim.fleet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of a broker, for a publisher: it can hold back the broker's answers (so that what the
 * publisher sent stays unacknowledged), cut every connection (a reset, as a broker that goes away), refuse new ones
 * for a while, and it records what each connection's client sent.
 */
final class Relay implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress broker;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** What the client sent on each connection, in the order the connections were made. */
    final List<ByteArrayOutputStream> sent = new CopyOnWriteArrayList<>();
    private volatile boolean refusing;
    private volatile boolean holdingAnswers;

    Relay(int brokerPort) {
        this.broker = new InetSocketAddress(InetAddress.getLoopbackAddress(), brokerPort);
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread accepting = new Thread(this::accept, "relay-accept-" + listener.getLocalPort());
        accepting.setDaemon(true);
        accepting.start();
    }

    String url() {
        return "tcp://127.0.0.1:" + listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (refusing) {
                    reset(client);
                    continue;
                }
                Socket upstream = new Socket();
                upstream.connect(broker, 2000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                ByteArrayOutputStream record = new ByteArrayOutputStream();
                sent.add(record);
                pump(client, upstream, record, false);
                pump(upstream, client, null, true);
            } catch (IOException e) {
                // closed, or the broker is away: the client sees its connection fail and tries again
            }
        }
    }

    private void pump(Socket from, Socket to, ByteArrayOutputStream record, boolean answers) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                while (true) {
                    while (answers && holdingAnswers && !from.isClosed()) {
                        Thread.sleep(1);
                    }
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    if (record != null) {
                        synchronized (record) {
                            record.write(buffer, 0, n);
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side went away: the other is closed below
            }
            reset(to);
            reset(from);
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Holds the broker's answers back (true) or lets them through again. */
    void holdAnswers(boolean hold) {
        holdingAnswers = hold;
    }

    /** Refuses new connections (true), or relays them again. */
    void refuse(boolean refuse) {
        refusing = refuse;
    }

    /** Resets every connection through the relay. */
    void cut() {
        for (Socket s : sockets) {
            reset(s);
        }
        sockets.clear();
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);     // RST, not FIN: nothing more is said
            s.close();
        } catch (IOException e) {
            // gone already
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        cut();
    }
}
