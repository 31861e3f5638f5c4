package org.meterkast.server.battery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.meterkast.energy.device.BatteryLimits;
import org.meterkast.energy.device.BatteryPort;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.BatteryStatus;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.Power;
import org.meterkast.server.device.HostCheck;
import org.meterkast.server.modbus.ModbusLink;
import org.meterkast.server.modbus.SunSpecMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A home battery behind a SunSpec hybrid inverter, over Modbus TCP. On connecting it walks the device's SunSpec map
 * for model 124 (basic storage controls) and model 802 (battery base); a read fetches both (in one request where
 * they follow each other) and decodes the state of charge (802 SoC, else 124 ChaState), the power (802 W, which
 * such devices show positive while discharging, so it is negated to the device layer's sign) and the status, and
 * refreshes the limits (802 WHRtg, WChaRteMax, WDisChaRteMax, SoCMin, SoCRsvMin, SoCMax; 124 WChaMax and
 * MinRsvPct).
 *
 * <p>A command goes through model 124: equal and opposite {@code InWRte} and {@code OutWRte} (in % of WChaMax) with
 * both bits of {@code StorCtl_Mod} set fix the power (a negative InWRte forces a discharge, a negative OutWRte a
 * charge), {@code ChaGriSet} allows charging from the grid, and {@code InOutWRte_RvrtTms} makes the battery return to
 * its own control when no command follows within the revert time. {@link #release} clears {@code StorCtl_Mod}.
 * Every request is bounded by the link's timeout; a battery that does not answer fails the call and is connected
 * afresh on the next.
 */
final class SunSpecBattery implements BatteryPort {
    private static final Logger log = LoggerFactory.getLogger(SunSpecBattery.class);
    /** Below this, either way, a battery is in standby: a hybrid inverter's own idle flow, W. */
    static final long STANDBY_WATTS = 20;

    /** Model 124's points, by offset from its ID register. */
    static final int W_CHA_MAX = 2;
    static final int STOR_CTL_MOD = 5;
    static final int MIN_RSV_PCT = 7;
    static final int CHA_STATE = 8;
    static final int OUT_W_RTE = 12;
    static final int W_CHA_MAX_SF = 18;
    static final int MIN_RSV_PCT_SF = 21;
    static final int CHA_STATE_SF = 22;
    static final int IN_OUT_W_RTE_SF = 25;
    /** Model 802's points, by offset from its ID register. */
    static final int WH_RTG = 3;
    static final int W_CHA_RTE_MAX = 4;
    static final int W_DIS_CHA_RTE_MAX = 5;
    static final int SOC_MAX = 7;
    static final int SOC_MIN = 8;
    static final int SOC_RSV_MIN = 10;
    static final int SOC = 11;
    static final int CHA_ST = 16;
    static final int STATE = 22;
    static final int EVT1 = 26;
    static final int W = 47;
    static final int WH_RTG_SF = 53;
    static final int W_CHA_DIS_CHA_MAX_SF = 54;
    static final int SOC_SF = 56;
    static final int W_SF = 63;
    /** ChaSt's DISCHARGING and CHARGING (models 124 and 802). */
    static final int CHA_ST_DISCHARGING = 3;
    static final int CHA_ST_CHARGING = 4;
    /** Model 802's State FAULT. */
    static final int STATE_FAULT = 99;
    /**
     * Evt1's bits that are alarms or errors, not warnings: communication, over and under temperature, charge and
     * discharge over-current, over and under voltage, temperature imbalance, contactor, fan, ground fault, open
     * door, other alarm, configuration. Under SoC min and over SoC max are left out: they say full or empty.
     */
    static final long EVT1_ALARMS = bits(0, 1, 3, 5, 7, 9, 11, 18, 20, 21, 22, 23, 25, 28);

    /** Where the two models are, once found. */
    record Models(SunSpecMap.Model storage, SunSpecMap.Model battery) {
        /** Whether 802 follows 124 closely enough for one request to fetch both. */
        boolean adjacent() {
            return battery.start() == storage.start() + storage.length() + 2
                    && storage.length() + battery.length() + 4 <= ModbusLink.MAX_READ;
        }
    }

    private final ModbusLink link;
    private final Duration revert;
    private final Clock clock;
    private Models models;
    private BatteryLimits limits;
    /** 124's WChaMax in W and InOutWRte_SF, as of the last read: the base of a command's percentages. */
    private double wChaMax;
    private int rateSf;

    SunSpecBattery(String address, int unit, Duration timeout, Duration revert, Clock clock) {
        this(address, unit, timeout, revert, clock, HostCheck.NONE);
    }

    SunSpecBattery(String address, int unit, Duration timeout, Duration revert, Clock clock, HostCheck hosts) {
        this.link = new ModbusLink(address, unit, timeout, hosts);
        this.revert = Objects.requireNonNull(revert, "revert");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String describe() {
        return "SunSpec battery " + link.describe();
    }

    @Override
    public synchronized BatteryReading read() throws DeviceException {
        int[][] r = registers();
        int[] s = r[0];
        int[] b = r[1];
        Decoded d;
        try {
            d = decode(s, b, describe());
        } catch (DeviceException e) {
            // a scale factor's complaint does not know the device yet
            throw e.getMessage().startsWith(describe()) ? e
                    : new DeviceException(describe() + ": " + e.getMessage(), true);
        }
        limits = d.limits();
        wChaMax = d.wChaMax();
        rateSf = d.rateSf();
        return new BatteryReading(clock.instant(), d.status(), d.socPercent(), d.power());
    }

    @Override
    public synchronized void setPower(Power power) throws DeviceException {
        Objects.requireNonNull(power, "power");
        if (limits == null || !link.connected()) {
            read();
        }
        Power p = power.min(limits.maxCharge()).max(limits.maxDischarge().negated());
        // InWRte caps charging and OutWRte discharging; at equal and opposite rates both bounds meet at p
        long raw = Math.round(p.watts() * 100 / wChaMax / Math.pow(10, rateSf));
        long full = Math.min(Short.MAX_VALUE, Math.round(100 / Math.pow(10, rateSf)));      // 100 %
        int in = (int) Math.max(-full, Math.min(full, raw));
        int seconds = (int) Math.min(0xFFFF, revert.toSeconds());
        int start = models.storage().start();
        // OutWRte, InWRte, InOutWRte_WinTms, InOutWRte_RvrtTms, InOutWRte_RmpTms, ChaGriSet (1: grid, when charging)
        link.write(start + OUT_W_RTE, -in, in, 0, seconds, 0, p.isPositive() ? 1 : 0);
        link.write(start + STOR_CTL_MOD, 3);
    }

    @Override
    public synchronized void release() throws DeviceException {
        if (models == null || !link.connected()) {
            read();
        }
        link.write(models.storage().start() + STOR_CTL_MOD, 0);
    }

    /**
     * What the battery declared at its last read. Before any read, one is made now.
     *
     * @throws IllegalStateException when that read fails, with its message
     */
    @Override
    public synchronized BatteryLimits limits() {
        if (limits == null) {
            try {
                read();
            } catch (DeviceException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return limits;
    }

    /** Models 124 and 802 as one read returns them, from their ID registers on. */
    private int[][] registers() throws DeviceException {
        if (models == null || !link.connected()) {
            models = discover();
        }
        SunSpecMap.Model s = models.storage();
        SunSpecMap.Model b = models.battery();
        int[] storage;
        int[] battery;
        if (models.adjacent()) {
            int[] both = link.read(s.start(), s.length() + b.length() + 4);
            storage = Arrays.copyOfRange(both, 0, s.length() + 2);
            battery = Arrays.copyOfRange(both, s.length() + 2, both.length);
        } else {
            storage = link.read(s.start(), s.length() + 2);
            battery = link.read(b.start(), Math.min(b.length() + 2, ModbusLink.MAX_READ));
        }
        if (storage[0] != 124 || battery[0] != 802) {
            // the device's map changed under us (a firmware update): look again on the next call
            models = null;
            link.disconnect();
            throw new DeviceException(describe() + ": models 124 and 802 are no longer at " + s.start() + " and "
                    + b.start(), true);
        }
        return new int[][] {storage, battery};
    }

    private Models discover() throws DeviceException {
        SunSpecMap map = SunSpecMap.discover(link);
        var storage = map.first(124);
        var battery = map.first(802);
        List<String> missing = new ArrayList<>();
        if (storage.isEmpty() || storage.get().length() < 24) {
            missing.add("no SunSpec storage model (124)");
        }
        if (battery.isEmpty() || battery.get().length() < 62) {
            missing.add("no SunSpec battery model (802)");
        }
        if (!missing.isEmpty()) {
            link.disconnect();
            throw new DeviceException(String.join(" and ", missing) + " at " + link.describe() + " (models "
                    + map.ids() + ")", true);
        }
        log.info("{}: {}, storage model 124 at register {}, battery model 802 at {}", describe(),
                map.common().isEmpty() ? "no common model" : map.common(), storage.get().start(),
                battery.get().start());
        return new Models(storage.get(), battery.get());
    }

    /** One read, decoded. */
    record Decoded(double socPercent, Power power, BatteryStatus status, BatteryLimits limits, double wChaMax,
                   int rateSf) {
    }

    /**
     * Decodes models 124 ({@code s}) and 802 ({@code b}), each from its ID register on.
     *
     * @throws DeviceException (bad data) for a value that is missing or makes no sense
     */
    static Decoded decode(int[] s, int[] b, String device) throws DeviceException {
        double soc;
        if (b[SOC] != SunSpecMap.NOT_IMPLEMENTED_UINT16) {
            soc = SunSpecMap.scaled(b[SOC], SunSpecMap.scaleFactor(b[SOC_SF], "SoC_SF"));
        } else if (s[CHA_STATE] != SunSpecMap.NOT_IMPLEMENTED_UINT16) {
            soc = SunSpecMap.scaled(s[CHA_STATE], SunSpecMap.scaleFactor(s[CHA_STATE_SF], "ChaState_SF"));
        } else {
            throw new DeviceException(device + ": neither SoC (802) nor ChaState (124) is implemented", true);
        }
        if (!(soc >= 0 && soc <= 100)) {
            throw new DeviceException(device + ": state of charge " + soc + " % is outside 0–100", true);
        }
        if (b[W] == SunSpecMap.NOT_IMPLEMENTED_INT16) {
            throw new DeviceException(device + ": W (802) is not implemented (0x8000)", true);
        }
        long watts = -Math.round(SunSpecMap.scaled((short) b[W], SunSpecMap.scaleFactor(b[W_SF], "W_SF")));
        long evt1 = (long) b[EVT1] << 16 | b[EVT1 + 1];

        int socSf = SunSpecMap.scaleFactor(b[SOC_SF], "SoC_SF");
        double rateMax = SunSpecMap.scaleFactor(b[W_CHA_DIS_CHA_MAX_SF], "WChaDisChaMax_SF");
        double capacity = required(b[WH_RTG], "WHRtg", device)
                * Math.pow(10, SunSpecMap.scaleFactor(b[WH_RTG_SF], "WHRtg_SF"));
        double chargeMax = required(b[W_CHA_RTE_MAX], "WChaRteMax", device) * Math.pow(10, rateMax);
        double dischargeMax = required(b[W_DIS_CHA_RTE_MAX], "WDisChaRteMax", device) * Math.pow(10, rateMax);
        double wChaMax = required(s[W_CHA_MAX], "WChaMax", device)
                * Math.pow(10, SunSpecMap.scaleFactor(s[W_CHA_MAX_SF], "WChaMax_SF"));
        if (capacity < 1 || wChaMax < 1) {
            throw new DeviceException(device + ": WHRtg " + capacity + " Wh and WChaMax " + wChaMax
                    + " W must be positive", true);
        }
        double minSoc = 0;
        for (int point : new int[] {SOC_MIN, SOC_RSV_MIN}) {
            if (b[point] != SunSpecMap.NOT_IMPLEMENTED_UINT16) {
                minSoc = Math.max(minSoc, SunSpecMap.scaled(b[point], socSf));
            }
        }
        if (s[MIN_RSV_PCT] != SunSpecMap.NOT_IMPLEMENTED_UINT16 && s[MIN_RSV_PCT_SF] != SunSpecMap.NOT_IMPLEMENTED_INT16) {
            minSoc = Math.max(minSoc, SunSpecMap.scaled(s[MIN_RSV_PCT],
                    SunSpecMap.scaleFactor(s[MIN_RSV_PCT_SF], "MinRsvPct_SF")));
        }
        double maxSoc = b[SOC_MAX] == SunSpecMap.NOT_IMPLEMENTED_UINT16 ? 100 : SunSpecMap.scaled(b[SOC_MAX], socSf);
        BatteryLimits limits;
        try {
            limits = new BatteryLimits(Math.round(capacity), Power.ofWatts(Math.round(Math.min(chargeMax, wChaMax))),
                    Power.ofWatts(Math.round(dischargeMax)), minSoc, maxSoc);
        } catch (IllegalArgumentException e) {
            throw new DeviceException(device + ": " + e.getMessage(), true);
        }
        int rateSf = SunSpecMap.scaleFactor(s[IN_OUT_W_RTE_SF], "InOutWRte_SF");
        return new Decoded(soc, Power.ofWatts(watts), status(b[STATE], evt1, b[CHA_ST], watts), limits, wChaMax,
                rateSf);
    }

    private static int required(int register, String name, String device) throws DeviceException {
        if (register == SunSpecMap.NOT_IMPLEMENTED_UINT16) {
            throw new DeviceException(device + ": " + name + " (802/124) is not implemented", true);
        }
        return register;
    }

    /**
     * The manual's status from model 802: its State FAULT or an alarm in Evt1 is an error. Otherwise the measured
     * power decides the direction: while ChaSt says the battery is charging or discharging, any power counts (a
     * trickle near full is still charging); in any other ChaSt (off, empty, full, holding, testing, or not
     * implemented) a power under {@link #STANDBY_WATTS} either way is the inverter's idle flow, standby, and a
     * larger one means ChaSt lags behind.
     *
     * @param state 802's State
     * @param evt1  802's Evt1 (0xFFFFFFFF: not implemented)
     * @param chaSt 802's ChaSt
     * @param watts the battery's power, positive charging
     */
    static BatteryStatus status(int state, long evt1, int chaSt, long watts) {
        if (state == STATE_FAULT || evt1 != 0xFFFF_FFFFL && (evt1 & EVT1_ALARMS) != 0) {
            return BatteryStatus.ERROR;
        }
        boolean moving = chaSt == CHA_ST_DISCHARGING || chaSt == CHA_ST_CHARGING;
        long threshold = moving ? 1 : STANDBY_WATTS;
        if (watts >= threshold) {
            return BatteryStatus.CHARGING;
        }
        if (watts <= -threshold) {
            return BatteryStatus.DISCHARGING;
        }
        return BatteryStatus.STANDBY;
    }

    private static long bits(int... positions) {
        long b = 0;
        for (int p : positions) {
            b |= 1L << p;
        }
        return b;
    }

    @Override
    public synchronized void close() {
        link.close();
        models = null;
    }
}
