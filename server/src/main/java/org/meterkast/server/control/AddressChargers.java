package org.meterkast.server.control;

import org.meterkast.energy.device.DeviceException;
import org.meterkast.server.account.SignedIn;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.location.Location;
import org.meterkast.server.location.LocationService;
import org.meterkast.server.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** The chargers of the signed-in account's addresses, as the API finds them: another account's address is a 404. */
@Component
class AddressChargers {
    private final LocationService locations;
    private final Devices devices;
    private final AdapterRepository adapters;

    AddressChargers(LocationService locations, Devices devices, AdapterRepository adapters) {
        this.locations = locations;
        this.devices = devices;
        this.adapters = adapters;
    }

    /** The address, when it is the signed-in account's and has a charger of this name (properties or app). */
    Location require(long id, String charger) {
        Location location = locations.require(SignedIn.require().accountId(), id);
        boolean running = devices.site(location.meter(), false).map(s -> s.devices.get(charger))
                .filter(r -> r.settings().kind() == DeviceKind.CHARGER).isPresent();
        boolean entered = charger.matches("\\d{1,18}") && adapters.find(location.id(), Long.parseLong(charger))
                .filter(row -> isCharger(row.kind())).isPresent();
        if (!running && !entered) {
            throw new ApiException(HttpStatus.NOT_FOUND, "charger", "device.charger.unknown", charger);
        }
        return location;
    }

    private static boolean isCharger(String kind) {
        try {
            return Devices.kindOf(kind) == DeviceKind.CHARGER;
        } catch (DeviceException e) {
            return false;
        }
    }
}
