package org.meterkast.sim.ev;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectorStatusTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                              | plugged | transaction | ended | offered W | car W | status
          no car                            | false   | false       | false |     11040 |     0 | Available
          no car, whatever was offered      | false   | true        | true  |         0 |     0 | Available
          plugged in, not yet authorised    | true    | false       | false |     11040 | 11000 | Preparing
          charging at the car's power       | true    | true        | false |     11040 | 11000 | Charging
          a limit under 6 A                 | true    | true        | false |         0 | 11000 | SuspendedEVSE
          a full car                        | true    | true        | false |     11040 |     0 | SuspendedEV
          paused and full: the charger says | true    | true        | false |         0 |     0 | SuspendedEVSE
          stopped remotely, cable still in  | true    | false       | true  |     11040 | 11000 | Finishing
        """)
    void followsFromThePlugTheTransactionAndTheLimit(String name, boolean plugged, boolean transaction, boolean ended,
                                                     long offered, long car, ConnectorStatus status) {
        assertThat(ConnectorStatus.of(new ConnectorStatus.Inputs(plugged, transaction, ended, offered, car)))
                .isEqualTo(status);
    }
}
