package org.meterkast.server.ev;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The calls a charge point makes that this central system reads, each read from its payload with its checks. */
final class OcppMessages {
    private static final Set<String> ERROR_CODES = Set.of("ConnectorLockFailure", "EVCommunicationError",
            "GroundFailure", "HighTemperature", "InternalError", "LocalListConflict", "NoError", "OtherError",
            "OverCurrentFailure", "PowerMeterFailure", "PowerSwitchFailure", "ReaderFailure", "ResetFailure",
            "UnderVoltage", "OverVoltage", "WeakSignal");
    private static final Set<String> STOP_REASONS = Set.of("EmergencyStop", "EVDisconnected", "HardReset", "Local",
            "Other", "PowerLoss", "Reboot", "Remote", "SoftReset", "UnlockCommand", "DeAuthorized");

    private OcppMessages() {
    }

    /** Who the charge point is: sent when it starts. */
    record BootNotification(String vendor, String model, String serialNumber, String firmware) {
        static BootNotification read(OcppPayload p) throws OcppException {
            return new BootNotification(p.text("chargePointVendor", 20), p.text("chargePointModel", 20),
                    p.optionalText("chargePointSerialNumber", 25).orElse(null),
                    p.optionalText("firmwareVersion", 50).orElse(null));
        }
    }

    /** A connector's (or, for connector 0, the whole charge point's) status. */
    record StatusNotification(int connectorId, ConnectorStatus status, String errorCode, String info,
                              String vendorErrorCode, Instant timestamp) {
        static StatusNotification read(OcppPayload p) throws OcppException {
            int connector = p.count("connectorId");
            String errorCode = p.text("errorCode", 30);
            if (!ERROR_CODES.contains(errorCode)) {
                throw new OcppException(OcppError.PROPERTY_CONSTRAINT_VIOLATION, "StatusNotification.errorCode '"
                        + errorCode + "' is not one of the values it allows");
            }
            return new StatusNotification(connector, p.oneOf("status", ConnectorStatus.class, ConnectorStatus::wire),
                    errorCode, p.optionalText("info", 50).orElse(null),
                    p.optionalText("vendorErrorCode", 50).orElse(null), p.optionalInstant("timestamp").orElse(null));
        }
    }

    /** Asks whether an RFID tag (or another token) may charge. */
    record Authorize(String idTag) {
        static Authorize read(OcppPayload p) throws OcppException {
            return new Authorize(p.text("idTag", 20));
        }
    }

    /** A session begins; the answer gives it its transaction id. */
    record StartTransaction(int connectorId, String idTag, long meterStartWh, Instant timestamp) {
        static StartTransaction read(OcppPayload p) throws OcppException {
            int connector = p.integer("connectorId");
            if (connector < 1) {
                throw new OcppException(OcppError.PROPERTY_CONSTRAINT_VIOLATION,
                        "StartTransaction.connectorId must be 1 or more, not " + connector);
            }
            return new StartTransaction(connector, p.text("idTag", 20), p.count("meterStart"), p.instant("timestamp"));
        }
    }

    /** A session ends. */
    record StopTransaction(int transactionId, long meterStopWh, Instant timestamp, String reason, String idTag,
                           List<MeterValue> transactionData) {
        static StopTransaction read(OcppPayload p) throws OcppException {
            Optional<String> reason = p.optionalText("reason", 20);
            if (reason.isPresent() && !STOP_REASONS.contains(reason.get())) {
                throw new OcppException(OcppError.PROPERTY_CONSTRAINT_VIOLATION, "StopTransaction.reason '"
                        + reason.get() + "' is not one of the values it allows");
            }
            List<MeterValue> data = new ArrayList<>();
            for (OcppPayload v : p.objects("transactionData", false)) {
                data.add(MeterValue.read(v));
            }
            return new StopTransaction(p.integer("transactionId"), p.count("meterStop"), p.instant("timestamp"),
                    reason.orElse("Local"), p.optionalText("idTag", 20).orElse(null), data);
        }
    }

    /** Samples of a connector's meter; {@code transactionId} when they belong to a session. */
    record MeterValues(int connectorId, Integer transactionId, List<MeterValue> meterValues) {
        static MeterValues read(OcppPayload p) throws OcppException {
            int connector = p.count("connectorId");
            List<MeterValue> values = new ArrayList<>();
            for (OcppPayload v : p.objects("meterValue", true)) {
                values.add(MeterValue.read(v));
            }
            return new MeterValues(connector, p.optionalInteger("transactionId").orElse(null), values);
        }
    }

    /** The samples taken at one instant. */
    record MeterValue(Instant timestamp, List<MeterSample> samples) {
        static MeterValue read(OcppPayload p) throws OcppException {
            Instant at = p.instant("timestamp");
            List<MeterSample> samples = new ArrayList<>();
            List<OcppPayload> sampled = p.objects("sampledValue", true);
            for (OcppPayload s : sampled) {
                if ("SignedData".equals(s.optionalText("format", 20).orElse("Raw"))) {
                    continue;           // a signed blob for calibration law, not a number
                }
                Measurand measurand = s.optionalOneOf("measurand", Measurand.class, Measurand::wire)
                        .orElse(Measurand.ENERGY_ACTIVE_IMPORT_REGISTER);
                samples.add(MeterSample.of(measurand, s.optionalText("phase", 10).orElse(null),
                        s.optionalText("unit", 20).orElse(null), s.decimalText("value"), s.path()));
            }
            return new MeterValue(at, samples);
        }
    }
}
