package org.meterkast.energy.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.meterkast.energy.control.BatterySnapshot;
import org.meterkast.energy.control.BoilerSnapshot;
import org.meterkast.energy.control.ChargerSnapshot;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.control.SurplusUse;
import org.meterkast.energy.device.BatteryLimits;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.BatteryStatus;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.device.Power;

/** The sites the storage tests steer: a 10 kWh battery (5 kW each way, reserve 10 %) and a 2.4 kW boiler. */
final class Sites {
    static final BatteryLimits LIMITS = new BatteryLimits(10_000, Power.ofWatts(5000), Power.ofWatts(5000), 10, 100);

    private Sites() {
    }

    static BatterySnapshot battery(String device, double soc, long powerW, Long plannedW) {
        BatteryStatus status = powerW > 0 ? BatteryStatus.CHARGING : powerW < 0 ? BatteryStatus.DISCHARGING
                : BatteryStatus.STANDBY;
        return new BatterySnapshot(device, new BatteryReading(Instant.EPOCH, status, soc, Power.ofWatts(powerW)),
                LIMITS, Optional.ofNullable(plannedW).map(Power::ofWatts));
    }

    /** A switched 2.4 kW boiler, floor 45 °C, top 60 °C, its legionella cycle {@code legionella} ago or unknown. */
    static BoilerSnapshot boiler(String device, Double temperatureC, long powerW, Instant lastLegionella) {
        return boiler(device, temperatureC, powerW, false, lastLegionella);
    }

    static BoilerSnapshot boiler(String device, Double temperatureC, long powerW, boolean modulating,
                                 Instant lastLegionella) {
        var reading = new BoilerReading(Instant.EPOCH, powerW > 0 ? BoilerStatus.HEATING : BoilerStatus.IDLE,
                temperatureC == null ? OptionalDouble.empty() : OptionalDouble.of(temperatureC),
                Power.ofWatts(powerW), powerW > 0);
        return new BoilerSnapshot(device, reading, Power.ofWatts(2400), modulating, 45, 60,
                Optional.ofNullable(lastLegionella));
    }

    static SiteSnapshot site(Instant at, long gridW, long importedWh, long peakW, List<ChargerSnapshot> chargers,
                             List<BatterySnapshot> batteries, List<BoilerSnapshot> boilers, List<SurplusUse> order) {
        return new SiteSnapshot(at, Power.ofWatts(gridW), importedWh, 0, Power.ZERO, Power.ofWatts(peakW), chargers,
                batteries, boilers, order);
    }

    static SiteSnapshot site(Instant at, long gridW, List<BatterySnapshot> batteries, List<BoilerSnapshot> boilers) {
        return site(at, gridW, 0, 2500, List.of(), batteries, boilers, SiteSnapshot.DEFAULT_SURPLUS_ORDER);
    }
}
