package org.meterkast.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSettings;
import org.springframework.mock.env.MockEnvironment;

/** Which battery and boiler a simulated household gets from the properties. */
class SimulatedStorageTest {
    private static List<String> made(MockEnvironment environment, boolean simulated, List<String> written) {
        return new SimulatedStorage(null, null, environment).settings("home", 3, simulated, written).stream()
                .map(s -> s.name() + ":" + s.kind() + ":" + s.type()).toList();
    }

    @Test
    void aSimulatedHouseholdHasABatteryAndABoilerUnlessTheSettingsLeaveThemOut() {
        assertThat(made(new MockEnvironment(), true, List.of()))
                .containsExactly("battery:BATTERY:sim", "boiler:BOILER:sim");
        assertThat(made(new MockEnvironment(), false, List.of())).as("a real meter's household").isEmpty();
        assertThat(made(new MockEnvironment().withProperty("meterkast.meters.home.simulated-battery", "false"), true,
                List.of())).containsExactly("boiler:BOILER:sim");
        assertThat(made(new MockEnvironment().withProperty("meterkast.meters.home.simulated-boiler", "false"), true,
                List.of())).containsExactly("battery:BATTERY:sim");
        assertThat(made(new MockEnvironment(), true, List.of("boiler"))).as("a boiler of the properties' own")
                .containsExactly("battery:BATTERY:sim");
    }

    @Test
    void theDemosBatteryIs10KwhAt5KwAndItsBoiler200LitresAt2400W() {
        List<DeviceSettings> settings = new SimulatedStorage(null, null, new MockEnvironment())
                .settings("home", 3, true, List.of());
        DeviceSettings battery = settings.get(0);
        assertThat(battery.kind()).isEqualTo(DeviceKind.BATTERY);
        assertThat(battery.values()).containsEntry("capacity-kwh", "10").containsEntry("max-kw", "5");
        assertThat(battery.locationId()).isEqualTo(3);
        assertThat(battery.meter()).isEqualTo("home");
        assertThat(battery.origin()).startsWith("meterkast.meters.home.simulated-battery");
        assertThat(settings.get(1).values()).containsEntry("litres", "200").containsEntry("element-watts", "2400");
    }
}
