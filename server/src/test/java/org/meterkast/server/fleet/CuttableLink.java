package org.meterkast.server.fleet;

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
 * A TCP relay between a client and the broker that can be cut as a killed process cuts its connections: both sockets
 * reset at once, no MQTT DISCONNECT, so the broker sees exactly what it sees of a node killed with -9. It can also be
 * taken down (cut, and new connections refused, as by a server that is gone) and brought up again on the same port.
 */
final class CuttableLink implements AutoCloseable {
    private volatile ServerSocket listener;
    private volatile boolean closed;
    private final InetSocketAddress broker;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    CuttableLink(String host, int port) {
        this(host, port, 0);
    }

    /** A link listening on {@code listen} (0: any free port). */
    CuttableLink(String host, int port, int listen) {
        this.broker = new InetSocketAddress(host, port);
        listen(listen);
    }

    private void listen(int port) {
        ServerSocket s;
        try {
            s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        listener = s;
        Thread accepting = new Thread(() -> accept(s), "link-accept-" + s.getLocalPort());
        accepting.setDaemon(true);
        accepting.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Cuts every connection and refuses new ones (connection refused) until {@link #up()}. */
    synchronized void down() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        cut();
    }

    /** Relays new connections again, on the same port. */
    synchronized void up() {
        if (listener.isClosed() && !closed) {
            listen(listener.getLocalPort());
        }
    }

    private void accept(ServerSocket listener) {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket();
                upstream.connect(broker, 2000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                if (listener.isClosed()) {
                    // taken down while this one was being connected
                    reset(client);
                    reset(upstream);
                    continue;
                }
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed, or the broker is away: the client sees its connection fail and tries again
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away: the other is closed below
            }
            reset(to);
            reset(from);
        }, "link-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Resets every connection through the link; new ones are still relayed. */
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
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        cut();
    }
}
