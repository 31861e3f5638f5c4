package org.meterkast.sim;

import static org.meterkast.sim.SunSpecRegisters.NOT_IMPLEMENTED_INT16;
import static org.meterkast.sim.SunSpecRegisters.NOT_IMPLEMENTED_UINT16;
import static org.meterkast.sim.SunSpecRegisters.put;
import static org.meterkast.sim.SunSpecRegisters.put32;
import static org.meterkast.sim.SunSpecRegisters.sunssf;

import com.digitalpetri.modbus.FunctionCode;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.server.ProcessImage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A hybrid inverter with its home battery as a SunSpec Modbus TCP device: holding registers from a base address
 * (40000 by default) hold {@code "SunS"}, model 1 (Common), model 103 (the hybrid inverter's AC side), model 124
 * (basic storage controls), model 802 (battery base) and the end marker; a plain register block at
 * {@value #PLAIN} serves brands without SunSpec (see {@link #PLAIN}).
 *
 * <p>Without a command the battery runs its own self-consumption, as a real hybrid battery does: it charges from the
 * household's surplus and discharges to cover its import, reading the household's net power before the battery
 * from the supplier it is given. Model 124 steers it as SunSpec says: {@code StorCtl_Mod} bit 0 holds the charge
 * power at or under {@code InWRte} % of {@code WChaMax}, bit 1 the discharge power at or under {@code OutWRte} %;
 * a negative {@code InWRte} thus forces a discharge and a negative {@code OutWRte} a charge (so equal and opposite
 * rates with both bits fix the power). Charging beyond the household's surplus needs {@code ChaGriSet} = 1 (grid).
 * With {@code InOutWRte_RvrtTms} &gt; 0, {@code StorCtl_Mod} returns to 0 (self-consumption) that many seconds after
 * the last command. The battery never discharges below {@code MinRsvPct} nor its own reserve.
 *
 * <p>The physics ({@link BatteryModel}) is stepped to the clock's time before every request and on {@link #update},
 * at the power decided at the previous step. Model 802's {@code W} is positive while discharging, as batteries and
 * hybrid inverters commonly show it (evcc reads it so).
 */
public final class SunSpecBatteryServer implements AutoCloseable {
    /**
     * The plain register block, for the register-map adapter: {@code PLAIN} holds the state of charge (uint16,
     * tenths of a %), {@code PLAIN + 1} and {@code + 2} the battery's power (int32, W, low word first, positive while
     * discharging), {@code PLAIN + 10} a power setpoint (int16, tens of W, positive discharging; writable), where
     * {@link #PLAIN_AUTO} (−32768) means the battery's own control. A setpoint has no revert timer. The charge and
     * the power are input registers (function 4) at the same addresses too, as many brands serve measurements.
     */
    public static final int PLAIN = 1000;
    /** The setpoint that hands the battery back to its own control. */
    public static final int PLAIN_AUTO = -32_768;

    /** Where the models are, from the base. */
    static final int HYBRID = 2 + 2 + SunSpecRegisters.COMMON_LENGTH;
    static final int STORAGE = HYBRID + 2 + 50;
    static final int BATTERY = STORAGE + 2 + 24;
    static final int END = BATTERY + 2 + 62;

    /** Model 124's points, by offset from its ID register. */
    static final int W_CHA_MAX = 2;
    static final int STOR_CTL_MOD = 5;
    static final int MIN_RSV_PCT = 7;
    static final int CHA_STATE = 8;
    static final int STOR_AVAL = 9;
    static final int IN_BAT_V = 10;
    static final int CHA_ST_124 = 11;
    static final int OUT_W_RTE = 12;
    static final int IN_W_RTE = 13;
    static final int RVRT_TMS = 15;
    static final int CHA_GRI_SET = 17;
    private static final Set<Integer> WRITABLE_124 = Set.of(2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 16, 17);
    /** Model 802's writable points: SoCRsvMax, SoCRsvMin, CtrlHb, AlmRst, SetOp, SetInvState. */
    private static final Set<Integer> WRITABLE_802 = Set.of(9, 10, 19, 20, 50, 51);

    /** SunSpec's ChaSt (models 124 and 802). */
    static final int CHA_ST_OFF = 1;
    static final int CHA_ST_EMPTY = 2;
    static final int CHA_ST_DISCHARGING = 3;
    static final int CHA_ST_CHARGING = 4;
    static final int CHA_ST_FULL = 5;
    static final int CHA_ST_HOLDING = 6;
    /** Model 802's State. */
    static final int STATE_CONNECTED = 3;
    static final int STATE_FAULT = 99;
    /** Evt1's OTHER_ALARM bit. */
    static final long EVT1_OTHER_ALARM = 1L << 25;

    private static final int BATTERY_VOLTS = 400;
    private static final int RATE_SF = -2;
    private static final int FULL_RATE = 10_000;          // 100.00 % at InOutWRte_SF −2

    /**
     * Where and what to serve.
     *
     * @param bindAddress the address to listen on, e.g. 127.0.0.1 or 0.0.0.0
     * @param port        the TCP port; 0 picks a free one
     * @param unitId      the Modbus unit id the battery answers to (1 to 247)
     * @param base        the register of "SunS": 40000, 0 or 50000
     */
    public record Options(String bindAddress, int port, int unitId, int base) {
        public Options {
            Objects.requireNonNull(bindAddress, "bindAddress");
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
            }
            if (unitId < 1 || unitId > 247) {
                throw new IllegalArgumentException("unitId must be 1 to 247, not " + unitId);
            }
            if (base != 40_000 && base != 50_000) {
                // base 0 would overlap the plain block
                throw new IllegalArgumentException("base must be 40000 or 50000, not " + base);
            }
        }

        /** Unit 1, "SunS" at 40000, on this port of the loopback address. */
        public static Options loopback(int port) {
            return new Options("127.0.0.1", port, 1, 40_000);
        }
    }

    private final Options options;
    private final BatteryModel battery;
    private final Clock clock;
    private final LongSupplier householdNetWatts;
    private final Supplier<SimulatedInverter.Reading> solar;
    private final ProcessImage image = new ProcessImage();
    private final int storage;
    private final int model802;
    private final int wChaMaxDefault;
    private RegisterServer server;

    // the battery's state, guarded by this
    private Instant last;
    private double acWatts;
    private Instant revertAt;
    private boolean fault;
    private long heartbeat;
    /** Model 124's writable points that steer the battery, by offset, as last written. */
    private final Map<Integer, Integer> controls = new HashMap<>();
    /** The plain block's setpoint, raw. */
    private int plainSetpoint = PLAIN_AUTO;

    private SunSpecBatteryServer(Options options, String serial, BatteryModel battery, Clock clock,
                                 LongSupplier householdNetWatts, Supplier<SimulatedInverter.Reading> solar) {
        this.options = options;
        this.battery = battery;
        this.clock = clock;
        this.householdNetWatts = householdNetWatts;
        this.solar = solar;
        this.last = clock.instant();
        int base = options.base();
        this.storage = base + STORAGE;
        this.model802 = base + BATTERY;
        BatterySettings s = battery.settings();
        this.wChaMaxDefault = (int) s.maxPowerWatts();
        image.with(tx -> tx.writeHoldingRegisters(m -> {
            SunSpecRegisters.header(m, base, "Simulated battery", "1.0", serial, options.unitId());
            SunSpecRegisters.model(m, base + HYBRID, 103, 50, NOT_IMPLEMENTED_INT16);
            SunSpecRegisters.model(m, storage, 124, 24, NOT_IMPLEMENTED_UINT16);
            put(m, storage + W_CHA_MAX, wChaMaxDefault);
            put(m, storage + 3, 100);                                   // WChaGra, % WChaMax/s
            put(m, storage + 4, 100);                                   // WDisChaGra
            put(m, storage + STOR_CTL_MOD, 0);
            put(m, storage + 6, wChaMaxDefault);                        // VAChaMax
            put(m, storage + MIN_RSV_PCT, s.reservePercent() * 100);
            put(m, storage + OUT_W_RTE, FULL_RATE);
            put(m, storage + IN_W_RTE, FULL_RATE);
            put(m, storage + 14, 0);                                    // InOutWRte_WinTms
            put(m, storage + RVRT_TMS, 0);
            put(m, storage + 16, 0);                                    // InOutWRte_RmpTms
            put(m, storage + CHA_GRI_SET, 0);                           // PV
            put(m, storage + 18, sunssf(0));                            // WChaMax_SF
            put(m, storage + 19, sunssf(0));                            // WChaDisChaGra_SF
            put(m, storage + 20, sunssf(0));                            // VAChaMax_SF
            put(m, storage + 21, sunssf(-2));                           // MinRsvPct_SF
            put(m, storage + 22, sunssf(-2));                           // ChaState_SF
            put(m, storage + 23, sunssf(-2));                           // StorAval_SF
            put(m, storage + 24, sunssf(0));                            // InBatV_SF
            put(m, storage + 25, sunssf(RATE_SF));                      // InOutWRte_SF

            SunSpecRegisters.model(m, model802, 802, 62, NOT_IMPLEMENTED_UINT16);
            int whSf = 0;
            while (s.capacityWh() / pow10(whSf) > 65_535) {
                whSf++;
            }
            put(m, model802 + 2, (int) Math.round(s.capacityWh() * 10.0 / BATTERY_VOLTS));  // AHRtg, AHRtg_SF −1
            put(m, model802 + 3, (int) (s.capacityWh() / pow10(whSf)));                      // WHRtg
            put(m, model802 + 4, (int) s.maxPowerWatts());                                   // WChaRteMax
            put(m, model802 + 5, (int) s.maxPowerWatts());                                   // WDisChaRteMax
            put(m, model802 + 7, 10_000);                                                    // SoCMax 100.00 %
            put(m, model802 + 8, s.reservePercent() * 100);                                  // SoCMin
            put(m, model802 + 9, 10_000);                                                    // SoCRsvMax
            put(m, model802 + 10, s.reservePercent() * 100);                                 // SoCRsvMin
            put(m, model802 + 13, 100);                                                      // SoH, SoH_SF 0
            put32(m, model802 + 14, 0);                                                      // NCyc
            put(m, model802 + 17, 0);                                                        // LocRemCtl REMOTE
            put(m, model802 + 19, 0);                                                        // CtrlHb
            put(m, model802 + 20, 0);                                                        // AlmRst
            put(m, model802 + 21, 4);                                                        // Typ LITHIUM_ION
            put32(m, model802 + 24, 0);                                                      // WarrDt
            put32(m, model802 + 28, 0);                                                      // Evt2
            put32(m, model802 + 30, 0);                                                      // EvtVnd1
            put32(m, model802 + 32, 0);                                                      // EvtVnd2
            put(m, model802 + 48, 0);                                                        // ReqInvState
            put(m, model802 + 49, NOT_IMPLEMENTED_INT16);                                    // ReqW
            put(m, model802 + 50, 1);                                                        // SetOp CONNECT
            put(m, model802 + 51, 3);                                                        // SetInvState STARTED
            put(m, model802 + 52, sunssf(-1));                                               // AHRtg_SF
            put(m, model802 + 53, sunssf(whSf));                                             // WHRtg_SF
            put(m, model802 + 54, sunssf(0));                                                // WChaDisChaMax_SF
            put(m, model802 + 56, sunssf(-2));                                               // SoC_SF
            put(m, model802 + 58, sunssf(0));                                                // SoH_SF
            put(m, model802 + 59, sunssf(-1));                                               // V_SF
            put(m, model802 + 60, sunssf(-3));                                               // CellV_SF
            put(m, model802 + 61, sunssf(-1));                                               // A_SF
            put(m, model802 + 62, sunssf(-1));                                               // AMax_SF
            put(m, model802 + 63, sunssf(0));                                                // W_SF
            SunSpecRegisters.end(m, base + END);

            put(m, PLAIN + 10, PLAIN_AUTO);
        }));
        controls.put(STOR_CTL_MOD, 0);
        controls.put(W_CHA_MAX, wChaMaxDefault);
        controls.put(MIN_RSV_PCT, s.reservePercent() * 100);
        controls.put(OUT_W_RTE, FULL_RATE);
        controls.put(IN_W_RTE, FULL_RATE);
        controls.put(RVRT_TMS, 0);
        controls.put(CHA_GRI_SET, 0);
        refresh();
    }

    /**
     * Starts serving {@code battery}, stepped on {@code clock}.
     *
     * @param serial            the serial number model 1 shows
     * @param householdNetWatts the household's net power before the battery, W (import positive), asked at every
     *                          step; it must be quick
     * @param solar             the hybrid inverter's solar production, for model 103; null when it has none
     */
    public static SunSpecBatteryServer start(Options options, String serial, BatteryModel battery, Clock clock,
                                             LongSupplier householdNetWatts,
                                             Supplier<SimulatedInverter.Reading> solar) throws IOException {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(battery, "battery");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(householdNetWatts, "householdNetWatts");
        SunSpecBatteryServer s = new SunSpecBatteryServer(options, serial, battery, clock, householdNetWatts, solar);
        s.server = RegisterServer.start(options.bindAddress(), options.port(), options.unitId(), s.image,
                s.new Registers(), "SunSpec battery");
        return s;
    }

    /** The TCP port served. */
    public int port() {
        return server.port();
    }

    /** What is served, for a log line. */
    public String describe() {
        BatterySettings s = battery.settings();
        return "SunSpec battery of " + s.capacityWh() + " Wh, " + s.maxPowerWatts() + " W (models 1, 103, 124, 802 at "
                + options.base() + ", plain registers at " + PLAIN + ", unit " + options.unitId() + ") on "
                + options.bindAddress() + ":" + port();
    }

    /** Steps the battery to the clock's time; a server stepped by requests alone runs between them at one power. */
    public synchronized void update() {
        Instant now = clock.instant();
        while (last.isBefore(now)) {
            Instant until = revertAt != null && revertAt.isAfter(last) && !revertAt.isAfter(now) ? revertAt : now;
            double seconds = Duration.between(last, until).toNanos() / 1e9;
            acWatts = battery.step(asked(seconds), seconds);
            heartbeat += Duration.between(last, until).toSeconds();
            last = until;
            if (until.equals(revertAt)) {
                controls.put(STOR_CTL_MOD, 0);
                revertAt = null;
            }
        }
        refresh();
    }

    /** While silent the battery answers nothing, its connection left open: a battery that stops answering. */
    public void silent(boolean silent) {
        server.silent(silent);
    }

    /** While in fault the battery stops and reports it: model 802's State FAULT with an alarm, ChaSt OFF. */
    public synchronized void fault(boolean fault) {
        update();
        this.fault = fault;
        refresh();
    }

    /** The battery's state of charge as of the last step, %. */
    public synchronized double socPercent() {
        return battery.socPercent();
    }

    /** The AC power of the last step, W: positive charging, negative discharging. */
    public synchronized double watts() {
        return acWatts;
    }

    /** The power the battery takes for the next {@code seconds}, W: positive charging, negative discharging. */
    private double asked(double seconds) {
        if (fault) {
            return 0;
        }
        long net = householdNetWatts.getAsLong();
        double want;
        if (plainSetpoint != PLAIN_AUTO) {
            want = -plainSetpoint * 10.0;
        } else {
            want = -net;
            int mode = controls.get(STOR_CTL_MOD);
            double base = controls.get(W_CHA_MAX);
            double upper = (mode & 1) != 0 ? rate(IN_W_RTE) * base : Double.MAX_VALUE;
            double lower = (mode & 2) != 0 ? -rate(OUT_W_RTE) * base : -Double.MAX_VALUE;
            want = Math.max(lower, Math.min(upper, want));
            if (controls.get(CHA_GRI_SET) == 0) {
                // charging from PV only: no more than the household's surplus
                want = Math.min(want, Math.max(0, -net));
            }
        }
        if (want < 0) {
            double reserveWh = battery.settings().capacityWh() * controls.get(MIN_RSV_PCT) / 10_000.0;
            double aboveWh = Math.max(0, battery.storedWh() - reserveWh);
            double efficiency = battery.settings().efficiencyPercent() / 100.0;
            want = Math.max(want, -aboveWh * efficiency * 3600 / seconds);
        }
        return want;
    }

    /** InWRte or OutWRte as a fraction of WChaMax. */
    private double rate(int point) {
        return (short) (int) controls.get(point) * Math.pow(10, RATE_SF) / 100;
    }

    private int chargeStatus() {
        if (fault) {
            return CHA_ST_OFF;
        }
        if (acWatts > 0.5) {
            return CHA_ST_CHARGING;
        }
        if (acWatts < -0.5) {
            return CHA_ST_DISCHARGING;
        }
        if (battery.full()) {
            return CHA_ST_FULL;
        }
        if (battery.empty()) {
            return CHA_ST_EMPTY;
        }
        return CHA_ST_HOLDING;
    }

    private void refresh() {
        double soc = battery.socPercent();
        long watts = Math.round(acWatts);
        int chaSt = chargeStatus();
        SimulatedInverter.Reading pv = solar == null ? null : solar.get();
        long pvWatts = pv == null ? 0 : Math.max(0, pv.watts());
        image.with(tx -> tx.writeHoldingRegisters(m -> {
            int base = options.base();
            long ac = pvWatts - watts;
            SunSpecInverterServer.writeModel103(m, base + HYBRID, ac, pv == null ? 0 : pv.lifetimeWh(),
                    fault ? 7 : ac != 0 ? 4 : 8);                   // FAULT, MPPT, STANDBY
            controls.forEach((point, value) -> put(m, storage + point, value));
            put(m, PLAIN + 10, plainSetpoint);
            put(m, storage + CHA_STATE, (int) Math.round(soc * 100));
            double minRsv = controls.get(MIN_RSV_PCT) / 100.0;
            double ah = battery.settings().capacityWh() / (double) BATTERY_VOLTS;
            put(m, storage + STOR_AVAL, (int) Math.round(Math.max(0, soc - minRsv) / 100 * ah * 100));
            put(m, storage + IN_BAT_V, BATTERY_VOLTS);
            put(m, storage + CHA_ST_124, chaSt);

            put(m, model802 + 11, (int) Math.round(soc * 100));                          // SoC
            put(m, model802 + 16, chaSt);
            put(m, model802 + 18, (int) (heartbeat & 0xFFFF));                           // Hb
            put(m, model802 + 22, fault ? STATE_FAULT : STATE_CONNECTED);
            put32(m, model802 + 26, fault ? EVT1_OTHER_ALARM : 0);
            put(m, model802 + 34, BATTERY_VOLTS * 10);                                   // V
            put(m, model802 + 44, (int) Math.round(-watts * 10.0 / BATTERY_VOLTS));      // A, discharging positive
            put(m, model802 + 47, (int) Math.max(-32_767, Math.min(32_767, -watts)));     // W, discharging positive

            plain(m, soc, watts);
        }));
        image.with(tx -> tx.writeInputRegisters(m -> plain(m, soc, watts)));
    }

    /** The plain block's charge (tenths of a %) and power (int32, low word first, discharging positive). */
    private static void plain(Map<Integer, byte[]> m, double soc, long watts) {
        put(m, PLAIN, (int) Math.round(soc * 10));
        int plainWatts = (int) -watts;
        put(m, PLAIN + 1, plainWatts & 0xFFFF);
        put(m, PLAIN + 2, plainWatts >>> 16);
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    /** The registers' side of the battery: brought up to date before each request, writes judged and obeyed. */
    private final class Registers implements RegisterServer.Device {
        @Override
        public void update(ProcessImage image) {
            SunSpecBatteryServer.this.update();
        }

        @Override
        public void check(int address, int[] values, FunctionCode function) throws ModbusResponseException {
            for (int i = 0; i < values.length; i++) {
                int a = address + i;
                int v = values[i];
                if (a >= storage && a < storage + 26 && WRITABLE_124.contains(a - storage)) {
                    int point = a - storage;
                    boolean bad = switch (point) {
                        case STOR_CTL_MOD -> v > 3;
                        case IN_W_RTE, OUT_W_RTE -> Math.abs((short) v) > FULL_RATE;
                        case MIN_RSV_PCT -> v > 10_000;
                        case CHA_GRI_SET -> v > 1;
                        case W_CHA_MAX -> v == 0 || v > wChaMaxDefault;
                        default -> false;
                    };
                    if (bad) {
                        throw RegisterServer.illegalValue(function);
                    }
                } else if (!(a >= model802 && a < model802 + 64 && WRITABLE_802.contains(a - model802))
                        && a != PLAIN + 10) {
                    throw RegisterServer.illegalAddress(function);
                }
            }
        }

        @Override
        public void written(ProcessImage image, int address, int count) {
            synchronized (SunSpecBatteryServer.this) {
                boolean command = false;
                int[] values = image.get(tx -> tx.readHoldingRegisters(m -> {
                    int[] r = new int[count];
                    for (int i = 0; i < count; i++) {
                        byte[] b = m.get(address + i);
                        r[i] = b == null ? 0 : (b[0] & 0xFF) << 8 | b[1] & 0xFF;
                    }
                    return r;
                }));
                for (int a = address; a < address + count; a++) {
                    int point = a - storage;
                    int value = values[a - address];
                    if (a == PLAIN + 10) {
                        plainSetpoint = (short) value;
                    } else if (point >= 0 && point < 26 && controls.containsKey(point)) {
                        controls.put(point, value);
                        command |= point == STOR_CTL_MOD || point == IN_W_RTE || point == OUT_W_RTE
                                || point == RVRT_TMS;
                    }
                }
                if (command) {
                    int revert = controls.get(RVRT_TMS);
                    revertAt = controls.get(STOR_CTL_MOD) != 0 && revert > 0 ? last.plusSeconds(revert) : null;
                }
                refresh();
            }
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
