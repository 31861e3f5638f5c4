package org.meterkast.sim.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * The machine's {@code mosquitto} binary as a broker of a test's own, on a free port of 127.0.0.1, with persistence
 * in a folder of its own: stopped with SIGTERM (it then writes its persistence file) and started again on the same
 * port and file.
 */
final class OwnMosquitto implements AutoCloseable {
    private final Path folder;
    private final Path conf;
    private final int port;
    private Process process;
    private int lives;

    private OwnMosquitto(Path folder, Path conf, int port) {
        this.folder = folder;
        this.conf = conf;
        this.port = port;
    }

    /** Starts a broker with {@code settings} (lines of mosquitto.conf) besides its listener and persistence. */
    static OwnMosquitto started(String settings) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path folder = Files.createTempDirectory("mosquitto-");
        // started as root, Mosquitto drops to its own user, which must write the persistence file here
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path conf = folder.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence true\n"
                + "persistence_location " + folder + "/\nlog_dest stdout\n" + settings);
        OwnMosquitto broker = new OwnMosquitto(folder, conf, port);
        broker.start();
        return broker;
    }

    int port() {
        return port;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts the broker (again) and waits until it listens. */
    void start() throws IOException, InterruptedException {
        Path log = folder.resolve("mosquitto-" + ++lives + ".log");
        process = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("mosquitto did not start on port " + port + ": "
                            + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
    }

    /** SIGTERM, as a service manager stops it: Mosquitto saves its persistence file and ends. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("mosquitto did not stop within 20 s of SIGTERM");
        }
    }

    /** Whether the persistence file was written. */
    boolean persisted() {
        return Files.exists(folder.resolve("mosquitto.db"));
    }

    @Override
    public void close() throws IOException {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (var files = Files.list(folder)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(folder);
    }
}
