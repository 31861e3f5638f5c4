package org.meterkast.server.ev;

import java.util.List;
import org.meterkast.energy.device.ChargerPort;
import org.meterkast.energy.device.ChargerPort.CurrentRange;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.server.device.DeviceFactory;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSetting;
import org.meterkast.server.device.DeviceSetting.Kind;
import org.meterkast.server.device.DeviceSettings;
import org.springframework.stereotype.Component;

/**
 * Makes OCPP 1.6J chargers (type {@code ocpp16}) from their settings: {@code charge-point-id} (the last segment of
 * the URL the charger connects to), {@code password} (its Basic-auth password, a secret: the device layer hands over
 * its hash), {@code min-amps} (6), {@code max-amps} (16), {@code phases} (3) and {@code phase-switching} (false).
 * Making one registers its charge point id for its address; only then does the handshake let it in. A charger of
 * the properties whose meter no address shows yet is made unregistered: it is made again, and registered, once an
 * address shows the meter.
 */
@Component
class OcppChargerFactory implements DeviceFactory<ChargerPort> {
    static final String TYPE = "ocpp16";

    private final CentralSystem central;

    OcppChargerFactory(CentralSystem central) {
        this.central = central;
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.CHARGER;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<DeviceSetting> settings() {
        return List.of(DeviceSetting.required("charge-point-id", Kind.TEXT), DeviceSetting.secret("password"),
                DeviceSetting.optional("min-amps", Kind.DECIMAL, "6").between(6, 32),
                DeviceSetting.optional("max-amps", Kind.DECIMAL, "16").between(6, 32),
                DeviceSetting.optional("phases", Kind.INTEGER, "3").between(1, 3),
                DeviceSetting.optional("phase-switching", Kind.BOOLEAN, "false"));
    }

    /** The settings read and checked, without registering anything. */
    private record Checked(String chargePointId, String password, CurrentRange range, int phases,
                           boolean phaseSwitching) {
    }

    private static Checked read(DeviceSettings settings) throws DeviceException {
        String id = settings.required("charge-point-id").strip();
        if (!id.matches("[\\x21-\\x2E\\x30-\\x7E]{1,48}")) {
            throw new DeviceException(settings.origin() + "charge-point-id '" + id + "' must be 1 to 48 printable "
                    + "characters without '/' or spaces");
        }
        String password = settings.required("password");
        if (!CentralSystem.isHash(password) && (password.length() < 16 || password.length() > 40)) {
            throw new DeviceException(settings.origin() + "password must be 16 to 40 characters, as OCPP's "
                    + "security profiles ask (not " + password.length() + ")");
        }
        double min = number(settings, "min-amps", 6);
        double max = number(settings, "max-amps", 16);
        if (min < 6 || max > 32 || max < min) {
            throw new DeviceException(settings.origin() + "min-amps and max-amps must satisfy 6 <= min-amps <= "
                    + "max-amps <= 32, not " + min + " and " + max);
        }
        int phases = (int) number(settings, "phases", 3);
        if (phases != 1 && phases != 3) {
            throw new DeviceException(settings.origin() + "phases must be 1 or 3, not " + phases);
        }
        String switching = settings.optional("phase-switching").orElse("false").strip();
        if (!switching.equals("true") && !switching.equals("false")) {
            throw new DeviceException(settings.origin() + "phase-switching must be true or false, not '" + switching
                    + "'");
        }
        return new Checked(id, password, new CurrentRange(min, max), phases, Boolean.parseBoolean(switching));
    }

    @Override
    public ChargerPort create(DeviceSettings settings) throws DeviceException {
        Checked c = read(settings);
        if (settings.locationId() == 0) {
            return new OcppCharger(central, c.chargePointId(), c.range(), c.phaseSwitching(), "no address shows "
                    + "meter '" + settings.meter() + "' yet: the charger is let in once one does");
        }
        try {
            central.register(c.chargePointId(), settings.locationId(), settings.name(), c.password(), c.phases());
        } catch (DeviceException e) {
            throw new DeviceException(settings.origin() + "charge-point-id: " + e.getMessage());
        }
        return new OcppCharger(central, c.chargePointId(), c.range(), c.phaseSwitching(), null);
    }

    /** Checks settings from the app without registering: the values, and that the id is not another charger's. */
    @Override
    public void check(DeviceSettings settings) throws DeviceException {
        Checked c = read(settings);
        try {
            central.checkFree(c.chargePointId(), settings.locationId(), settings.name());
        } catch (DeviceException e) {
            throw new DeviceException(settings.origin() + "charge-point-id: " + e.getMessage());
        }
    }

    /** The charge point is let go: withdrawn (its adapter removed), or deleted with its sessions (its device). */
    @Override
    public void removed(DeviceSettings settings, boolean forGood) {
        settings.optional("charge-point-id").map(String::strip)
                .ifPresent(id -> central.release(id, settings.locationId(), settings.name(), forGood));
    }

    private static double number(DeviceSettings settings, String key, double otherwise) throws DeviceException {
        String value = settings.optional(key).orElse(null);
        if (value == null) {
            return otherwise;
        }
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new DeviceException(settings.origin() + key + " must be a number, not '" + value + "'");
        }
    }
}
