package org.meterkast.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.meterkast.p1.Tariff;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.stream.TcpByteSource;
import org.meterkast.p1.stream.TelegramListener;
import org.meterkast.p1.stream.TelegramReader;

class TelegramTcpServerTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void p1sTelegramReaderReadsTheServerAsItReadsADongle() throws Exception {
        Instant start = Instant.parse("2025-06-21T10:00:00Z");
        SimulatedMeter meter = new SimulatedMeter(new Household(HouseholdSettings.defaults(3)), start);
        // 20 simulated seconds a second: a telegram every 50 ms
        TelegramStream stream = TelegramStream.paced(meter, SimulationClock.startingNow(Clock.systemUTC(), start, 20));
        try (TelegramTcpServer server = TelegramTcpServer.start(LOOPBACK, stream)) {
            List<Telegram> received = new CopyOnWriteArrayList<>();
            CountDownLatch five = new CountDownLatch(5);
            TelegramReader[] reader = new TelegramReader[1];
            reader[0] = new TelegramReader(new TcpByteSource("127.0.0.1", server.port()), new TelegramListener() {
                @Override
                public void onTelegram(Telegram telegram) {
                    received.add(telegram);
                    five.countDown();
                    if (five.getCount() == 0) {
                        reader[0].close();
                    }
                }
            });
            Thread thread = new Thread(() -> {
                try {
                    reader[0].run();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            thread.start();
            assertThat(five.await(10, TimeUnit.SECONDS)).as("five telegrams within 10 s").isTrue();
            reader[0].close();
            thread.join(5_000);
            assertThat(reader[0].statistics().rejected()).isZero();
            assertThat(received).hasSizeGreaterThanOrEqualTo(5);
            Instant first = received.get(0).timestamp().orElseThrow();
            for (int i = 0; i < 5; i++) {
                Telegram t = received.get(i);
                assertThat(t.timestamp()).contains(first.plusSeconds(i));
                assertThat(t.equipmentId()).contains("1SAG3105209493");
                assertThat(t.tariff()).contains(Tariff.NIGHT);              // a Saturday
                assertThat(t.gasMeter()).isPresent();
                assertThat(t.warnings()).isEmpty();
            }
            assertThat(server.telegramsServed()).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void everyClientGetsEveryTelegramAndTheConnectionClosesWhenTheSourceEnds() throws Exception {
        Instant start = Instant.parse("2025-02-03T18:00:00Z");
        SimulatedMeter meter = new SimulatedMeter(new Household(HouseholdSettings.defaults(4)), start);
        TelegramStream stream = TelegramStream.unpaced(meter, start.plusSeconds(40));
        CountDownLatch clientsIn = new CountDownLatch(1);
        // hold the telegrams back until both clients are connected
        Iterator<byte[]> gated = new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    clientsIn.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                return stream.hasNext();
            }

            @Override
            public byte[] next() {
                return stream.next();
            }
        };
        try (TelegramTcpServer server = TelegramTcpServer.start(LOOPBACK, gated);
             Socket a = new Socket(InetAddress.getLoopbackAddress(), server.port());
             Socket b = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            a.setSoTimeout(10_000);
            b.setSoTimeout(10_000);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (server.clientCount() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(server.clientCount()).isEqualTo(2);
            clientsIn.countDown();
            List<Telegram> fromA = new Frames().accept(a.getInputStream().readAllBytes());
            List<Telegram> fromB = new Frames().accept(b.getInputStream().readAllBytes());
            assertThat(fromA).hasSize(40).isEqualTo(fromB);
            assertThat(fromA.get(39).timestamp()).contains(start.plusSeconds(40));
            server.awaitEnd();
            assertThat(server.telegramsServed()).isEqualTo(40);
            assertThat(server.telegramsDropped()).isZero();
        }
    }

    @Test
    void aPortInUseIsReportedWithTheAddress() throws Exception {
        try (ServerSocket holder = new ServerSocket()) {
            holder.bind(LOOPBACK);
            InetSocketAddress busy = new InetSocketAddress(InetAddress.getLoopbackAddress(), holder.getLocalPort());
            assertThatThrownBy(() -> TelegramTcpServer.start(busy, List.<byte[]>of().iterator()))
                    .isInstanceOf(IOException.class).hasMessageStartingWith("cannot listen on " + busy);
        }
        assertThatThrownBy(() -> TelegramTcpServer.start(70_000, List.<byte[]>of().iterator()))
                .hasMessage("port must be 0 to 65535, not 70000");
    }
}
