package org.meterkast.sim;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Properties;

/**
 * An MQTT 3.1.1 broker (Moquette) on 127.0.0.1, inside the test's JVM: nothing kept on disk, no telemetry, no
 * web socket. It can be stopped and started again on the same port, as a broker that restarts.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private final int port;
    private Server server;

    private EmbeddedBroker(int port) {
        this.port = port;
    }

    /** A broker on a free port, not started yet. */
    public static EmbeddedBroker onFreePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new EmbeddedBroker(probe.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A broker on a free port, started. */
    public static EmbeddedBroker started() {
        EmbeddedBroker broker = onFreePort();
        broker.start();
        return broker;
    }

    public synchronized EmbeddedBroker start() {
        if (server != null) {
            return this;
        }
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(port));
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("websocket_port", "disabled");
        // Moquette reports home by default and writes data/.moquette_uuid in the working directory
        p.setProperty("telemetry_enabled", "false");
        Server s = new Server();
        try {
            s.startServer(new MemoryConfig(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test broker on port " + port, e);
        }
        server = s;
        return this;
    }

    public synchronized void stop() {
        if (server != null) {
            server.stopServer();
            server = null;
        }
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** How many clients are connected now. */
    public synchronized int connectedClients() {
        return server == null ? 0 : server.listConnectedClients().size();
    }

    @Override
    public void close() {
        stop();
    }
}
