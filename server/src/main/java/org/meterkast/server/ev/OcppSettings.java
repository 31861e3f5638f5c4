package org.meterkast.server.ev;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this server speaks OCPP 1.6J to the chargers, as {@code meterkast.ocpp.*}.
 *
 * @param callTimeout          how long a call to a charger may go unanswered before it fails
 * @param failuresBeforeError  calls in a row that fail before the charger is shown in error ("not answering")
 * @param heartbeatInterval    the heartbeat interval given to a charger in the answer to its BootNotification
 * @param triggerBootDelay     how long after connecting a charger that has not sent a BootNotification is asked for
 *                             one (and for its status) with TriggerMessage, as a charger reconnecting does not boot
 * @param configureMetering    whether a charger is asked, after it boots, to sample the measurands read here at
 *                             {@code meterValueInterval} (ChangeConfiguration)
 * @param meterValueInterval   the sample interval asked for
 * @param maxPowerWatts        the most a charger can draw: 3 × 32 A × 230 V with a 10 % margin; more is not believed
 */
@ConfigurationProperties("meterkast.ocpp")
record OcppSettings(@DefaultValue("10s") Duration callTimeout, @DefaultValue("3") int failuresBeforeError,
                    @DefaultValue("300s") Duration heartbeatInterval, @DefaultValue("5s") Duration triggerBootDelay,
                    @DefaultValue("true") boolean configureMetering, @DefaultValue("10s") Duration meterValueInterval,
                    @DefaultValue("24288") long maxPowerWatts) {
    OcppSettings {
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("meterkast.ocpp.call-timeout must be positive, not " + callTimeout);
        }
        if (failuresBeforeError < 1) {
            throw new IllegalArgumentException("meterkast.ocpp.failures-before-error must be 1 or more, not "
                    + failuresBeforeError);
        }
        if (heartbeatInterval.toSeconds() < 1) {
            throw new IllegalArgumentException("meterkast.ocpp.heartbeat-interval must be at least 1 s, not "
                    + heartbeatInterval);
        }
        if (maxPowerWatts <= 0) {
            throw new IllegalArgumentException("meterkast.ocpp.max-power-watts must be positive, not " + maxPowerWatts);
        }
    }

    /** The most current a phase can carry by the same margin, A. */
    double maxAmpsPerPhase() {
        return maxPowerWatts / (3.0 * org.meterkast.energy.device.Power.NOMINAL_VOLTS);
    }
}
