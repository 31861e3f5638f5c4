package org.meterkast.p1;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One decoded P1 telegram, immutable. Numeric values are exact fixed-point longs (Wh, W, mV, mA, litres);
 * every value is optional because meters differ in what they send and an invalid value is left out (with a
 * {@linkplain #warnings() warning}) rather than failing the whole telegram. Objects this library does not
 * interpret are kept in {@link #unknownObjects()}.
 *
 * <p>Two telegrams are equal when they carry the same values; the parse warnings are not part of equality.
 */
public final class Telegram {
    private static final int MEASUREMENTS = Measurement.values().length;
    private static final long LIMITER_NONE_OLD = 999_900;      // 999.9 kW
    private static final long LIMITER_NONE_EMUCS21 = 99_999;   // 99.999 kW
    private static final long FUSE_NONE_MIN = 999_000;         // 999 A or 999.99 A

    private final String header;
    private final Dialect dialect;
    private final String version;
    private final Instant timestamp;
    private final String equipmentId;
    private final String ean;
    private final String textMessage;
    private final long[] values;
    private final long present;
    private final DemandPeak monthPeak;
    private final List<MonthlyPeak> peakHistory;
    private final List<MbusDevice> mbusDevices;
    private final List<RawObject> unknownObjects;
    private final List<String> warnings;

    private Telegram(Builder b, long[] values) {
        this.header = b.header;
        this.dialect = b.dialect;
        this.version = b.version;
        this.timestamp = b.timestamp;
        this.equipmentId = b.equipmentId;
        this.ean = b.ean;
        this.textMessage = b.textMessage;
        this.values = values;
        this.present = b.present;
        this.monthPeak = b.monthPeak;
        this.peakHistory = b.peakHistory;
        this.mbusDevices = b.mbusDeviceList != null ? b.mbusDeviceList
                : b.mbusDevices.isEmpty() ? List.of() : List.copyOf(b.mbusDevices);
        this.unknownObjects = b.unknownObjects.isEmpty() ? List.of() : List.copyOf(b.unknownObjects);
        this.warnings = b.warnings == null ? List.of() : List.copyOf(b.warnings);
    }

    /** The peaks as an immutable list, oldest month first; an immutable list already in order is returned as is. */
    static List<MonthlyPeak> sortedByMonth(List<MonthlyPeak> peaks) {
        boolean inOrder = true;
        for (int i = 1; i < peaks.size() && inOrder; i++) {
            inOrder = peaks.get(i - 1).monthEnd().compareTo(peaks.get(i).monthEnd()) <= 0;
        }
        if (inOrder) {
            return List.copyOf(peaks);
        }
        MonthlyPeak[] sorted = peaks.toArray(new MonthlyPeak[0]);
        Arrays.sort(sorted, Comparator.comparing(MonthlyPeak::monthEnd));
        return List.of(sorted);
    }

    /** A builder for a telegram in the given dialect, as a simulator or the writer's tests use it. */
    public static Builder builder(Dialect dialect) {
        return new Builder().dialect(dialect);
    }

    /** A builder holding this telegram's values, to change a few of them. */
    public Builder toBuilder() {
        Builder b = new Builder().dialect(dialect).header(header).version(version).timestamp(timestamp)
                .equipmentId(equipmentId).ean(ean).textMessage(textMessage).monthPeak(monthPeak);
        System.arraycopy(values, 0, b.values, 0, MEASUREMENTS);
        b.present = present;
        if (peakHistory != null) {
            b.peakHistory(peakHistory);
        }
        b.mbusDevices.addAll(mbusDevices);
        b.unknownObjects.addAll(unknownObjects);
        return b;
    }

    /** The identification line after {@code /}, e.g. {@code FLU5\253769484_A}. */
    public String header() {
        return header;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The version line as sent: {@code 50217} ({@code 0-0:96.1.4}) in Belgium, {@code 50} ({@code 1-3:0.2.8}) in the Netherlands. */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    /** The meter's clock when it sent the telegram ({@code 0-0:1.0.0}). */
    public Optional<Instant> timestamp() {
        return Optional.ofNullable(timestamp);
    }

    /** The electricity meter's serial, hex-decoded (e.g. {@code 1SAG3101021605}). */
    public Optional<String> equipmentId() {
        return Optional.ofNullable(equipmentId);
    }

    /** The connection's EAN code ({@code 0-0:96.1.2}, e-MUCS 2.1). */
    public Optional<String> ean() {
        return Optional.ofNullable(ean);
    }

    /** The text message ({@code 0-0:96.13.0}), hex-decoded; empty when none. */
    public Optional<String> textMessage() {
        return Optional.ofNullable(textMessage);
    }

    /** The value of a numeric object in its kept unit, or empty when not sent or invalid. */
    public OptionalLong get(Measurement m) {
        return has(m) ? OptionalLong.of(values[m.ordinal()]) : OptionalLong.empty();
    }

    public boolean has(Measurement m) {
        return (present & (1L << m.ordinal())) != 0;
    }

    /** The tariff period the meter is in now, mapped per dialect from the indicator {@code 0-0:96.14.0}. */
    public Optional<Tariff> tariff() {
        if (!has(Measurement.TARIFF_INDICATOR)) {
            return Optional.empty();
        }
        long indicator = values[Measurement.TARIFF_INDICATOR.ordinal()];
        return indicator == 1 || indicator == 2
                ? Optional.of(Tariff.ofRegister((int) indicator, dialect)) : Optional.empty();
    }

    /** The import register of a tariff period, in Wh. */
    public OptionalLong energyImported(Tariff tariff) {
        return get(tariff.register(dialect) == 1
                ? Measurement.ENERGY_IMPORTED_TARIFF_1 : Measurement.ENERGY_IMPORTED_TARIFF_2);
    }

    /** The export (injection) register of a tariff period, in Wh. */
    public OptionalLong energyExported(Tariff tariff) {
        return get(tariff.register(dialect) == 1
                ? Measurement.ENERGY_EXPORTED_TARIFF_1 : Measurement.ENERGY_EXPORTED_TARIFF_2);
    }

    /** Power imported now, in W. */
    public OptionalLong powerImported() {
        return get(Measurement.POWER_IMPORTED);
    }

    /** Power exported now, in W. */
    public OptionalLong powerExported() {
        return get(Measurement.POWER_EXPORTED);
    }

    /** Running average import power of this quarter hour ({@code 1-0:1.4.0}), in W. */
    public OptionalLong currentAverageDemand() {
        return get(Measurement.CURRENT_AVERAGE_DEMAND);
    }

    /** This month's highest quarter-hour average ({@code 1-0:1.6.0}). */
    public Optional<DemandPeak> monthPeak() {
        return Optional.ofNullable(monthPeak);
    }

    /** The last months' peaks ({@code 0-0:98.1.0}), oldest first whatever order the meter sent. */
    public List<MonthlyPeak> peakHistory() {
        return peakHistory == null ? List.of() : peakHistory;
    }

    /** Whether the telegram carried a peak history object at all (it may be empty). */
    public boolean hasPeakHistory() {
        return peakHistory != null;
    }

    /** The breaker state ({@code 0-0:96.3.10}); empty when not sent or an unknown code. */
    public Optional<BreakerState> breakerState() {
        return has(Measurement.BREAKER_STATE)
                ? BreakerState.ofCode(values[Measurement.BREAKER_STATE.ordinal()]) : Optional.empty();
    }

    /**
     * The active power limit in W ({@code 0-0:17.0.0}); empty when not sent or when the meter reports no limit
     * (999.9 kW, or 99.999 kW in e-MUCS 2.1).
     */
    public OptionalLong powerLimit() {
        if (!has(Measurement.LIMITER_THRESHOLD)) {
            return OptionalLong.empty();
        }
        long w = values[Measurement.LIMITER_THRESHOLD.ordinal()];
        return w == LIMITER_NONE_OLD || w == LIMITER_NONE_EMUCS21 ? OptionalLong.empty() : OptionalLong.of(w);
    }

    /** The active fuse supervision threshold on L1 in mA; empty when not sent or none (999 A). */
    public OptionalLong fuseLimit() {
        if (!has(Measurement.FUSE_THRESHOLD_L1)) {
            return OptionalLong.empty();
        }
        long ma = values[Measurement.FUSE_THRESHOLD_L1.ordinal()];
        return ma >= FUSE_NONE_MIN ? OptionalLong.empty() : OptionalLong.of(ma);
    }

    /** The M-Bus devices, by channel. */
    public List<MbusDevice> mbusDevices() {
        return mbusDevices;
    }

    /**
     * The gas meter: of the M-Bus devices of type gas, the one with the latest reading (a dead or replaced meter
     * on another channel keeps an old one), else the first.
     */
    public Optional<MbusDevice> gasMeter() {
        return device(Medium.GAS);
    }

    /** The water meter, chosen as {@link #gasMeter()} is. */
    public Optional<MbusDevice> waterMeter() {
        return device(Medium.WATER);
    }

    private Optional<MbusDevice> device(Medium medium) {
        MbusDevice best = null;
        for (MbusDevice d : mbusDevices) {
            if (d.medium() != medium) {
                continue;
            }
            if (best == null || d.reading().isPresent() && (best.reading().isEmpty()
                    || d.reading().get().capturedAt().isAfter(best.reading().get().capturedAt()))) {
                best = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Objects kept as sent because this library does not interpret them. */
    public List<RawObject> unknownObjects() {
        return unknownObjects;
    }

    /** What was wrong with values that were left out, each naming the line. Empty for a clean telegram. */
    public List<String> warnings() {
        return warnings;
    }

    long rawValue(Measurement m) {
        return values[m.ordinal()];
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Telegram t)) {
            return false;
        }
        return present == t.present && Arrays.equals(values, t.values) && header.equals(t.header)
                && dialect == t.dialect && Objects.equals(version, t.version) && Objects.equals(timestamp, t.timestamp)
                && Objects.equals(equipmentId, t.equipmentId) && Objects.equals(ean, t.ean)
                && Objects.equals(textMessage, t.textMessage) && Objects.equals(monthPeak, t.monthPeak)
                && Objects.equals(peakHistory, t.peakHistory) && mbusDevices.equals(t.mbusDevices)
                && unknownObjects.equals(t.unknownObjects);
    }

    @Override
    public int hashCode() {
        return Objects.hash(header, dialect, version, timestamp, equipmentId, present, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return TelegramJson.toJson(this);
    }

    /** Collects the values of a telegram; the parser reuses one, so a builder is not thread-safe. */
    public static final class Builder {
        private String header = "";
        private Dialect dialect = Dialect.BELGIAN;
        String version;
        Instant timestamp;
        String equipmentId;
        String ean;
        String textMessage;
        private long[] values = new long[MEASUREMENTS];
        private long present;
        /** Whether {@link #values} is a fresh array from {@link #buildAndRelease()}, still all zero. */
        private boolean handedOver;
        DemandPeak monthPeak;
        List<MonthlyPeak> peakHistory;
        private final List<MbusDevice> mbusDevices = new ArrayList<>(4);
        private List<MbusDevice> mbusDeviceList;
        final List<RawObject> unknownObjects = new ArrayList<>(4);
        private List<String> warnings;

        Builder() {
        }

        void reset() {
            header = "";
            dialect = Dialect.BELGIAN;
            version = null;
            timestamp = null;
            equipmentId = null;
            ean = null;
            textMessage = null;
            present = 0;
            if (!handedOver) {
                Arrays.fill(values, 0);     // values not present stay 0, so equal telegrams have equal arrays
            }
            handedOver = false;
            monthPeak = null;
            peakHistory = null;
            mbusDevices.clear();
            mbusDeviceList = null;
            unknownObjects.clear();
            warnings = null;
        }

        public Builder header(String header) {
            this.header = Objects.requireNonNull(header, "header");
            return this;
        }

        public Builder dialect(Dialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /** The version line: {@code 502xx} for Belgium, the DSMR version ({@code 50}, {@code 42}) for the Netherlands. */
        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Builder equipmentId(String equipmentId) {
            this.equipmentId = equipmentId;
            return this;
        }

        public Builder ean(String ean) {
            this.ean = ean;
            return this;
        }

        public Builder textMessage(String textMessage) {
            this.textMessage = textMessage;
            return this;
        }

        /** Sets a numeric object, in its kept unit (Wh, W, mV, mA, or the plain code). */
        public Builder set(Measurement m, long value) {
            values[m.ordinal()] = value;
            present |= 1L << m.ordinal();
            return this;
        }

        public Builder clear(Measurement m) {
            present &= ~(1L << m.ordinal());
            values[m.ordinal()] = 0;
            return this;
        }

        /** Sets the import register of a tariff period, in Wh. */
        public Builder energyImported(Tariff tariff, long wattHours) {
            return set(tariff.register(dialect) == 1
                    ? Measurement.ENERGY_IMPORTED_TARIFF_1 : Measurement.ENERGY_IMPORTED_TARIFF_2, wattHours);
        }

        /** Sets the export register of a tariff period, in Wh. */
        public Builder energyExported(Tariff tariff, long wattHours) {
            return set(tariff.register(dialect) == 1
                    ? Measurement.ENERGY_EXPORTED_TARIFF_1 : Measurement.ENERGY_EXPORTED_TARIFF_2, wattHours);
        }

        /** Sets the tariff indicator for a period, as this dialect numbers it. */
        public Builder tariff(Tariff tariff) {
            return set(Measurement.TARIFF_INDICATOR, tariff.register(dialect));
        }

        public Builder monthPeak(DemandPeak peak) {
            this.monthPeak = peak;
            return this;
        }

        /** The peak history; an empty list is sent as an empty {@code 0-0:98.1.0}, null leaves the object out. */
        public Builder peakHistory(List<MonthlyPeak> history) {
            this.peakHistory = history == null ? null : sortedByMonth(history);
            return this;
        }

        public Builder addMbusDevice(MbusDevice device) {
            if (mbusDeviceList != null) {
                mbusDevices.addAll(mbusDeviceList);
                mbusDeviceList = null;
            }
            mbusDevices.add(device);
            return this;
        }

        /** All the devices at once, as an immutable list the telegram may share. */
        void mbusDevices(List<MbusDevice> devices) {
            mbusDevices.clear();
            mbusDeviceList = devices;
        }

        public Builder addUnknownObject(RawObject object) {
            unknownObjects.add(object);
            return this;
        }

        int warningCount() {
            return warnings == null ? 0 : warnings.size();
        }

        boolean has(Measurement m) {
            return (present & (1L << m.ordinal())) != 0;
        }

        long value(Measurement m) {
            return values[m.ordinal()];
        }

        void warn(String warning) {
            if (warnings == null) {
                warnings = new ArrayList<>(2);
            }
            warnings.add(warning);
        }

        public Telegram build() {
            return new Telegram(this, values.clone());
        }

        /**
         * Builds and gives the telegram this builder's value array rather than a copy, taking a fresh (zeroed) one;
         * for the parser, which resets the builder before its next telegram anyway.
         */
        Telegram buildAndRelease() {
            Telegram telegram = new Telegram(this, values);
            values = new long[MEASUREMENTS];
            handedOver = true;
            return telegram;
        }
    }
}
