package org.meterkast.server.ev;

import java.util.HashMap;
import java.util.Map;
import org.meterkast.energy.device.ChargerPort;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.server.TestHousehold;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSettings;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A household with an address and its chargers, registered through the ocpp16 factory as the device layer does. */
final class OcppHousehold {
    static final String PASSWORD = "a-charger-password-42";

    final ApplicationContext context;
    final String bearer;
    final long locationId;

    private OcppHousehold(ApplicationContext context, String bearer, long locationId) {
        this.context = context;
        this.bearer = bearer;
        this.locationId = locationId;
    }

    /** The household holding meter {@code meter}, made when needed. */
    static OcppHousehold of(ApplicationContext context, String meter) {
        String bearer = TestHousehold.bearer(context, meter);
        long location = context.getBean(JdbcClient.class)
                .sql("SELECT l.id FROM location l JOIN meter m ON m.id = l.meter_id WHERE m.name = ?").param(meter)
                .query(Long.class).single();
        return new OcppHousehold(context, bearer, location);
    }

    /** Registers charger {@code device} with charge point id {@code id} and the extra settings given. */
    ChargerPort charger(String device, String id, String... settings) throws DeviceException {
        Map<String, String> values = new HashMap<>();
        values.put("charge-point-id", id);
        values.put("password", PASSWORD);
        for (int i = 0; i + 1 < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        return context.getBean(OcppChargerFactory.class).create(new DeviceSettings(locationId, device,
                DeviceKind.CHARGER, "ocpp16", values, "meterkast.meters.test.devices." + device + "."));
    }

    ChargePointState state(String id) {
        return context.getBean(CentralSystem.class).state(id).orElseThrow();
    }
}
