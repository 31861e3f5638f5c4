package org.meterkast.p1.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class P1ToolTest {
    private static final String FLUVIUS = "fluvius-v171-dsmr_parser-1.txt";
    private static final String BAD_CRC = "edge-fluvius-v171-bad-crc-dsmr_parser.txt";
    private static final String DSMR_50 = "dsmr50-dsmr_parser-1.txt";
    private static final String DSMR_3 = "edge-dsmr3-no-crc-multiline-gas-dsmr_parser.txt";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int run(String... args) {
        return P1Tool.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    private List<String> out() {
        return stdout.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private List<String> err() {
        return stderr.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aFixtureFileGivesOneJsonLinePerTelegram() {
        int status = run("--file", fixture(FLUVIUS).toString());

        assertThat(status).isZero();
        assertThat(out()).singleElement().satisfies(json -> assertThat(json)
                .startsWith("{\"header\":\"FLU5\\\\253769484_A\",\"dialect\":\"BELGIAN\",\"version\":\"50217\"")
                .contains("\"timestamp\":\"2020-05-12T11:54:09Z\"")
                .contains("\"equipmentId\":\"1SAG3101021605\"")
                .contains("\"energyImportedNightWh\":15758")
                .contains("\"energyImportedDayWh\":34")
                .contains("\"voltageL1mV\":234700")
                .contains("{\"channel\":1,\"medium\":\"GAS\",\"deviceType\":3,\"equipmentId\":\"7FLO2119033733\","
                        + "\"valve\":1,\"reading\":{\"at\":\"2020-05-12T11:45:58Z\",\"value\":112.384,\"unit\":\"m3\"}}")
                .endsWith("}"));
        assertThat(err()).containsExactly(
                "p1-tool: 1 telegram, 0 rejected (bad CRC 0, missing CRC 0, truncated 0, oversize 0), 0 garbage bytes");
    }

    @Test
    void rejectedFramesWarningsAndGarbageGoToStandardError() throws IOException {
        Path capture = capture(FLUVIUS, "=line noise\r\n", BAD_CRC, "edge-dsmr50-gas-invalid-timestamp-dsmr_parser.txt",
                DSMR_50, "=/FLU5\\253769484_A\r\n\r\n0-0:96.1.4(50217)\r\n");

        int status = run("--file", capture.toString());

        assertThat(status).isZero();
        assertThat(out()).hasSize(3);
        assertThat(out().get(0)).contains("\"equipmentId\":\"1SAG3101021605\"");
        assertThat(out().get(2)).contains("\"equipmentId\":\"K8EG004046395507\"", "\"energyImportedDayWh\":2399");
        assertThat(err()).containsExactly(
                "p1-tool: rejected a telegram, bad CRC: CRC 3AD7 given, 02A3 computed over 1026 bytes",
                "p1-tool: telegram 2: line 37 '0-1:24.2.1(632525252525S)(00000.000)': reading time '632525252525S'"
                        + " is not a valid YYMMDDhhmmss time with S or W",
                "p1-tool: rejected a telegram, truncated: the stream ended after 40 bytes, before '!'",
                "p1-tool: 3 telegrams, 2 rejected (bad CRC 1, missing CRC 0, truncated 1, oversize 0), "
                        + "10 garbage bytes");
    }

    @Test
    void countStopsAfterThatManyTelegrams() throws IOException {
        Path capture = capture(FLUVIUS, DSMR_50, FLUVIUS);

        int status = run("--file", capture.toString(), "--count", "2");

        assertThat(status).isZero();
        assertThat(out()).hasSize(2);
        assertThat(err()).last().asString().startsWith("p1-tool: 2 telegrams, 0 rejected");
    }

    @Test
    void telegramsWithoutCrcNeedAllowNoCrc() {
        String file = fixture(DSMR_3).toString();

        assertThat(run("--file", file)).isZero();
        assertThat(out()).isEmpty();
        assertThat(err()).containsExactly("p1-tool: rejected a telegram, missing CRC: no CRC after '!'",
                "p1-tool: 0 telegrams, 1 rejected (bad CRC 0, missing CRC 1, truncated 0, oversize 0), 0 garbage bytes");

        stdout.reset();
        assertThat(run("--allow-no-crc", "--file", file)).isZero();
        assertThat(out()).singleElement().asString().contains("\"energyImportedDayWh\":12345678");
    }

    @Test
    void readsADongleOverTcpUntilCount() throws Exception {
        byte[] telegrams = concat(FLUVIUS, DSMR_50);
        try (ServerSocket dongle = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> {
                try (Socket socket = dongle.accept()) {
                    OutputStream out = socket.getOutputStream();
                    out.write(telegrams);
                    out.flush();
                    Thread.sleep(10_000);   // a dongle keeps the connection open: --count must end the run
                } catch (IOException | InterruptedException e) {
                    // the reader closed the connection, or the test is over
                }
            });
            serving.setDaemon(true);
            serving.start();

            int status = run("--tcp", "127.0.0.1:" + dongle.getLocalPort(), "--count", "2");

            assertThat(status).isZero();
            assertThat(out()).hasSize(2);
            assertThat(out().get(1)).contains("\"equipmentId\":\"K8EG004046395507\"");
            assertThat(err()).containsExactly("p1-tool: reading 127.0.0.1:" + dongle.getLocalPort(),
                    "p1-tool: 2 telegrams, 0 rejected (bad CRC 0, missing CRC 0, truncated 0, oversize 0), "
                            + "0 garbage bytes");
            serving.interrupt();
        }
    }

    @Test
    void aSerialPortThatDoesNotExistExitsWithTwoNamingIt() {
        String port = dir.resolve("ttyUSB9").toString();

        int status = run("--serial", port);

        assertThat(status).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err()).singleElement().asString()
                .startsWith("p1-tool: cannot open serial port " + port + ": no such device; available ports: ");
    }

    @Test
    void aFileThatIsNotASerialPortIsRefused() throws IOException {
        Path notAPort = Files.writeString(dir.resolve("ttyFAKE"), "hello");

        int status = run("--serial", notAPort.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err()).singleElement().asString()
                .startsWith("p1-tool: cannot open serial port " + notAPort + ": not a serial port; available ports: ");
    }

    @Test
    void anUnreachableDongleExitsWithTwoAndAClearMessage() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();    // free again once closed: nobody listens there
        }

        int status = run("--tcp", "127.0.0.1:" + port);

        assertThat(status).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err()).containsExactly("p1-tool: cannot connect to 127.0.0.1:" + port + ": Connection refused");
    }

    @Test
    void aMissingFileExitsWithTwo() {
        Path missing = dir.resolve("capture.txt");

        assertThat(run("--file", missing.toString())).isEqualTo(2);
        assertThat(err()).containsExactly("p1-tool: cannot read file " + missing + ": no such file");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"                                 | say where to read: --serial DEVICE, --tcp HOST:PORT or --file PATH",
        "--tcp                              | --tcp needs a HOST:PORT",
        "--tcp dongle                       | --tcp 'dongle' has no port: expected HOST:PORT, e.g. 192.168.1.50:2000",
        "--tcp dongle:99999                 | --tcp 'dongle:99999': the port must be 1 to 65535, not 99999",
        "--file a.txt --tcp dongle:2000     | read from one place only, not --file and --tcp",
        "--file a.txt --count 0             | --count must be at least 1, not 0",
        "--file a.txt --count many          | --count needs a whole number, not 'many'",
        "--file a.txt --baud 9600           | --baud is for --serial only",
        "--tcp dongle:2000 --7e1            | --7e1 is for --serial only",
        "--serial /dev/ttyUSB0 --baud 10    | --serial /dev/ttyUSB0: baud must be from 50 to 4000000, not 10",
        "--file a.txt --allow-no-crc=yes    | --allow-no-crc takes no value",
        "--file a.txt --verbose             | unknown option '--verbose'",
        "--file a.txt b.txt                 | unexpected argument 'b.txt'",
    })
    void badArgumentsExitWithTwoAndTheUsage(String args, String message) {
        int status = run(args.isEmpty() ? new String[0] : args.split(" +"));

        assertThat(status).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err().get(0)).isEqualTo("p1-tool: " + message);
        assertThat(err()).contains("Usage: p1-tool (--serial DEVICE [--baud N] [--7e1] | --tcp HOST:PORT | --file PATH)");
    }

    @Test
    void optionsMayCarryTheirValueAfterAnEqualsSign() {
        assertThat(run("--file=" + fixture(FLUVIUS), "--count=1")).isZero();
        assertThat(out()).hasSize(1);
    }

    @Test
    void helpPrintsTheUsageOnStandardOutput() {
        int status = run("--help");

        assertThat(status).isZero();
        assertThat(out().get(0)).isEqualTo(
                "Usage: p1-tool (--serial DEVICE [--baud N] [--7e1] | --tcp HOST:PORT | --file PATH)");
        assertThat(String.join("\n", out())).contains("--count N         stop after N telegrams");
        assertThat(err()).isEmpty();
    }

    @Test
    void sevenE1ReadsAtDsmr22SettingsAndAcceptsTelegramsWithoutCrc() {
        P1Tool.Invocation invocation = P1Tool.Invocation.parse(new String[] {"--serial", "/dev/ttyUSB0", "--7e1"});

        assertThat(invocation.source().describe()).isEqualTo("serial port /dev/ttyUSB0 (9600 7E1)");
        assertThat(invocation.allowMissingCrc()).isTrue();
        assertThat(P1Tool.Invocation.parse(new String[] {"--serial", "/dev/ttyUSB0", "--baud", "38400"})
                .source().describe()).isEqualTo("serial port /dev/ttyUSB0 (38400 8N1)");
    }

    static Path fixture(String name) {
        try {
            return Path.of(P1ToolTest.class.getResource("/telegrams/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fixture names and, after '=', literal text, one after the other. */
    static byte[] concat(String... parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String part : parts) {
            try {
                bytes.writeBytes(part.startsWith("=") ? part.substring(1).getBytes(StandardCharsets.ISO_8859_1)
                        : Files.readAllBytes(fixture(part)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bytes.toByteArray();
    }

    private Path capture(String... parts) throws IOException {
        return Files.write(dir.resolve("capture.txt"), concat(parts));
    }
}
