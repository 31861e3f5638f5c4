package org.meterkast.server.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.server.account.SignedIn;
import org.meterkast.server.location.Location;
import org.meterkast.server.location.LocationService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** What an address's control loop does, for its owner: {@code GET /api/locations/{id}/control}. */
@RestController
class ControlController {
    private final LocationService locations;
    private final ControlLoops loops;
    private final Devices devices;

    ControlController(LocationService locations, ControlLoops loops, Devices devices) {
        this.locations = locations;
        this.loops = loops;
        this.devices = devices;
    }

    /**
     * The loop of an address.
     *
     * @param running   whether a loop runs for the address (it has devices)
     * @param lastCycle when its last cycle ran
     * @param cycles    how many cycles have run since the start
     * @param policies  its policies in their order, each with whether it failed in its last cycle
     * @param devices   its devices, each with whether it answered
     * @param decisions the last decisions, newest first
     */
    record ControlView(boolean running, Instant lastCycle, long cycles, List<PolicyView> policies,
                       List<DeviceView> devices, List<Decision> decisions) {
    }

    /** A policy, and the error it threw in its last cycle (since when), or null. */
    record PolicyView(String name, boolean failing, String error, Instant since) {
    }

    /**
     * A device of the address as the loop sees it.
     *
     * @param state   {@code ok}, {@code error} (it did not answer or refused in its last cycle) or {@code not-started}
     * @param charger a charger's reading in the last cycle it answered in, or null (not a charger, or no answer)
     * @param battery a home battery's reading in the last cycle it answered in, or null
     * @param boiler  a boiler's reading in the last cycle it answered in, or null
     */
    record DeviceView(String name, String kind, String type, String describe, boolean configured, String state,
                      String error, ChargerNow charger, BatteryNow battery, BoilerNow boiler) {
    }

    /**
     * A home battery's reading: the manual's status ({@code STANDBY}, {@code CHARGING}, {@code DISCHARGING},
     * {@code ERROR}), its charge and its power (positive charging, negative discharging).
     */
    record BatteryNow(Instant at, String status, double socPercent, long powerWatts) {
        static BatteryNow of(BatteryReading r) {
            return r == null ? null : new BatteryNow(r.at(), r.status().name(), r.socPercent(), r.power().watts());
        }
    }

    /**
     * A boiler's reading: the manual's status ({@code IDLE}, {@code HEATING}, {@code ERROR}), the water's temperature
     * (null where no sensor reports it), the element's power and whether its relay lets it heat.
     */
    record BoilerNow(Instant at, String status, Double temperatureC, long powerWatts, boolean switchedOn) {
        static BoilerNow of(BoilerReading r) {
            return r == null ? null : new BoilerNow(r.at(), r.status().name(), r.temperatureC().isPresent()
                    ? r.temperatureC().getAsDouble() : null, r.power().watts(), r.switchedOn());
        }
    }

    /** A charger's reading as the charger page shows it, named as the OCPP chargers' list names the same figures. */
    record ChargerNow(Instant at, String status, long powerWatts, int phases, long sessionWh, double offeredAmps) {
        static ChargerNow of(ChargerReading r) {
            return r == null ? null : new ChargerNow(r.at(), r.status().name(), r.power().watts(), r.phases(),
                    r.sessionWh(), r.offeredAmps());
        }
    }

    @GetMapping("/api/locations/{id}/control")
    ControlView control(@PathVariable("id") long id) {
        Location location = locations.require(SignedIn.require().accountId(), id);
        Optional<ControlLoop> loop = loops.loop(location.meter());
        Map<String, ControlLoop.Failure> failing = loop.map(ControlLoop::failing).orElse(Map.of());
        Map<String, String> errors = loop.map(ControlLoop::deviceErrors).orElse(Map.of());
        Map<String, ChargerReading> readings = loop.map(ControlLoop::readings).orElse(Map.of());
        Map<String, BatteryReading> batteries = loop.map(ControlLoop::batteryReadings).orElse(Map.of());
        Map<String, BoilerReading> boilers = loop.map(ControlLoop::boilerReadings).orElse(Map.of());
        List<PolicyView> policies = loop.map(ControlLoop::policyNames).orElse(List.of()).stream()
                .map(name -> Optional.ofNullable(failing.get(name))
                        .map(f -> new PolicyView(name, true, f.error(), f.since()))
                        .orElse(new PolicyView(name, false, null, null)))
                .toList();
        List<DeviceView> views = new ArrayList<>();
        devices.site(location.meter(), false).ifPresent(site -> {
            site.devices.values().forEach(r -> {
                String error = errors.get(r.name());
                views.add(new DeviceView(r.name(), r.settings().kind().settingName(), r.settings().type(),
                        r.port().describe(), r.configured(), error == null ? "ok" : "error", error,
                        ChargerNow.of(readings.get(r.name())), BatteryNow.of(batteries.get(r.name())),
                        BoilerNow.of(boilers.get(r.name()))));
            });
            site.failed.forEach((name, error) -> views.add(new DeviceView(name, null, null, null, false,
                    "not-started", error, null, null, null)));
        });
        return new ControlView(loop.isPresent(), loop.map(ControlLoop::lastCycle).orElse(null),
                loop.map(ControlLoop::cycles).orElse(0L), policies, views,
                loop.map(ControlLoop::decisions).orElse(List.of()));
    }
}
