package org.meterkast.server.ev;

import org.meterkast.energy.device.ChargerPort;
import org.meterkast.energy.device.ChargerPort.CurrentRange;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.server.device.DeviceFactory;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSettings;
import org.springframework.stereotype.Component;

/**
 * Makes OCPP 1.6J chargers (type {@code ocpp16}) from their settings: {@code charge-point-id} (the last segment of
 * the URL the charger connects to), {@code password} (its Basic-auth password), {@code min-amps} (6),
 * {@code max-amps} (16), {@code phases} (3) and {@code phase-switching} (false). Making one registers its charge
 * point id for its address; only then does the handshake let it in.
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
    public ChargerPort create(DeviceSettings settings) throws DeviceException {
        String id = settings.required("charge-point-id");
        if (!id.matches("[\\x21-\\x2E\\x30-\\x7E]{1,48}")) {
            throw new DeviceException(settings.origin() + "charge-point-id '" + id + "' must be 1 to 48 printable "
                    + "characters without '/' or spaces");
        }
        String password = settings.required("password");
        if (password.length() < 16 || password.length() > 40) {
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
        String switching = settings.optional("phase-switching").orElse("false");
        if (!switching.equals("true") && !switching.equals("false")) {
            throw new DeviceException(settings.origin() + "phase-switching must be true or false, not '" + switching
                    + "'");
        }
        try {
            central.register(id, settings.locationId(), settings.name(), password, phases);
        } catch (DeviceException e) {
            throw new DeviceException(settings.origin() + "charge-point-id: " + e.getMessage());
        }
        return new OcppCharger(central, id, new CurrentRange(min, max), Boolean.parseBoolean(switching));
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
