package org.meterkast.server.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.InverterPort;
import org.meterkast.energy.device.InverterReading;

/** The registry of adapter types: clashes, unknown types and values that break what a type declares. */
class DeviceFactoriesTest {
    private static final String ORIGIN = "meterkast.meters.home.devices.carport.";

    /** A second charger type claiming "sim". */
    static final class OtherSimulatedCharger implements DeviceFactory<SimulatedCharger> {
        @Override
        public DeviceKind kind() {
            return DeviceKind.CHARGER;
        }

        @Override
        public String type() {
            return "sim";
        }

        @Override
        public SimulatedCharger create(DeviceSettings settings) {
            throw new UnsupportedOperationException();
        }
    }

    /** An inverter type whose device cannot be made: its factory says why. */
    static final class UnreachableInverter implements DeviceFactory<InverterPort> {
        @Override
        public DeviceKind kind() {
            return DeviceKind.INVERTER;
        }

        @Override
        public String type() {
            return "sim";
        }

        @Override
        public InverterPort create(DeviceSettings settings) throws DeviceException {
            throw new DeviceException(settings.origin() + "type sim needs the meter's type to be sim");
        }
    }

    private final SimulatedChargerFactory sim = new SimulatedChargerFactory(Clock.systemUTC());

    private static DeviceSettings charger(String type, Map<String, String> values) {
        return new DeviceSettings(0, "carport", DeviceKind.CHARGER, type, values, ORIGIN, "home");
    }

    @Test
    void twoAdaptersOfOneKindAndTypeStopTheStartNamingBothClasses() {
        assertThatThrownBy(() -> new DeviceFactories(List.of(sim, new OtherSimulatedCharger())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("two adapters claim the charger type 'sim': " + SimulatedChargerFactory.class.getName()
                        + " and " + OtherSimulatedCharger.class.getName());
        // the same type name of another kind is another adapter
        assertThatCode(() -> new DeviceFactories(List.of(sim, new UnreachableInverter()))).doesNotThrowAnyException();
    }

    @Test
    void anUnknownTypeNamesTheSettingTheKindAndTheKnownTypes() {
        DeviceFactories factories = new DeviceFactories(List.of(sim, new UnreachableInverter()));
        assertThatThrownBy(() -> factories.create(charger("ocpp15", Map.of())))
                .isInstanceOf(DeviceSettingException.class)
                .hasMessage(ORIGIN + "type: no charger adapter of type 'ocpp15'; known charger types: [sim]")
                .satisfies(e -> {
                    DeviceSettingException d = (DeviceSettingException) e;
                    assertThat(d.setting()).isEqualTo("type");
                    assertThat(d.code()).isEqualTo("device.type.unknown");
                    assertThat(d.arguments()).containsExactly("ocpp15", "charger", "sim");
                });
    }

    @Test
    void aFactoryThatCannotMakeItsDeviceGivesItsOwnMessage() {
        DeviceFactories factories = new DeviceFactories(List.of(new UnreachableInverter()));
        DeviceSettings roof = new DeviceSettings(0, "inverter", DeviceKind.INVERTER, "sim", Map.of(),
                "meterkast.meters.home.inverter.", "home");
        assertThatThrownBy(() -> factories.create(roof)).isInstanceOf(DeviceException.class)
                .hasMessage("meterkast.meters.home.inverter.type sim needs the meter's type to be sim");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
        # setting     | value  | code                     | message
          soc         | 140    | device.setting.range     | soc must be from 0 to 100, not 140
          soc         | half   | device.setting.integer   | soc must be a whole number, not 'half'
          soc         | 40.5   | device.setting.integer   | soc must be a whole number, not '40.5'
          battery-kwh | 1e9    | device.setting.range     | battery-kwh must be from 5 to 250, not 1e9
          battery-kwh | lots   | device.setting.decimal   | battery-kwh must be a number, not 'lots'
          plugged     | yes    | device.setting.boolean   | plugged must be true or false, not 'yes'
          colour      | red    | device.setting.unknown   | colour is not a setting of the charger type sim (its settings: battery-kwh, soc, car-kw, car-phases, phases, max-amps, phase-switching, plugged)
        """)
    void aValueThatBreaksWhatTheTypeDeclaresIsRefusedBeforeTheFactory(String setting, String value, String code,
                                                                      String message) {
        DeviceFactories factories = new DeviceFactories(List.of(sim));
        assertThatThrownBy(() -> factories.check(charger("sim", Map.of(setting, value))))
                .isInstanceOf(DeviceSettingException.class)
                .hasMessage(ORIGIN + message)
                .satisfies(e -> assertThat(((DeviceSettingException) e).code()).isEqualTo(code))
                .satisfies(e -> assertThat(((DeviceSettingException) e).setting()).isEqualTo(setting));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
        192.168.1.70:502, true
        inverter.local,   true
        [fd00::7]:1502,   true
        192.168.1.70:0,   false
        192.168.1.70:99999, false
        'http://x',       false
        'a b',            false
        """)
    void anAddressIsAHostWithAnOptionalPort(String address, boolean good) {
        DeviceSetting declared = DeviceSetting.required("address", DeviceSetting.Kind.ADDRESS);
        if (good) {
            assertThatCode(() -> DeviceFactories.checkValue(declared, "x.address", address)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> DeviceFactories.checkValue(declared, "x.address", address))
                    .hasMessage("x.address must be HOST or HOST:PORT, e.g. 192.168.1.70:502, not '" + address + "'");
        }
    }

    @Test
    void aRequiredSettingMissingIsNamed() {
        DeviceFactory<InverterPort> needsAddress = new DeviceFactory<>() {
            @Override
            public DeviceKind kind() {
                return DeviceKind.INVERTER;
            }

            @Override
            public String type() {
                return "sunspec";
            }

            @Override
            public List<DeviceSetting> settings() {
                return List.of(DeviceSetting.required("address", DeviceSetting.Kind.ADDRESS));
            }

            @Override
            public InverterPort create(DeviceSettings settings) {
                return new InverterPort() {
                    @Override
                    public String describe() {
                        return "roof";
                    }

                    @Override
                    public InverterReading read() {
                        return new InverterReading(java.time.Instant.EPOCH, 0, null);
                    }
                };
            }
        };
        DeviceFactories factories = new DeviceFactories(List.of(needsAddress));
        assertThatThrownBy(() -> factories.create(new DeviceSettings(0, "roof", DeviceKind.INVERTER, "sunspec",
                Map.of(), "meterkast.meters.home.devices.roof.", "home")))
                .hasMessage("meterkast.meters.home.devices.roof.address is required for the inverter type sunspec");
    }
}
