package org.meterkast.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.server.device.AllowedHosts;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSettings;
import org.meterkast.server.device.HostCheck;
import org.meterkast.server.device.TestHosts;

/**
 * A device saved from the app is started again from its row at every boot, without the app's save: its settings
 * still say they came from the app, so its adapter checks every connect; a device of the properties is not checked.
 */
class AppDeviceHostsTest {
    private final AllowedHosts hosts = TestHosts.defaults();

    @Test
    void aRowStartedAgainAtBootIsCheckedAtEveryConnect() throws Exception {
        DeviceSettings row = Devices.settingsOf(new AdapterRepository.Row(7, 1, "home", "heat_battery", "shelly-http",
                Map.of("address", "localhost:8080")));
        assertThat(row.fromApp()).isTrue();
        HostCheck check = hosts.of(row);
        assertThatThrownBy(() -> check.connectTo("localhost")).isInstanceOf(DeviceException.class)
                .hasMessage("'localhost' is not a host a device entered in the app may reach (outside "
                        + "meterkast.added-sources.allowed-networks); nothing was sent to it");
        assertThatThrownBy(() -> check.connectTo("169.254.169.254")).isInstanceOf(DeviceException.class)
                .hasMessageStartingWith("'169.254.169.254' is not a host");
        // an address of the household's network is connected to as the address checked
        assertThat(check.connectTo("192.168.1.80")).isEqualTo("192.168.1.80");
    }

    @Test
    void aDeviceOfThePropertiesIsTheOperatorsAndConnectsAsWritten() throws Exception {
        DeviceSettings configured = new DeviceSettings(1, "boiler", DeviceKind.BOILER, "shelly-http",
                Map.of("address", "127.0.0.1:8080"), "meterkast.meters.home.devices.boiler.", "home");
        assertThat(configured.fromApp()).isFalse();
        assertThat(hosts.of(configured).connectTo("localhost")).isEqualTo("localhost");
    }
}
