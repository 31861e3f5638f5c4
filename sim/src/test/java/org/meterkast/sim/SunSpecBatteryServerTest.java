package org.meterkast.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.digitalpetri.modbus.client.ModbusTcpClient;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.exceptions.ModbusTimeoutException;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersRequest;
import com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated SunSpec battery over a real Modbus TCP connection: its map, its own self-consumption, and how it
 * obeys model 124 and the plain setpoint. A 10 kWh battery of 5 kW at 95 % each way, 10 % reserve, half full; every
 * expected figure is worked out by hand in the comment beside it.
 */
class SunSpecBatteryServerTest {
    private static final int STORAGE = 40_000 + SunSpecBatteryServer.STORAGE;
    private static final int BATTERY = 40_000 + SunSpecBatteryServer.BATTERY;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-06-21T10:00:00Z"));
    private final AtomicLong householdNet = new AtomicLong();
    private SunSpecBatteryServer server;
    private ModbusTcpClient client;

    private void start(double socPercent) throws Exception {
        server = SunSpecBatteryServer.start(SunSpecBatteryServer.Options.loopback(0), "BAT-1",
                new BatteryModel(BatterySettings.DEFAULT, socPercent), clock, householdNet::get, null);
        client = ModbusTcpClient.create(NettyTcpClientTransport.create(c -> {
            c.setHostname("127.0.0.1");
            c.setPort(server.port());
        }), c -> c.setRequestTimeout(Duration.ofMillis(300)));
        client.connect();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.disconnect();
        }
        if (server != null) {
            server.close();
        }
    }

    private int[] read(int address, int count) throws Exception {
        byte[] b = client.readHoldingRegisters(1, new ReadHoldingRegistersRequest(address, count)).registers();
        int[] r = new int[count];
        for (int i = 0; i < count; i++) {
            r[i] = (b[2 * i] & 0xFF) << 8 | b[2 * i + 1] & 0xFF;
        }
        return r;
    }

    private int register(int address) throws Exception {
        return read(address, 1)[0];
    }

    private void write(int address, int... values) throws Exception {
        byte[] b = new byte[2 * values.length];
        for (int i = 0; i < values.length; i++) {
            b[2 * i] = (byte) (values[i] >>> 8);
            b[2 * i + 1] = (byte) values[i];
        }
        client.writeMultipleRegisters(1, new WriteMultipleRegistersRequest(address, values.length, b));
    }

    @Test
    void servesSunSAndModels1_103_124_802ThenTheEnd() throws Exception {
        start(50);
        assertThat(read(40_000, 4)).containsExactly(0x5375, 0x6E53, 1, 66);
        assertThat(read(40_070, 2)).containsExactly(103, 50);
        assertThat(read(40_122, 2)).containsExactly(124, 24);
        assertThat(read(40_148, 2)).containsExactly(802, 62);
        assertThat(read(40_212, 2)).containsExactly(0xFFFF, 0);
        // 802: WHRtg 10000 Wh (SF 0), WChaRteMax and WDisChaRteMax 5000 W, SoCMax 100.00 %, SoCMin 10.00 %
        int[] b = read(BATTERY, 64);
        assertThat(new int[] {b[3], b[4], b[5], b[7], b[8], b[11], b[53], b[56]})
                .containsExactly(10_000, 5_000, 5_000, 10_000, 1_000, 5_000, 0, 0xFFFE);
        // 124: WChaMax 5000 W, StorCtl_Mod 0, MinRsvPct 10.00 %, ChaState 50.00 %, InOutWRte_SF −2
        int[] s = read(STORAGE, 26);
        assertThat(new int[] {s[2], s[5], s[7], s[8], s[25]}).containsExactly(5_000, 0, 1_000, 5_000, 0xFFFE);
    }

    @Test
    void coversTheHouseholdsImportAndStoresItsSurplusByItself() throws Exception {
        start(50);
        householdNet.set(1_500);
        clock.advance(Duration.ofSeconds(36));
        // 1500 W out for 0.01 h takes 1500 / 0.95 × 0.01 = 15.79 Wh from 5000 Wh: 4984.21 Wh, 49.84 %
        int[] b = read(BATTERY, 64);
        assertThat((short) b[47]).as("802 W, discharging positive").isEqualTo((short) 1_500);
        assertThat(b[11]).isEqualTo(4_984);
        assertThat(b[16]).as("ChaSt DISCHARGING").isEqualTo(3);

        householdNet.set(-800);
        clock.advance(Duration.ofSeconds(36));
        // 800 W in for 0.01 h stores 800 × 0.95 × 0.01 = 7.6 Wh: 4991.81 Wh, 49.92 %
        b = read(BATTERY, 64);
        assertThat((short) b[47]).isEqualTo((short) -800);
        assertThat(b[11]).isEqualTo(4_992);
        assertThat(b[16]).as("ChaSt CHARGING").isEqualTo(4);
    }

    @Test
    void equalAndOppositeRatesFixThePowerUntilTheRevertTimerEndsIt() throws Exception {
        start(50);
        // OutWRte −40.00 %, InWRte 40.00 % of 5000 W, WinTms 0, RvrtTms 60 s, RmpTms 0, ChaGriSet GRID; then both bits
        write(STORAGE + 12, -4_000, 4_000, 0, 60, 0, 1);
        write(STORAGE + 5, 3);
        clock.advance(Duration.ofSeconds(36));
        // 2000 W for 0.01 h stores 2000 × 0.95 × 0.01 = 19 Wh: 5019 Wh, 50.19 %
        assertThat(register(BATTERY + 11)).isEqualTo(5_019);
        assertThat((short) register(BATTERY + 47)).isEqualTo((short) -2_000);

        clock.advance(Duration.ofSeconds(60));
        // 24 s more at 2000 W (to the revert at 60 s): + 12.67 Wh = 5031.67 Wh; then its own control, nothing to do
        assertThat(register(STORAGE + 5)).as("StorCtl_Mod back to 0").isZero();
        assertThat(register(BATTERY + 11)).isEqualTo(5_032);
        assertThat(register(BATTERY + 47)).isZero();
    }

    @Test
    void aNegativeInWRteDischargesAndZeroRatesHold() throws Exception {
        start(50);
        write(STORAGE + 12, 2_000, -2_000, 0, 0, 0, 0);             // 1000 W out, no revert
        write(STORAGE + 5, 3);
        clock.advance(Duration.ofSeconds(36));
        // 1000 / 0.95 × 0.01 = 10.53 Wh out: 4989.47 Wh, 49.89 %
        assertThat((short) register(BATTERY + 47)).isEqualTo((short) 1_000);
        assertThat(register(BATTERY + 11)).isEqualTo(4_989);

        householdNet.set(2_500);                                    // the house imports, but the battery holds
        write(STORAGE + 12, 0, 0);
        clock.advance(Duration.ofSeconds(36));
        assertThat(register(BATTERY + 47)).isZero();
        assertThat(register(BATTERY + 11)).isEqualTo(4_989);
        assertThat(register(BATTERY + 16)).as("ChaSt HOLDING").isEqualTo(6);
    }

    @Test
    void chargingBeyondTheSurplusNeedsTheGrid() throws Exception {
        start(50);
        householdNet.set(-500);
        write(STORAGE + 12, -4_000, 4_000, 0, 0, 0, 0);            // 2000 W asked, ChaGriSet PV
        write(STORAGE + 5, 3);
        clock.advance(Duration.ofSeconds(10));
        assertThat((short) register(BATTERY + 47)).as("only the 500 W surplus").isEqualTo((short) -500);
        write(STORAGE + 17, 1);
        clock.advance(Duration.ofSeconds(10));
        assertThat((short) register(BATTERY + 47)).isEqualTo((short) -2_000);
    }

    @Test
    void neverDischargesBelowMinRsvPct() throws Exception {
        start(20.05);
        write(STORAGE + 7, 2_000);                                  // MinRsvPct 20.00 %
        householdNet.set(3_000);
        clock.advance(Duration.ofSeconds(36));
        // 0.05 % of 10 kWh = 5 Wh above the reserve, delivering 5 × 0.95 = 4.75 Wh in 0.01 h: 475 W
        assertThat(register(BATTERY + 11)).isEqualTo(2_000);
        assertThat((short) register(BATTERY + 47)).isEqualTo((short) 475);
    }

    @Test
    void refusesWritesSunSpecDoesNotAllow() throws Exception {
        start(50);
        assertThatThrownBy(() -> write(STORAGE + 8, 9_000)).as("ChaState is read-only")
                .isInstanceOf(ModbusResponseException.class)
                .satisfies(e -> assertThat(((ModbusResponseException) e).getExceptionCode()).isEqualTo(2));
        assertThatThrownBy(() -> write(STORAGE + 5, 4)).as("StorCtl_Mod has two bits")
                .satisfies(e -> assertThat(((ModbusResponseException) e).getExceptionCode()).isEqualTo(3));
        assertThatThrownBy(() -> write(STORAGE + 13, 12_000)).as("InWRte 120 %")
                .satisfies(e -> assertThat(((ModbusResponseException) e).getExceptionCode()).isEqualTo(3));
        assertThatThrownBy(() -> write(BATTERY + 11, 100)).as("802 SoC is read-only")
                .satisfies(e -> assertThat(((ModbusResponseException) e).getExceptionCode()).isEqualTo(2));
        assertThat(register(STORAGE + 5)).isZero();
        assertThat(register(STORAGE + 13)).isEqualTo(10_000);
    }

    @Test
    void thePlainBlockShowsSocAndPowerAndTakesASetpoint() throws Exception {
        start(50);
        assertThat(register(SunSpecBatteryServer.PLAIN)).as("50.0 % in tenths").isEqualTo(500);
        write(SunSpecBatteryServer.PLAIN + 10, -200);               // −2000 W discharging positive: charge 2000 W
        clock.advance(Duration.ofSeconds(36));
        // 5019 Wh = 50.19 %, 501.9 tenths rounded; −2000 W as int32 low word first: 0xF830, 0xFFFF
        assertThat(read(SunSpecBatteryServer.PLAIN, 3)).containsExactly(502, 0xF830, 0xFFFF);
        write(SunSpecBatteryServer.PLAIN + 10, SunSpecBatteryServer.PLAIN_AUTO);
        clock.advance(Duration.ofSeconds(10));
        assertThat(read(SunSpecBatteryServer.PLAIN + 1, 2)).containsExactly(0, 0);
    }

    @Test
    void aFaultStopsTheBatteryAndShowsInModel802() throws Exception {
        start(50);
        householdNet.set(1_000);
        server.fault(true);
        clock.advance(Duration.ofSeconds(36));
        int[] b = read(BATTERY, 64);
        assertThat(new int[] {b[11], b[16], b[22], b[26], b[27], b[47]})
                .containsExactly(5_000, 1, 99, 1 << 9, 0, 0);            // Evt1 bit 25 OTHER_ALARM in the high word
    }

    @Test
    void aSilentBatteryAnswersNothingUntilItWakes() throws Exception {
        start(50);
        server.silent(true);
        assertThatThrownBy(() -> register(BATTERY + 11)).isInstanceOf(ModbusTimeoutException.class);
        server.silent(false);
        assertThat(register(BATTERY + 11)).isEqualTo(5_000);
    }
}
