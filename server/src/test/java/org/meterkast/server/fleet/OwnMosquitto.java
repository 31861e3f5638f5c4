package org.meterkast.server.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The machine's {@code mosquitto} binary as a broker of a test's own, on a free port of 127.0.0.1, with settings the
 * test chooses (the machine's service on 1883 keeps Mosquitto's defaults and is shared). Its configuration and log are
 * written to the given directory.
 */
final class OwnMosquitto implements AutoCloseable {
    /**
     * What fleet mode needs of Mosquitto: the queue of a node that is away must not be cut at 1,000 messages (the
     * default), and a node acknowledges at its flush, so more than 20 (the default for MQTT 3.1.1) must be in flight
     * to it. docs/CLUSTER.md, "The broker".
     */
    static final String FLEET_SETTINGS = """
            allow_anonymous true
            persistence false
            max_queued_messages 0
            max_inflight_messages 1000
            """;

    private final Process process;
    private final int port;
    private final Path log;

    private OwnMosquitto(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts one with {@code settings} (lines of mosquitto.conf) and waits until it listens. */
    static OwnMosquitto start(Path dir, String settings) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Files.createDirectories(dir);
        Path conf = dir.resolve("mosquitto.conf").toAbsolutePath();
        Files.writeString(conf, "listener " + port + " 127.0.0.1\n" + settings + "log_dest stdout\n");
        Path log = dir.resolve("mosquitto.log").toAbsolutePath();
        Process process = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new OwnMosquitto(process, port, log);
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("mosquitto did not start on port " + port + "; see " + log);
                }
                Thread.sleep(100);
            }
        }
    }

    int port() {
        return port;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
