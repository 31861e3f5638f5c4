package org.meterkast.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built server jar running as a child process, with its output in a log file. The drivers read what they
 * measure from outside, as an operator would: the log, the HTTP API and the process's entries in /proc.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
    /** clock ticks per second of /proc/&lt;pid&gt;/stat; 100 on every Linux this runs on */
    static final long TICKS_PER_SECOND = 100;

    private final Process process;
    private final Path log;
    private final long startedNanos;
    private int port;

    private ServerProcess(Process process, Path log, long startedNanos) {
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts {@code java <jvmFlags> -jar <jar> <args>} in {@code workDir}, its output going to {@code log}, and
     * waits until Tomcat says on which port it listens.
     */
    static ServerProcess start(Path jar, List<String> jvmFlags, List<String> args, Path workDir, Path log,
                               Duration timeout) throws IOException {
        ServerProcess server = launch(jar, jvmFlags, args, workDir, log);
        server.awaitPort(timeout);
        return server;
    }

    /** Starts the server as {@link #start} does, without waiting for it to listen. */
    static ServerProcess launch(Path jar, List<String> jvmFlags, List<String> args, Path workDir, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.addAll(args);
        Files.createDirectories(workDir);
        long started = System.nanoTime();
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new ServerProcess(p, log, started);
    }

    /** Waits until Tomcat says on which port it listens; stops the server if it does not. */
    int awaitPort(Duration timeout) {
        try {
            port = Integer.parseInt(awaitLog(PORT, timeout).group(1));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return port;
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    /** Seconds since the process was started. */
    double uptimeSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** Waits until a line of the log matches, and returns the match; fails if the process ends first. */
    Matcher awaitLog(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher m = pattern.matcher(logText());
            if (m.find()) {
                return m;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the server ended (exit " + process.exitValue() + ") before '"
                        + pattern + "' appeared in " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no '" + pattern + "' in " + log + " after " + timeout);
            }
            sleep(50);
        }
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** User plus system CPU time of the whole process so far, in clock ticks. */
    long cpuTicks() {
        return ProcFs.cpuTicks(pid());
    }

    /** User plus system CPU time so far of the process's thread with this name, in clock ticks; 0 if none. */
    long threadCpuTicks(String threadName) {
        return ProcFs.threadCpuTicks(pid(), threadName);
    }

    /** VmRSS and VmHWM, in kB. */
    long[] memoryKb() {
        return ProcFs.memoryKb(pid());
    }

    /** Stops the server as Ctrl-C does (SIGTERM, a graceful shutdown), or kills it after 30 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
