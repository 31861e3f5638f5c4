package org.meterkast.server.device;

import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The adapter types the server has, per kind, with the settings each reads: {@code GET /api/device-types}. */
@RestController
class DeviceTypeController {
    private final DeviceFactories factories;

    DeviceTypeController(DeviceFactories factories) {
        this.factories = factories;
    }

    /** One adapter type: its kind ({@code charger}, {@code inverter}), its name and its settings in form order. */
    record TypeView(String kind, String type, List<DeviceSetting> settings) {
    }

    @GetMapping("/api/device-types")
    List<TypeView> types() {
        List<TypeView> types = new ArrayList<>();
        for (DeviceKind kind : DeviceKind.values()) {
            factories.types(kind).forEach((type, factory) ->
                    types.add(new TypeView(kind.settingName(), type, factory.settings())));
        }
        return types;
    }
}
