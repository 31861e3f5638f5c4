package org.meterkast.p1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Helpers for the fixture tests (BelgianFixturesTest, DutchFixturesTest, BrokenFixturesTest): loading the
 * telegrams under {@code /telegrams}, framing them, and field-by-field checks whose expected values are written
 * by hand from the telegram text. The checks compare with absent by default, so a value the parser invents
 * (or an object line it maps to the wrong field) fails as surely as a wrong value.
 */
final class FixtureSupport {
    private FixtureSupport() {
    }

    // ---- loading ------------------------------------------------------------------------------------------

    static byte[] bytes(String name) {
        return TestTelegrams.bytes(name);
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.ISO_8859_1);
    }

    /** Line {@code number} (1-based) of a fixture, without its CRLF. */
    static String line(String name, int number) {
        return text(name).split("\r\n", -1)[number - 1];
    }

    /** The instant of a local time written with its offset, e.g. {@code 2020-05-12T13:54:09+02:00} for 200512135409S. */
    static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    // ---- framing ------------------------------------------------------------------------------------------

    /** What a framer made of a byte stream: the frames (copied) and the rejections with their details. */
    static final class Framing implements FrameListener {
        final List<Frame> frames = new ArrayList<>();
        final List<Rejection> rejections = new ArrayList<>();
        final List<String> details = new ArrayList<>();
        final TelegramFramer framer;

        Framing(boolean allowMissingCrc) {
            framer = new TelegramFramer(this, TelegramFramer.DEFAULT_MAX_FRAME_BYTES, allowMissingCrc);
        }

        @Override
        public void onFrame(Frame frame) {
            frames.add(frame.copy());
        }

        @Override
        public void onRejected(Rejection reason, String detail) {
            rejections.add(reason);
            details.add(detail);
        }
    }

    /** Feeds the whole fixture to a new framer and ends the stream. */
    static Framing frame(String name, boolean allowMissingCrc) {
        Framing f = new Framing(allowMissingCrc);
        f.framer.accept(bytes(name));
        f.framer.endOfStream();
        return f;
    }

    /**
     * Frames a fixture that must be accepted with a CRC (allowMissingCrc=false), checks that exactly one frame
     * came out, from '/' to '!', carrying {@code expectedCrc} (the digits after '!', read by hand), which an
     * independent CRC-16/ARC over the same bytes confirms; then parses that frame.
     */
    static Telegram parseFramed(String name, int expectedCrc) {
        String text = text(name);
        Framing f = frame(name, false);
        assertThat(f.rejections).as("rejections of %s (%s)", name, f.details).isEmpty();
        assertThat(f.frames).as("frames of %s", name).hasSize(1);
        Frame frame = f.frames.get(0);
        assertThat(frame.toString()).as("frame text").isEqualTo(text.substring(0, text.indexOf('!') + 1));
        assertThat(frame.crc()).as("frame CRC").isEqualTo(OptionalInt.of(expectedCrc));
        assertThat(crc16Arc(bytes(name), text.indexOf('!') + 1)).as("independent CRC-16/ARC").isEqualTo(expectedCrc);
        return new TelegramParser().parse(frame);
    }

    /** CRC-16/ARC (poly 0xA001 reflected, init 0, no final XOR) over the first {@code length} bytes, bit by bit. */
    static int crc16Arc(byte[] bytes, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            crc ^= bytes[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return crc;
    }

    // ---- telegram-wide checks -----------------------------------------------------------------------------

    /**
     * Every single-valued numeric object of the telegram: exactly these measurements are present, with these
     * values (in Wh, W, mV, mA or the plain count/code). A measurement not listed must be absent.
     */
    static void assertNumbers(Telegram t, Map<Measurement, Long> expected) {
        Map<Measurement, Long> actual = new EnumMap<>(Measurement.class);
        for (Measurement m : Measurement.values()) {
            OptionalLong v = t.get(m);
            assertThat(t.has(m)).as("has(%s) agrees with get(%s)", m, m).isEqualTo(v.isPresent());
            if (v.isPresent()) {
                actual.put(m, v.getAsLong());
            }
        }
        Map<Measurement, Long> wanted = new EnumMap<>(Measurement.class);
        wanted.putAll(expected);
        assertThat(actual).as("numeric objects").isEqualTo(wanted);
    }

    /** Exactly one warning per listed line number, in that order, each naming the line and quoting its text. */
    static void assertWarnings(Telegram t, String fixture, int... lineNumbers) {
        assertThat(t.warnings()).as("warnings").hasSize(lineNumbers.length);
        for (int i = 0; i < lineNumbers.length; i++) {
            assertThat(t.warnings().get(i)).as("warning %d", i)
                    .contains("line " + lineNumbers[i] + " ")
                    .contains(line(fixture, lineNumbers[i]));
        }
    }

    // ---- peaks --------------------------------------------------------------------------------------------

    /** One expected month of the peak history; {@code occurredAt} null when the meter sent an invalid time. */
    record Peak(YearMonth month, Instant monthEnd, Instant occurredAt, long watts) {
    }

    static Peak peak(YearMonth month, Instant monthEnd, Instant occurredAt, long watts) {
        return new Peak(month, monthEnd, occurredAt, watts);
    }

    /** The peak history is present and holds exactly these months, oldest first. */
    static void assertPeakHistory(Telegram t, Peak... expected) {
        assertThat(t.hasPeakHistory()).as("hasPeakHistory").isTrue();
        List<MonthlyPeak> actual = t.peakHistory();
        assertThat(actual).as("peak history").hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            MonthlyPeak p = actual.get(i);
            Peak e = expected[i];
            assertThat(p.month()).as("peak %d month", i).isEqualTo(e.month());
            assertThat(p.monthEnd()).as("peak %d month end", i).isEqualTo(e.monthEnd());
            assertThat(p.occurredAt().orElse(null)).as("peak %d occurred at", i).isEqualTo(e.occurredAt());
            assertThat(p.watts()).as("peak %d watts", i).isEqualTo(e.watts());
        }
    }

    static void assertMonthPeak(Telegram t, Instant occurredAt, long watts) {
        assertThat(t.monthPeak()).as("month peak").isPresent();
        assertThat(t.monthPeak().get().occurredAt()).as("month peak time").hasValue(occurredAt);
        assertThat(t.monthPeak().get().watts()).as("month peak watts").isEqualTo(watts);
    }

    // ---- M-Bus --------------------------------------------------------------------------------------------

    /** An expected M-Bus device; every field not set is expected absent. */
    static final class Device {
        private final int channel;
        private Integer type;
        private Medium medium = Medium.OTHER;
        private String id;
        private String ean;
        private Integer valve;
        private Integer state;
        private boolean hasReading;
        private Instant readAt;
        private long thousandths;
        private String unit;

        private Device(int channel) {
            this.channel = channel;
        }

        /** The device type of {@code 0-n:24.1.0} and the medium it means. */
        Device type(int deviceType, Medium expectedMedium) {
            this.type = deviceType;
            this.medium = expectedMedium;
            return this;
        }

        Device id(String equipmentId) {
            this.id = equipmentId;
            return this;
        }

        Device ean(String eanCode) {
            this.ean = eanCode;
            return this;
        }

        Device valve(int valveState) {
            this.valve = valveState;
            return this;
        }

        Device state(int channelState) {
            this.state = channelState;
            return this;
        }

        /** The last reading; {@code unit} null when the meter sent none. */
        Device reading(Instant capturedAt, long thousandthsOfUnit, String sentUnit) {
            this.hasReading = true;
            this.readAt = capturedAt;
            this.thousandths = thousandthsOfUnit;
            this.unit = sentUnit;
            return this;
        }

        void check(MbusDevice d) {
            String c = "M-Bus channel " + channel + " ";
            assertThat(d.channel()).as(c + "channel").isEqualTo(channel);
            assertThat(d.deviceType()).as(c + "device type")
                    .isEqualTo(type == null ? OptionalInt.empty() : OptionalInt.of(type));
            assertThat(d.medium()).as(c + "medium").isEqualTo(medium);
            assertThat(d.equipmentId().orElse(null)).as(c + "equipment id").isEqualTo(id);
            assertThat(d.ean().orElse(null)).as(c + "EAN").isEqualTo(ean);
            assertThat(d.valveState()).as(c + "valve")
                    .isEqualTo(valve == null ? OptionalInt.empty() : OptionalInt.of(valve));
            assertThat(d.state()).as(c + "state")
                    .isEqualTo(state == null ? OptionalInt.empty() : OptionalInt.of(state));
            assertThat(d.reading().isPresent()).as(c + "has a reading").isEqualTo(hasReading);
            if (hasReading) {
                MbusReading r = d.reading().get();
                assertThat(r.capturedAt()).as(c + "reading time").isEqualTo(readAt);
                assertThat(r.thousandths()).as(c + "reading thousandths").isEqualTo(thousandths);
                assertThat(r.unit().orElse(null)).as(c + "reading unit").isEqualTo(unit);
            }
        }
    }

    static Device device(int channel) {
        return new Device(channel);
    }

    /** Exactly these devices, in channel order. */
    static void assertDevices(Telegram t, Device... expected) {
        assertThat(t.mbusDevices()).as("M-Bus devices").hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            expected[i].check(t.mbusDevices().get(i));
        }
    }
}
