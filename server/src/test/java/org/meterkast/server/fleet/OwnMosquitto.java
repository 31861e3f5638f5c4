package org.meterkast.server.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * The machine's {@code mosquitto} binary as a broker of a test's own, on a free port of 127.0.0.1, with settings the
 * test chooses (the machine's service on 1883 keeps Mosquitto's defaults and is shared). It can be stopped with
 * SIGTERM (it then writes its persistence file, if it has one) and started again on the same port and files.
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

    private final Path folder;
    private final Path conf;
    private final boolean removeFolder;
    private final int port;
    private Process process;
    private int lives;

    private OwnMosquitto(Path folder, Path conf, boolean removeFolder, int port) {
        this.folder = folder;
        this.conf = conf;
        this.removeFolder = removeFolder;
        this.port = port;
    }

    /**
     * Starts one with {@code settings} (lines of mosquitto.conf besides its listener), its configuration and log in
     * {@code dir}, and waits until it listens.
     */
    static OwnMosquitto start(Path dir, String settings) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        // its log goes to the mosquitto-<life>.out files there
        return begin(dir.toAbsolutePath(), settings + "log_dest stdout\n", false);
    }

    /**
     * Starts one with persistence in a temporary folder of its own (removed at {@link #close()}), and
     * {@code settings} besides its listener and persistence.
     */
    static OwnMosquitto started(String settings) throws IOException, InterruptedException {
        Path folder = Files.createTempDirectory("mosquitto-");
        // started as root, Mosquitto drops to its own user, which must write the persistence file here
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        return begin(folder, "allow_anonymous true\npersistence true\npersistence_location " + folder + "/\n"
                + "log_dest file " + folder.resolve("mosquitto.log") + "\n" + settings, true);
    }

    private static OwnMosquitto begin(Path folder, String settings, boolean removeFolder)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path conf = folder.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\n" + settings);
        OwnMosquitto broker = new OwnMosquitto(folder, conf, removeFolder, port);
        broker.start();
        return broker;
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

    /** Starts the broker (again) and waits until it listens. */
    void start() throws IOException, InterruptedException {
        Path out = folder.resolve("mosquitto-" + ++lives + ".out");
        process = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("mosquitto did not start on port " + port + ": "
                            + Files.readString(out) + log());
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

    /** What a broker of {@link #started} logged so far, in all its lives (a file it writes line by line). */
    String log() throws IOException {
        Path log = folder.resolve("mosquitto.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Whether the persistence file was written. */
    boolean persisted() {
        return Files.exists(folder.resolve("mosquitto.db"));
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        if (removeFolder) {
            try (var files = Files.list(folder)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(folder);
            } catch (IOException e) {
                // a temporary folder left behind
            }
        }
    }
}
