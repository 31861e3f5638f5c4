package org.meterkast.server.control;

import java.time.Clock;
import java.time.Instant;
import org.meterkast.energy.control.Reason;
import org.meterkast.energy.device.ChargerPort;
import org.meterkast.energy.device.DeviceException;
import org.springframework.stereotype.Service;

/**
 * What the household asks of a charger itself, beside the loop's own decisions: "Stop charging", sent through the
 * very device the address's loop steers (so its adapter's settings and state are the loop's), and kept among the
 * loop's decisions with the household as its cause.
 */
@Service
public class ChargerRequests {
    /** The reason a decision the household asked for carries. */
    static final String STOPPED_BY_HOUSEHOLD = "ev.stop.household";

    private final Devices devices;
    private final ControlLoops loops;
    private final Clock clock;

    ChargerRequests(Devices devices, ControlLoops loops, Clock clock) {
        this.devices = devices;
        this.loops = loops;
        this.clock = clock;
    }

    /** Whether a charger of this name runs at the meter's address. */
    public boolean runs(String meter, String device) {
        return devices.charger(meter, device).isPresent();
    }

    /**
     * Ends the charger's session, waiting for the charger's answer as long as its adapter's own call timeout.
     *
     * @throws DeviceException when no such charger runs, or it refused or did not answer
     */
    public void stopSession(String meter, String device) throws DeviceException {
        ChargerPort port = devices.charger(meter, device).orElseThrow(() -> new DeviceException("no charger '"
                + device + "' runs at the address of meter '" + meter + "'"));
        Instant at = clock.instant();
        String outcome = "applied";
        try {
            port.stopSession();
        } catch (DeviceException e) {
            outcome = e.getMessage();
            throw e;
        } finally {
            String kept = outcome;
            loops.loop(meter).ifPresent(loop -> loop.keep(new Decision(at, device, "stop", 0, 0, null,
                    Reason.of(STOPPED_BY_HOUSEHOLD), kept)));
        }
    }
}
