package org.meterkast.p1;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A device on one of the meter's M-Bus channels (1 to 4), such as a gas or water meter. The medium comes from
 * the device type the channel announces, never from the channel number or the OBIS code of the reading.
 */
public final class MbusDevice {
    static final int ABSENT = -1;

    private final int channel;
    private final int deviceType;
    private final String equipmentId;
    private final String ean;
    private final MbusReading reading;
    private final int valveState;
    private final int state;

    /** Values of -1 mean "not sent"; null objects mean the same. */
    public MbusDevice(int channel, int deviceType, String equipmentId, String ean, MbusReading reading,
                      int valveState, int state) {
        if (channel < 1 || channel > 9) {
            throw new IllegalArgumentException("M-Bus channel must be 1..9, not " + channel);
        }
        this.channel = channel;
        this.deviceType = deviceType;
        this.equipmentId = equipmentId;
        this.ean = ean;
        this.reading = reading;
        this.valveState = valveState;
        this.state = state;
    }

    /** The channel (OBIS group B), 1 to 4 in practice. */
    public int channel() {
        return channel;
    }

    /** The EN 13757-3 device type as sent in {@code 0-n:24.1.0}: 3 gas, 7 water. */
    public OptionalInt deviceType() {
        return deviceType == ABSENT ? OptionalInt.empty() : OptionalInt.of(deviceType);
    }

    /** What this device meters; {@link Medium#OTHER} when the channel sent no device type. */
    public Medium medium() {
        return deviceType == ABSENT ? Medium.OTHER : Medium.ofDeviceType(deviceType);
    }

    /** The device's serial (e.g. {@code 7FLO...} for gas, {@code 8SAG...} for water), hex-decoded. */
    public Optional<String> equipmentId() {
        return Optional.ofNullable(equipmentId);
    }

    /** The device's EAN code (e-MUCS 2.1), hex-decoded. */
    public Optional<String> ean() {
        return Optional.ofNullable(ean);
    }

    /** The last reading; empty when the device sent none or an invalid one. */
    public Optional<MbusReading> reading() {
        return Optional.ofNullable(reading);
    }

    /** The gas valve state ({@code 0-n:24.4.0}): 1 open, 0 closed. */
    public OptionalInt valveState() {
        return valveState == ABSENT ? OptionalInt.empty() : OptionalInt.of(valveState);
    }

    /** The channel's breaker/valve state ({@code 0-n:96.3.10}, e-MUCS 2.1). */
    public OptionalInt state() {
        return state == ABSENT ? OptionalInt.empty() : OptionalInt.of(state);
    }

    String rawEquipmentId() {
        return equipmentId;
    }

    String rawEan() {
        return ean;
    }

    MbusReading rawReading() {
        return reading;
    }

    int rawDeviceType() {
        return deviceType;
    }

    int rawValveState() {
        return valveState;
    }

    int rawState() {
        return state;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MbusDevice m && channel == m.channel && deviceType == m.deviceType
                && valveState == m.valveState && state == m.state && Objects.equals(equipmentId, m.equipmentId)
                && Objects.equals(ean, m.ean) && Objects.equals(reading, m.reading);
    }

    @Override
    public int hashCode() {
        return Objects.hash(channel, deviceType, equipmentId, ean, reading, valveState, state);
    }

    @Override
    public String toString() {
        return "M-Bus " + channel + " " + medium() + (equipmentId == null ? "" : " " + equipmentId)
                + (reading == null ? "" : " " + reading);
    }
}
