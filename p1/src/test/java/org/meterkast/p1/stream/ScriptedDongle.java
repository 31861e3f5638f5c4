package org.meterkast.p1.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ser2net-style P1 dongle on a real localhost socket: the n-th connection it accepts plays the n-th session of
 * its script on a thread of its own, and is closed when the session returns. Connections beyond the script are
 * closed at once.
 */
final class ScriptedDongle implements AutoCloseable {
    /** What the dongle does with one accepted connection. */
    @FunctionalInterface
    interface Session {
        void serve(Socket socket) throws Exception;
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Thread> sessionThreads = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean stopping;

    ScriptedDongle(Session... sessions) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                Socket socket;
                try {
                    socket = server.accept();
                } catch (IOException e) {
                    return;         // closed
                }
                int n = accepted.getAndIncrement();
                if (n >= sessions.length) {
                    closeQuietly(socket);
                    continue;
                }
                Thread session = new Thread(() -> play(sessions[n], socket), "dongle-session-" + n);
                session.setDaemon(true);
                sessionThreads.add(session);
                session.start();
            }
        }, "dongle-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void play(Session session, Socket socket) {
        try (socket) {
            session.serve(socket);
        } catch (Exception e) {
            if (!stopping) {
                failures.add(e);
            }
        }
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    TcpByteSource source(Duration readTimeout) {
        return new TcpByteSource("127.0.0.1", port(), Duration.ofSeconds(2), readTimeout);
    }

    /** Keeps a connection open and silent until the dongle is closed (which interrupts this). */
    static void idle() throws InterruptedException {
        Thread.sleep(30_000);
    }

    /** Writes the bytes in small pieces with a flush each, so the reader sees them in several reads. */
    static void writeInPieces(Socket socket, byte[] bytes, int piece) throws IOException {
        OutputStream out = socket.getOutputStream();
        for (int p = 0; p < bytes.length; p += piece) {
            out.write(bytes, p, Math.min(piece, bytes.length - p));
            out.flush();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // a test double: nothing to report
        }
    }

    @Override
    public void close() throws Exception {
        stopping = true;
        server.close();
        acceptor.join(5_000);
        for (Thread session : sessionThreads) {
            session.interrupt();
            session.join(5_000);
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("the dongle's script failed", failures.get(0));
        }
    }
}
