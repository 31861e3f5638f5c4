package org.meterkast.server.battery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.digitalpetri.modbus.server.ModbusTcpServer;
import com.digitalpetri.modbus.server.ProcessImage;
import com.digitalpetri.modbus.server.ReadOnlyModbusServices;
import com.digitalpetri.modbus.tcp.server.NettyTcpServerTransport;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.device.DeviceException;

/**
 * The {@code sunspec} battery adapter against maps that make no sense, served as raw holding registers by
 * digitalpetri's Modbus TCP server: each is bad data, named, never a reading.
 */
class GarbageMapTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-21T10:00:00Z"), ZoneOffset.UTC);
    private static final int STORAGE = 40_070;
    private static final int BATTERY = STORAGE + 26;

    private ModbusTcpServer server;
    private SunSpecBattery battery;

    /** Serves these registers (absent ones read 0) as unit 1 and connects the adapter to them. */
    private SunSpecBattery serve(Map<Integer, Integer> registers) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProcessImage image = new ProcessImage();
        image.with(tx -> tx.writeHoldingRegisters(m -> registers.forEach((a, v) ->
                m.put(a, new byte[] {(byte) (v >>> 8), (byte) (int) v}))));
        int chosen = port;
        server = ModbusTcpServer.create(NettyTcpServerTransport.create(c -> {
            c.setBindAddress("127.0.0.1");
            c.setPort(chosen);
        }), new ReadOnlyModbusServices() {
            @Override
            protected Optional<ProcessImage> getProcessImage(int unitId) {
                return unitId == 1 ? Optional.of(image) : Optional.empty();
            }
        });
        server.start();
        battery = new SunSpecBattery("127.0.0.1:" + port, 1, Duration.ofSeconds(1), Duration.ofSeconds(60), CLOCK);
        return battery;
    }

    @AfterEach
    void stop() throws Exception {
        if (battery != null) {
            battery.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    /** "SunS", model 1 (empty), 124 and 802 with a 10 kWh, 5 kW battery at 50 %, the end; then {@code change}. */
    private static Map<Integer, Integer> map(Consumer<Map<Integer, Integer>> change) {
        Map<Integer, Integer> r = new TreeMap<>();
        r.put(40_000, 0x5375);
        r.put(40_001, 0x6E53);
        r.put(40_002, 1);
        r.put(40_003, 66);
        r.put(STORAGE, 124);
        r.put(STORAGE + 1, 24);
        r.put(STORAGE + 2, 5_000);                  // WChaMax
        r.put(STORAGE + 7, 0xFFFF);                 // MinRsvPct not implemented
        r.put(STORAGE + 25, 0xFFFE);                // InOutWRte_SF −2
        r.put(BATTERY, 802);
        r.put(BATTERY + 1, 62);
        r.put(BATTERY + 3, 10_000);                 // WHRtg
        r.put(BATTERY + 4, 5_000);
        r.put(BATTERY + 5, 5_000);
        r.put(BATTERY + 7, 0xFFFF);                 // SoCMax, SoCMin not implemented
        r.put(BATTERY + 8, 0xFFFF);
        r.put(BATTERY + 10, 0xFFFF);                // SoCRsvMin not implemented
        r.put(BATTERY + 11, 5_000);                 // SoC 50.00 %
        r.put(BATTERY + 16, 6);
        r.put(BATTERY + 22, 3);
        r.put(BATTERY + 47, 0);
        r.put(BATTERY + 56, 0xFFFE);                // SoC_SF −2
        r.put(BATTERY + 64, 0xFFFF);
        r.put(BATTERY + 65, 0);
        change.accept(r);
        return r;
    }

    @Test
    void theCleanMapReads() throws Exception {
        assertThat(serve(map(r -> { })).read().socPercent()).isEqualTo(50.0);
        assertThat(battery.limits().minSocPercent()).as("SoCMin and MinRsvPct not implemented").isZero();
        assertThat(battery.limits().maxSocPercent()).isEqualTo(100.0);
    }

    @Test
    void theLowestChargeIsTheHighestOfSoCMinSoCRsvMinAndMinRsvPct() throws Exception {
        serve(map(r -> {
            r.put(BATTERY + 8, 500);                // SoCMin 5.00 %
            r.put(BATTERY + 10, 1_500);             // SoCRsvMin 15.00 %
            r.put(STORAGE + 7, 12);                 // MinRsvPct 12 % at MinRsvPct_SF 0
            r.put(BATTERY + 7, 9_500);              // SoCMax 95.00 %
        })).read();
        assertThat(battery.limits().minSocPercent()).isEqualTo(15.0);
        assertThat(battery.limits().maxSocPercent()).isEqualTo(95.0);
    }

    @Test
    void aModelOfIdZeroBreaksTheMap() throws Exception {
        serve(map(r -> r.put(STORAGE, 0)));
        assertThatThrownBy(battery::read).isInstanceOf(DeviceException.class)
                .hasMessageEndingWith(": SunSpec map at 40000 is broken at register 40070 (model 0, length 24)")
                .satisfies(e -> assertThat(((DeviceException) e).badData()).isTrue());
    }

    @Test
    void aMapWithoutItsEndMarkerRunsPastTheRegisters() throws Exception {
        serve(map(r -> r.put(BATTERY + 1, 0xFF00)));        // 802's length runs past register 65535
        assertThatThrownBy(battery::read).isInstanceOf(DeviceException.class)
                .hasMessageContaining("is broken at register 40096 (model 802, length 65280)")
                .satisfies(e -> assertThat(((DeviceException) e).badData()).isTrue());
    }

    @Test
    void aChargeOf150PercentIsBadData() throws Exception {
        serve(map(r -> r.put(BATTERY + 11, 15_000)));
        assertThatThrownBy(battery::read).isInstanceOf(DeviceException.class)
                .hasMessageEndingWith(": state of charge 150.0 % is outside 0–100")
                .satisfies(e -> assertThat(((DeviceException) e).badData()).isTrue());
    }

    @Test
    void aScaleFactorOutOfRangeIsBadData() throws Exception {
        serve(map(r -> r.put(BATTERY + 63, 42)));           // W_SF
        assertThatThrownBy(battery::read).isInstanceOf(DeviceException.class)
                .hasMessageStartingWith("SunSpec battery 127.0.0.1:")
                .hasMessageEndingWith(" unit 1: W_SF 42 is outside -10..10")
                .satisfies(e -> assertThat(((DeviceException) e).badData()).isTrue());
    }

    @Test
    void aPowerNotImplementedIsBadData() throws Exception {
        serve(map(r -> r.put(BATTERY + 47, 0x8000)));
        assertThatThrownBy(battery::read).isInstanceOf(DeviceException.class)
                .hasMessageEndingWith(": W (802) is not implemented (0x8000)");
    }
}
