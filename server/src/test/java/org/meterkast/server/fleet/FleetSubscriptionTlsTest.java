package org.meterkast.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meterkast.server.fleet.FleetSubscriptionTest.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.meterkast.server.ingest.MqttSettings;

/**
 * The fleet subscription over TLS ({@code ssl://}), against the machine's Mosquitto with a TLS listener whose
 * certificate, for {@code localhost}, is signed by a certificate authority the test makes with openssl: a node that
 * trusts that authority takes the telegrams; one that does not, or that names the broker by an address the
 * certificate is not for, never connects. The node's trust comes from the JVM's default context in production; here
 * the test hands it a context that trusts its own authority.
 */
@Tag("cluster")
class FleetSubscriptionTlsTest {
    private static Path dir;
    private static OwnMosquitto broker;
    private static SSLContext trusting;
    private final String run = "mk-tls-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<FleetSubscription> started = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        dir = Path.of("target", "fleet-tls", UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        Files.createDirectories(dir);
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=Meterkast test authority");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "broker.key", "-out", "broker.csr", "-subj",
                "/CN=localhost");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost\n");
        openssl("x509", "-req", "-in", "broker.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
                "broker.pem", "-days", "2", "-extfile", "san.ext");
        // started as root, Mosquitto drops to its own user, which must read the key
        for (String f : new String[] {"ca.pem", "broker.pem", "broker.key"}) {
            Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
        broker = OwnMosquitto.start(dir, OwnMosquitto.FLEET_SETTINGS + "cafile " + dir.resolve("ca.pem") + "\n"
                + "certfile " + dir.resolve("broker.pem") + "\nkeyfile " + dir.resolve("broker.key") + "\n");

        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void stopAll() {
        started.forEach(FleetSubscription::stop);
    }

    private FleetSubscription node(String name, RecordingIntake intake, String host, SSLContext context) {
        FleetSettings fleet = new FleetSettings(true, run + "/+/p1", run, name, Duration.ofMinutes(2),
                Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofMinutes(10));
        MqttSettings mqtt = new MqttSettings("ssl://" + host + ":" + broker.port(), null, null, null,
                Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(1));
        FleetSubscription s = new FleetSubscription(fleet, mqtt, intake, FleetSubscription.MOST_UNACKNOWLEDGED,
                () -> context);
        s.start();
        started.add(s);
        return s;
    }

    /** A QoS 1 message through the TLS listener, by the mosquitto_pub of the machine (MQTT 3.1.1). */
    private void publish(String topic, String text) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mosquitto_pub", "-h", "localhost", "-p", Integer.toString(broker.port()),
                "--cafile", dir.resolve("ca.pem").toString(), "-V", "mqttv311", "-q", "1", "-t", topic, "-m", text)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void aNodeThatTrustsTheBrokersAuthorityTakesTheTelegramsOverTls() throws Exception {
        RecordingIntake intake = new RecordingIntake();
        FleetSubscription node = node("tls", intake, "localhost", trusting);
        await(node::subscribed, "subscribed over TLS");
        publish(run + "/5400/p1", "over tls");
        await(() -> node.counts().acknowledged() == 1, "taken and acknowledged");
        assertThat(intake.got).containsExactly(new RecordingIntake.Got("5400", "over tls"));
        assertThat(node.counts().connections()).isEqualTo(1);
    }

    @Test
    void aBrokerWhoseCertificateIsNotTrustedOrNotForItsNameIsNeverConnected() throws Exception {
        SSLContext jvmDefault = SSLContext.getInstance("TLS");
        jvmDefault.init(null, null, null);
        FleetSubscription untrusted = node("untrusted", new RecordingIntake(), "localhost", jvmDefault);
        // the certificate is for localhost, not for the address
        FleetSubscription otherName = node("address", new RecordingIntake(), "127.0.0.1", trusting);
        Thread.sleep(2_000);
        assertThat(untrusted.counts().connections()).isZero();
        assertThat(otherName.counts().connections()).isZero();
        assertThat(untrusted.subscribed()).isFalse();
        assertThat(otherName.subscribed()).isFalse();
    }
}
