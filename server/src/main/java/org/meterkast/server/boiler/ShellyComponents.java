package org.meterkast.server.boiler;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.server.device.DeviceSetting;
import org.meterkast.server.device.DeviceSetting.Kind;
import org.meterkast.server.device.DeviceSettings;

/**
 * Which of a Shelly's components drive the boiler, as both Shelly types read them: the relay's switch id, the
 * add-on's temperature id (none where no probe sits in the tank) and the element's rated power (none where the relay
 * measures it, a PM model: then it is learned from what the element draws).
 *
 * @param switchId      the relay, {@code switch:<id>}
 * @param temperatureId the tank's probe, {@code temperature:<id>} (the add-on's are 100–199), when there is one
 * @param ratedWatts    the element's rated power, W, when given
 */
record ShellyComponents(int switchId, OptionalInt temperatureId, OptionalLong ratedWatts) {
    /** The settings both types read for it, in the form's order after their own. */
    static final List<DeviceSetting> SETTINGS = List.of(
            DeviceSetting.optional("switch-id", Kind.INTEGER, "0").between(0, 15),
            DeviceSetting.optional("temperature-id", Kind.TEXT, "100"),
            DeviceSetting.optional("rated-watts", Kind.INTEGER, null).between(100, 12_000));

    /** The components the settings name; a DeviceException names a setting that is wrong. */
    static ShellyComponents of(DeviceSettings settings) throws DeviceException {
        long switchId = settings.integer("switch-id", 0);
        if (switchId < 0 || switchId > 15) {
            throw new DeviceException(settings.origin() + "switch-id must be 0 to 15, not " + switchId);
        }
        String probe = settings.optional("temperature-id").orElse("100").strip().toLowerCase(Locale.ROOT);
        OptionalInt temperatureId;
        if (probe.equals("none")) {
            temperatureId = OptionalInt.empty();
        } else {
            try {
                int id = Integer.parseInt(probe);
                if (id < 0 || id > 199) {
                    throw new NumberFormatException();
                }
                temperatureId = OptionalInt.of(id);
            } catch (NumberFormatException e) {
                throw new DeviceException(settings.origin() + "temperature-id must be the probe's component id, 100"
                        + " to 199 for the add-on's, or none, not '" + probe + "'");
            }
        }
        OptionalLong rated = settings.optional("rated-watts").isPresent()
                ? OptionalLong.of(settings.integer("rated-watts", 0)) : OptionalLong.empty();
        if (rated.isPresent() && (rated.getAsLong() < 100 || rated.getAsLong() > 12_000)) {
            throw new DeviceException(settings.origin() + "rated-watts must be 100 to 12000, not "
                    + rated.getAsLong());
        }
        return new ShellyComponents((int) switchId, temperatureId, rated);
    }
}
