package org.meterkast.sim;

import static org.assertj.core.api.Assertions.assertThat;

import eu.chargetime.ocpp.model.core.MeterValuesRequest;
import eu.chargetime.ocpp.model.core.StartTransactionRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.p1.Telegram;
import org.meterkast.sim.ev.ForeignCentralSystem;

class SimMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SimMain.run(args, Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesTelegramsToAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p1.txt");
        int code = run("--out", file.toString(), "--count", "5", "--speed", "1000000", "--history-days", "3",
                "--start", "2025-06-21T10:00:00Z", "--ev", "--battery", "--boiler", "--seed", "9");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<Telegram> telegrams = new Frames().accept(Files.readAllBytes(file));
        assertThat(telegrams).hasSize(5);
        assertThat(telegrams.get(0).timestamp()).contains(Instant.parse("2025-06-21T10:00:01Z"));
        assertThat(telegrams.get(4).timestamp()).contains(Instant.parse("2025-06-21T10:00:05Z"));
        assertThat(telegrams.get(0).energyImported(org.meterkast.p1.Tariff.NIGHT).getAsLong()).isPositive();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("seed 9, car, battery, boiler");
    }

    @Test
    void writesTelegramsToStandardOutputWhenToldNoPlace() {
        assertThat(run("--count", "2", "--speed", "1000", "--history-days", "0")).isZero();
        assertThat(new Frames().accept(out.toByteArray())).hasSize(2);
    }

    @Test
    void servesTheRoofAsASunSpecInverterBesideTheTelegrams() {
        assertThat(run("--count", "2", "--speed", "1000", "--history-days", "1", "--sunspec", "0")).isZero();
        assertThat(new Frames().accept(out.toByteArray())).hasSize(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .containsPattern("serving the SunSpec inverter \\(model 103 at 40000, unit 1\\) on 0\\.0\\.0\\.0:\\d+");
        err.reset();
        assertThat(run("--sunspec", "70000")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--sunspec: the port must be 0 to 65535, not 70000");
    }

    @Test
    void servesAHomeBatteryOverModbusThatTheTelegramsCount() {
        assertThat(run("--count", "2", "--speed", "1000", "--history-days", "1", "--battery-modbus", "0",
                "--battery-size", "13.5,4.6")).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(new Frames().accept(out.toByteArray())).hasSize(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(", Modbus battery,").containsPattern(
                "serving the SunSpec battery of 13500 Wh, 4600 W \\(models 1, 103, 124, 802 at 40000, plain "
                        + "registers at 1000, unit 1\\) on 0\\.0\\.0\\.0:\\d+");
        err.reset();
        assertThat(run("--battery", "--battery-modbus", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--battery and --battery-modbus cannot be used together: choose one");
        err.reset();
        assertThat(run("--battery-modbus", "0", "--battery-size", "10")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--battery-size: '10' is not KWH,KW like 10,5");
        err.reset();
        assertThat(run("--battery-size", "10,5")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--battery-size is only for --battery-modbus");
    }

    @Test
    void runsAChargePointWithItsCarAgainstACentralSystem() throws Exception {
        try (ForeignCentralSystem cs = new ForeignCentralSystem(300)) {
            int code = run("--ocpp", cs.address().toString(), "--ocpp-id", "CP-1", "--ocpp-password",
                    ForeignCentralSystem.PASSWORD, "--car", "40,7.4,1", "--car-soc", "30", "--amps", "32",
                    "--meter-values", "60", "--speed", "600", "--count", "1200", "--history-days", "0",
                    "--start", "2026-03-02T18:00:00Z");
            String said = err.toString(StandardCharsets.UTF_8);
            assertThat(code).as(said).isZero();
            assertThat(said).contains("charge point CP-1 connects to " + cs.address() + "/CP-1 with Car[40 kWh at 30 %, "
                    + "7400 W on 1 phase]").contains("CP-1: booted, heartbeat every 300 s");
            assertThat(out.size()).as("no telegrams without --tcp, --mqtt or --out").isZero();
            StartTransactionRequest start = cs.await(StartTransactionRequest.class, 0, r -> true);
            assertThat(start.getIdTag()).isEqualTo("SIM-TAG-1");
            assertThat(start.getTimestamp().toInstant()).isBetween(Instant.parse("2026-03-02T18:00:00Z"),
                    Instant.parse("2026-03-02T18:20:00Z"));
            // 32 A on the car's one phase: 32 × 230 = 7,360 W, under its 7.4 kW
            MeterValuesRequest values = cs.await(MeterValuesRequest.class, 0, r -> true);
            assertThat(Arrays.stream(values.getMeterValue()[0].getSampledValue())
                    .filter(v -> v.getMeasurand().equals("Power.Active.Import")).findFirst().orElseThrow().getValue())
                    .isEqualTo("7360");
        }
    }

    @Test
    void badChargePointArgumentsAreNamed() {
        assertThat(run("--ocpp", "http://127.0.0.1:8080/ocpp")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--ocpp: the central system's address must start "
                + "with ws:// or wss://, not 'http://127.0.0.1:8080/ocpp'");
        err.reset();
        assertThat(run("--ocpp", "ws://127.0.0.1:8080/ocpp", "--car", "60,11,2")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--car: phases must be 1 or 3, not 2");
        err.reset();
        assertThat(run("--ocpp", "ws://127.0.0.1:8080/ocpp", "--car", "sixty")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--car: 'sixty' is not KWH,KW,PHASES like 60,11,3");
        err.reset();
        assertThat(run("--ocpp", "ws://127.0.0.1:8080/ocpp", "--car-soc", "120")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--car-soc: socPercent must be 0 to 100 %, not 120");
        err.reset();
        assertThat(run("--ocpp", "ws://127.0.0.1:8080/ocpp", "--amps", "80")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--amps: maxAmps must be 6 to 63 A, not 80");
        err.reset();
        assertThat(run("--car-soc", "50")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--car-soc is only for --ocpp");
    }

    @Test
    void badArgumentsAreNamed(@TempDir Path dir) {
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--bogus'").contains("usage:");
        err.reset();
        assertThat(run("--speed", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--speed must be at least 1, not 0");
        err.reset();
        assertThat(run("--seed", "x1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--seed: 'x1' is not a whole number");
        err.reset();
        assertThat(run("--tcp")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--tcp needs a value");
        err.reset();
        assertThat(run("--out", dir.toString(), "--count", "1", "--history-days", "0")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot write telegrams to " + dir + ": it is a directory");
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--tcp PORT");
    }

    @Test
    void badMqttArgumentsAreNamed() {
        assertThat(run("--mqtt", "http://127.0.0.1:1883")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--mqtt: 'http://127.0.0.1:1883' is not a broker address like tcp://127.0.0.1:1883");
        err.reset();
        assertThat(run("--mqtt", "tcp://127.0.0.1:1883", "--topic", "meters/+/telegram")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--topic: 'meters/+/telegram' is not a topic to publish to");
        err.reset();
        assertThat(run("--topic", "dsmr/raw")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--topic is only for --mqtt");
        err.reset();
        assertThat(run("--tcp", "2000", "--mqtt", "tcp://127.0.0.1:1883")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--tcp and --mqtt cannot be used together");
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--mqtt URL").contains("--topic TOPIC");
    }

    @Test
    void servesTheBoilersShellyRelayAloneForItsSimulatedSeconds() {
        // without --tcp, --mqtt or --out no telegrams are written: the relay runs for --count simulated seconds
        assertThat(run("--boiler-http", "0", "--count", "100", "--speed", "1000", "--history-days", "0")).isZero();
        assertThat(out.size()).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .containsPattern("serving the Shelly shellyplus1pm-a8032ab\\w+ \\(boiler relay\\) on HTTP port \\d+");
    }

    @Test
    void badBoilerArgumentsAreNamed() {
        assertThat(run("--boiler-http", "70000")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--boiler-http: the port must be 0 to 65535, not 70000");
        err.reset();
        assertThat(run("--boiler-mqtt", "http://127.0.0.1:1883")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--boiler-mqtt: 'http://127.0.0.1:1883' is not a broker address like tcp://127.0.0.1:1883");
        err.reset();
        assertThat(run("--boiler-http", "0", "--boiler-prefix", "boiler")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--boiler-prefix is only for --boiler-mqtt");
    }
}
