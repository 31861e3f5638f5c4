package org.meterkast.server.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.meterkast.energy.device.Device;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSettings;
import org.meterkast.server.device.SimulatedBattery;
import org.meterkast.server.device.SimulatedBoiler;
import org.meterkast.server.ingest.IngestService;
import org.meterkast.sim.HomeStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The simulated household's home battery and boiler: beside its roof and carport, a simulated household has a home
 * battery named {@code battery} (type {@code sim}, 10 kWh, 5 kW) and a boiler named {@code boiler} (type {@code sim},
 * 200 l, 2.4 kW), steered by its address's loop like any other, and counted by its meter: each second the meter's
 * telegram carries what the battery charges or gives and what the boiler's element draws, so the live circles, the
 * quarters and the capacity peak show the loop's effect. In its own control the battery answers the household's
 * net power without itself, as a hybrid battery's clamp does. {@code meterkast.meters.<meter>.simulated-battery=false}
 * or {@code simulated-boiler=false}, or a device of that name in the properties, leaves it out.
 */
@Component
class SimulatedStorage {
    private static final Logger log = LoggerFactory.getLogger(SimulatedStorage.class);
    /** The battery's name within its address. */
    static final String BATTERY = "battery";
    /** The boiler's name within its address. */
    static final String BOILER = "boiler";

    private final IngestService ingest;
    private final ObjectProvider<Devices> devices;
    private final Binder binder;
    /** The meters whose household was given a battery or boiler, to be counted by their meter once it runs. */
    private final Set<String> meters = ConcurrentHashMap.newKeySet();

    SimulatedStorage(IngestService ingest, ObjectProvider<Devices> devices, Environment environment) {
        this.ingest = ingest;
        this.devices = devices;
        this.binder = Binder.get(environment);
    }

    /**
     * The battery and boiler of a simulated meter's address, unless the properties leave them out.
     *
     * @param written the names of the devices the properties write for the meter
     */
    List<DeviceSettings> settings(String meter, long locationId, boolean simulated, List<String> written) {
        List<DeviceSettings> settings = new ArrayList<>();
        if (!simulated) {
            return settings;
        }
        String prefix = "meterkast.meters." + meter + ".";
        if (wanted(prefix + "simulated-battery") && !written.contains(BATTERY)) {
            settings.add(new DeviceSettings(locationId, BATTERY, DeviceKind.BATTERY, "sim",
                    Map.of("capacity-kwh", "10", "max-kw", "5"),
                    prefix + "simulated-battery (the simulated household's home battery): ", meter));
        }
        if (wanted(prefix + "simulated-boiler") && !written.contains(BOILER)) {
            settings.add(new DeviceSettings(locationId, BOILER, DeviceKind.BOILER, "sim",
                    Map.of("litres", "200", "element-watts", "2400"),
                    prefix + "simulated-boiler (the simulated household's boiler): ", meter));
        }
        if (!settings.isEmpty()) {
            meters.add(meter);
        }
        return settings;
    }

    private boolean wanted(String property) {
        return binder.bind(property, Boolean.class).orElse(true);
    }

    /** Once the household's meter runs: it counts the battery and boiler from then on. */
    @EventListener(ApplicationReadyEvent.class)
    @Order(10)
    void attach() {
        for (String meter : meters) {
            if (ingest.storeSimulated(meter, new Counted(meter))) {
                log.info("meter '{}': the simulated household's telegrams count its battery and boiler", meter);
            }
        }
    }

    /**
     * The address's simulated battery and boiler as its meter counts them, looked up at each second: a device made
     * again (the address added) is the one counted from then on.
     */
    private final class Counted implements HomeStorage {
        private final String meter;
        /** The devices' registry, once looked up (it depends on this class through the properties' devices). */
        private volatile Devices running;

        Counted(String meter) {
            this.meter = meter;
        }

        @Override
        public long boilerWatts() {
            return port(BOILER).filter(p -> p instanceof SimulatedBoiler).map(p -> ((SimulatedBoiler) p).watts())
                    .orElse(0L);
        }

        @Override
        public long batteryWatts(long netWithoutBatteryWatts) {
            return port(BATTERY).filter(p -> p instanceof SimulatedBattery)
                    .map(p -> ((SimulatedBattery) p).watts(netWithoutBatteryWatts)).orElse(0L);
        }

        private Optional<Device> port(String name) {
            Devices all = running;
            if (all == null) {
                all = devices.getObject();
                running = all;
            }
            return all.site(meter, false).map(s -> s.devices.get(name)).map(Devices.Running::port);
        }
    }
}
