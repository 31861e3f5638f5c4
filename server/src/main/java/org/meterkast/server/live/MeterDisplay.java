package org.meterkast.server.live;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.meterkast.p1.BreakerState;
import org.meterkast.p1.DemandPeak;
import org.meterkast.p1.MbusDevice;
import org.meterkast.p1.MbusReading;
import org.meterkast.p1.Measurement;
import org.meterkast.p1.Medium;
import org.meterkast.p1.Telegram;

/**
 * What the meter shows besides its energy registers and power, as the meter page explains it.
 *
 * @param equipmentId the electricity meter's serial ({@code 0-0:96.1.1}); null when not sent
 * @param monthPeak   this month's peak ({@code 1-0:1.6.0}); null when not sent
 * @param breaker     the breaker ({@code 0-0:96.3.10}): {@code connected}, {@code disconnected} or
 *                    {@code ready_for_connection}; null when not sent or a code not known
 * @param limiterW    the limiter threshold ({@code 0-0:17.0.0}) as sent, W; null when not sent
 * @param limited     whether that threshold limits the power: 999.9 kW (99.999 kW in e-MUCS 2.1) means no limit
 * @param coupled     the gas, water or other meters on the M-Bus channels, by channel
 */
public record MeterDisplay(String equipmentId, MonthPeak monthPeak, String breaker, Long limiterW, boolean limited,
                           List<CoupledMeter> coupled) {

    /** The highest quarter-hour average offtake of the month so far, W, and when that quarter ended. */
    public record MonthPeak(long watts, Instant at) {
    }

    /**
     * A meter coupled on an M-Bus channel.
     *
     * @param channel      the channel, 1 to 4 (OBIS group B)
     * @param deviceType   the device type it announces ({@code 0-n:24.1.0}): 3 gas, 7 water; null when not sent
     * @param medium       {@code gas}, {@code water}, {@code heat}, {@code hot_water} or {@code other}, from that type
     * @param serial       its serial ({@code 0-n:96.1.1}); null when not sent
     * @param serialSays   what the Fluvius manual reads in the serial's first digit: {@code gas} for a 7,
     *                     {@code water} for an 8; null otherwise
     * @param reading      its last reading in {@code unit}, exact; null when none or invalid
     * @param unit         the reading's unit as sent ({@code m3}); null when none
     * @param readAt       when the coupled meter took that reading
     */
    public record CoupledMeter(int channel, Integer deviceType, String medium, String serial, String serialSays,
                               BigDecimal reading, String unit, Instant readAt) {
        static CoupledMeter of(MbusDevice d) {
            String serial = d.equipmentId().orElse(null);
            Optional<MbusReading> r = d.reading();
            return new CoupledMeter(d.channel(), d.deviceType().isPresent() ? d.deviceType().getAsInt() : null,
                    MEDIUM_NAMES[d.medium().ordinal()], serial, serialSays(serial),
                    r.map(MbusReading::value).orElse(null), r.flatMap(MbusReading::unit).orElse(null),
                    r.map(MbusReading::capturedAt).orElse(null));
        }

        /** "Le numéro de série commence-t-il par un 7 ? ... gaz naturel. ... par un 8 ? ... eau." */
        static String serialSays(String serial) {
            if (serial == null || serial.isEmpty()) {
                return null;
            }
            return switch (serial.charAt(0)) {
                case '7' -> "gas";
                case '8' -> "water";
                default -> null;
            };
        }
    }

    // made once: this runs for every telegram of every meter
    private static final String[] MEDIUM_NAMES = lowerCaseNames(Medium.values());
    private static final String[] BREAKER_NAMES = lowerCaseNames(BreakerState.values());

    private static String[] lowerCaseNames(Enum<?>[] values) {
        String[] names = new String[values.length];
        for (Enum<?> v : values) {
            names[v.ordinal()] = v.name().toLowerCase(Locale.ROOT);
        }
        return names;
    }

    /**
     * The display last made, with the parts of the telegram it was made of. The parser hands back the same objects for
     * the lines that did not change, so the next telegram of the meter (its gas reading changes every 5 minutes, its
     * peak a few times a month) most often makes the same display: it is then given again. One entry for all meters,
     * as a server reads one meter or a few; with more, a miss only makes a new one.
     */
    private record Made(String equipmentId, DemandPeak peak, BreakerState breaker, OptionalLong limiter, boolean limited,
                        List<MbusDevice> devices, MeterDisplay display) {
    }

    /** Written and read by the reading threads without a lock: a {@link Made} is immutable, any one read is whole. */
    private static Made lastMade;

    static MeterDisplay of(Telegram t) {
        String equipmentId = t.equipmentId().orElse(null);
        DemandPeak peak = t.monthPeak().orElse(null);
        BreakerState breaker = t.breakerState().orElse(null);
        OptionalLong limiterThreshold = t.get(Measurement.LIMITER_THRESHOLD);
        boolean limited = t.powerLimit().isPresent();
        List<MbusDevice> devices = t.mbusDevices();
        Made last = lastMade;
        if (last != null && last.devices() == devices && last.peak() == peak && last.breaker() == breaker
                && last.limiter().equals(limiterThreshold) && last.limited() == limited
                && Objects.equals(last.equipmentId(), equipmentId)) {
            return last.display();
        }
        MeterDisplay display = new MeterDisplay(equipmentId,
                peak == null ? null : new MonthPeak(peak.watts(), peak.occurredAt().orElse(null)),
                breaker == null ? null : BREAKER_NAMES[breaker.ordinal()],
                limiterThreshold.isPresent() ? (Long) limiterThreshold.getAsLong() : null, limited, coupled(devices));
        lastMade = new Made(equipmentId, peak, breaker, limiterThreshold, limited, devices, display);
        return display;
    }

    private static List<CoupledMeter> coupled(List<MbusDevice> devices) {
        if (devices.isEmpty()) {
            return List.of();
        }
        CoupledMeter[] coupled = new CoupledMeter[devices.size()];
        for (int i = 0; i < coupled.length; i++) {
            coupled[i] = CoupledMeter.of(devices.get(i));
        }
        return List.of(coupled);
    }
}
