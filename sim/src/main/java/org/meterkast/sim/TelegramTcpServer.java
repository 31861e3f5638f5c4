package org.meterkast.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves telegrams over TCP the way a ser2net P1 dongle does: every connected client receives the raw bytes of
 * every telegram from the moment it connects, and nothing is read from the clients.
 *
 * <p>One thread takes telegrams from the source (which paces them, one per simulated second) and hands each to
 * every client's queue; each client has its own writing thread, so a slow or stuck client only loses its own
 * telegrams (its queue holds {@value #CLIENT_QUEUE}) and never holds up the others or the simulation.
 */
public final class TelegramTcpServer implements AutoCloseable {
    static final int CLIENT_QUEUE = 64;
    private static final byte[] END = new byte[0];

    private final ServerSocket server;
    private final Iterator<byte[]> telegrams;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private final Thread producer;
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean finished;

    private TelegramTcpServer(ServerSocket server, Iterator<byte[]> telegrams) {
        this.server = server;
        this.telegrams = telegrams;
        this.acceptor = new Thread(this::accept, "sim-tcp-accept-" + server.getLocalPort());
        this.producer = new Thread(this::produce, "sim-tcp-telegrams-" + server.getLocalPort());
        acceptor.setDaemon(true);
        producer.setDaemon(true);
    }

    /**
     * Listens on {@code bind} (port 0 picks a free port) and starts serving {@code telegrams}.
     *
     * @throws IOException naming the address when it cannot be bound
     */
    public static TelegramTcpServer start(InetSocketAddress bind, Iterator<byte[]> telegrams) throws IOException {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(telegrams, "telegrams");
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(bind);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen on " + bind + ": " + e.getMessage(), e);
        }
        TelegramTcpServer s = new TelegramTcpServer(socket, telegrams);
        s.acceptor.start();
        s.producer.start();
        return s;
    }

    /** Listens on every interface, as a dongle on the home network does. */
    public static TelegramTcpServer start(int port, Iterator<byte[]> telegrams) throws IOException {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
        }
        return start(new InetSocketAddress(port), telegrams);
    }

    /** The port it listens on (the one picked when started with port 0). */
    public int port() {
        return server.getLocalPort();
    }

    public int clientCount() {
        return clients.size();
    }

    /** Telegrams taken from the source, whether or not anyone was connected. */
    public long telegramsServed() {
        return served.get();
    }

    /** Telegrams a client lost because its queue was full. */
    public long telegramsDropped() {
        return dropped.get();
    }

    /** Waits until the source has no more telegrams (or the server was closed). */
    public void awaitEnd() throws InterruptedException {
        producer.join();
    }

    /** Stops listening and drops every client at once. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // the socket is given up either way
        }
        producer.interrupt();
        for (Client c : clients) {
            c.close();
        }
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;     // closed
            }
            try {
                socket.setTcpNoDelay(true);
                Client c = new Client(socket);
                clients.add(c);
                if (closed) {
                    c.close();
                } else {
                    c.thread.start();
                    if (finished) {
                        c.finish();
                    }
                }
            } catch (SocketException e) {
                closeQuietly(socket);
            }
        }
    }

    private void produce() {
        try {
            while (!closed && telegrams.hasNext()) {
                byte[] telegram = telegrams.next();
                served.incrementAndGet();
                for (Client c : clients) {
                    if (!c.queue.offer(telegram)) {
                        dropped.incrementAndGet();
                    }
                }
            }
        } catch (RuntimeException e) {
            // the source ended (an interrupted pace ends it with NoSuchElementException): serve no more
        } finally {
            // stop listening; clients get what was queued, then their connection is closed, as when a dongle stops
            finished = true;
            try {
                server.close();
            } catch (IOException ignored) {
                // the socket is given up either way
            }
            for (Client c : clients) {
                c.finish();
            }
        }
    }

    /** One connected client and its writing thread. */
    private final class Client {
        final Socket socket;
        final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(CLIENT_QUEUE);
        final Thread thread;

        Client(Socket socket) {
            this.socket = socket;
            this.thread = new Thread(this::write, "sim-tcp-client-" + socket.getRemoteSocketAddress());
            thread.setDaemon(true);
        }

        void write() {
            try (OutputStream out = socket.getOutputStream()) {
                while (!closed) {
                    byte[] telegram = queue.take();
                    if (telegram == END) {
                        break;
                    }
                    out.write(telegram);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the client went away or the server closed: nothing to report to anyone
            } finally {
                clients.remove(this);
                closeQuietly(socket);
            }
        }

        void finish() {
            if (!queue.offer(END)) {
                // a stuck client: its backlog is lost anyway
                queue.clear();
                queue.offer(END);
            }
        }

        void close() {
            thread.interrupt();
            closeQuietly(socket);
            clients.remove(this);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
