package org.meterkast.server.control;

import java.util.List;
import org.meterkast.server.account.SignedIn;
import org.meterkast.server.location.LocationService;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The adapters of an address's devices, for its owner: {@code GET /api/locations/{id}/adapters}, and
 * {@code PUT}/{@code DELETE /api/locations/{id}/devices/{device}/adapter} for a device entered in the app.
 */
@RestController
class DeviceAdapterController {
    private final LocationService locations;
    private final DeviceAdapters adapters;

    DeviceAdapterController(LocationService locations, DeviceAdapters adapters) {
        this.locations = locations;
        this.adapters = adapters;
    }

    @GetMapping("/api/locations/{id}/adapters")
    List<DeviceAdapters.AdapterView> all(@PathVariable("id") long id) {
        return adapters.of(locations.require(account(), id));
    }

    @PutMapping("/api/locations/{id}/devices/{device}/adapter")
    DeviceAdapters.AdapterView put(@PathVariable("id") long id, @PathVariable("device") long device,
                                   @RequestBody DeviceAdapters.AdapterForm form) {
        return adapters.put(locations.require(account(), id), device, form);
    }

    @DeleteMapping("/api/locations/{id}/devices/{device}/adapter")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable("id") long id, @PathVariable("device") long device) {
        adapters.remove(locations.require(account(), id), device);
    }

    private static long account() {
        return SignedIn.require().accountId();
    }
}
