package org.meterkast.sim.ev;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.meterkast.sim.Ranges;

/**
 * What a simulated OCPP 1.6J charge point is: where its central system is, who it is, and its hardware.
 *
 * @param centralSystem       the central system's OCPP address without the id, e.g. {@code ws://127.0.0.1:8080/ocpp}
 * @param id                  the charge point's identity, the last segment of the address it connects to
 * @param password            its HTTP Basic password (OCPP 1.6 security profile 1), or null to send none
 * @param idTag               the RFID tag it authorises a plug-in with
 * @param maxAmps             the most current per phase it gives, 6 to 63 A (its cable and fuse)
 * @param phases              the phases it is wired to, 1 or 3
 * @param phaseSwitching      it can switch from 3 phases to 1 when a profile asks ({@code numberPhases: 1})
 * @param reportsSoc          it learns the car's charge (a DC or ISO 15118 charger) and may report SoC
 * @param meterValueInterval  how often it sends MeterValues during a transaction (MeterValueSampleInterval)
 * @param authorizeOnPlugIn   it sends Authorize and starts a transaction by itself when a car is plugged in;
 *                            if false it waits in Preparing for a RemoteStartTransaction
 * @param meterStartWh        its energy register when it is installed, Wh
 */
public record ChargePointSettings(URI centralSystem, String id, String password, String idTag, int maxAmps,
                                  int phases, boolean phaseSwitching, boolean reportsSoc,
                                  Duration meterValueInterval, boolean authorizeOnPlugIn, long meterStartWh) {
    public static final String VENDOR = "Meterkast";
    public static final String MODEL = "SimulatedWallbox";

    public ChargePointSettings {
        Objects.requireNonNull(centralSystem, "centralSystem");
        String scheme = centralSystem.getScheme();
        if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
            throw new IllegalArgumentException("the central system's address must start with ws:// or wss://, not '"
                    + centralSystem + "'");
        }
        Objects.requireNonNull(id, "id");
        if (id.isEmpty() || id.length() > 48 || id.contains("/")) {
            throw new IllegalArgumentException("the charge point id must be 1 to 48 characters without '/', not '"
                    + id + "'");
        }
        if (password != null && password.contains(":")) {
            throw new IllegalArgumentException("the password must not contain ':'");
        }
        Objects.requireNonNull(idTag, "idTag");
        if (idTag.isEmpty() || idTag.length() > 20) {
            throw new IllegalArgumentException("idTag must be 1 to 20 characters, not '" + idTag + "'");
        }
        Ranges.check("maxAmps", maxAmps, 6, 63, "A");
        if (phases != 1 && phases != 3) {
            throw new IllegalArgumentException("phases must be 1 or 3, not " + phases);
        }
        Objects.requireNonNull(meterValueInterval, "meterValueInterval");
        Ranges.check("meterValueInterval", meterValueInterval.getSeconds(), 0, 86_400, "s");
        Ranges.check("meterStartWh", meterStartWh, 0, 1_000_000_000L, "Wh");
    }

    /** A three-phase 16 A (11 kW) wall box that starts charging on plug-in and meters every 10 s. */
    public static ChargePointSettings of(URI centralSystem, String id, String password) {
        return new ChargePointSettings(centralSystem, id, password, "SIM-TAG-1", 16, 3, false, false,
                Duration.ofSeconds(10), true, 0);
    }

    /** The address it connects to: the central system's with the id as the last segment. */
    public URI url() {
        String base = centralSystem.toString();
        return URI.create((base.endsWith("/") ? base : base + "/")
                + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    public ChargePointSettings withMaxAmps(int amps) {
        return new ChargePointSettings(centralSystem, id, password, idTag, amps, phases, phaseSwitching, reportsSoc,
                meterValueInterval, authorizeOnPlugIn, meterStartWh);
    }

    public ChargePointSettings withPhases(int newPhases, boolean switching) {
        return new ChargePointSettings(centralSystem, id, password, idTag, maxAmps, newPhases, switching, reportsSoc,
                meterValueInterval, authorizeOnPlugIn, meterStartWh);
    }

    public ChargePointSettings withReportsSoc(boolean reports) {
        return new ChargePointSettings(centralSystem, id, password, idTag, maxAmps, phases, phaseSwitching, reports,
                meterValueInterval, authorizeOnPlugIn, meterStartWh);
    }

    public ChargePointSettings withMeterValueInterval(Duration interval) {
        return new ChargePointSettings(centralSystem, id, password, idTag, maxAmps, phases, phaseSwitching, reportsSoc,
                interval, authorizeOnPlugIn, meterStartWh);
    }

    public ChargePointSettings withAuthorizeOnPlugIn(boolean authorize) {
        return new ChargePointSettings(centralSystem, id, password, idTag, maxAmps, phases, phaseSwitching, reportsSoc,
                meterValueInterval, authorize, meterStartWh);
    }

    public ChargePointSettings withMeterStartWh(long wh) {
        return new ChargePointSettings(centralSystem, id, password, idTag, maxAmps, phases, phaseSwitching, reportsSoc,
                meterValueInterval, authorizeOnPlugIn, wh);
    }

    public ChargePointSettings withIdTag(String tag) {
        return new ChargePointSettings(centralSystem, id, password, tag, maxAmps, phases, phaseSwitching, reportsSoc,
                meterValueInterval, authorizeOnPlugIn, meterStartWh);
    }
}
