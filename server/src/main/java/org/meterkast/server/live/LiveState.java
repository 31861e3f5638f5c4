package org.meterkast.server.live;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.meterkast.energy.capacity.QuarterDemand;
import org.meterkast.energy.capacity.QuarterOfftake;
import org.meterkast.energy.quarter.MeterReadings;
import org.meterkast.energy.quarter.QuarterBuilder;
import org.meterkast.energy.quarter.RegisterSnapshot;
import org.meterkast.p1.Telegram;
import org.meterkast.server.ingest.TelegramReceived;
import org.meterkast.server.solar.SolarReceived;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The latest values of every meter (and of its inverter) and its last hour of net power, in memory only. */
@Component
public class LiveState implements TelegramReceived.Listener {
    private final Map<String, LiveSummary> latest = new ConcurrentHashMap<>();
    private final Map<String, PowerRing> rings = new ConcurrentHashMap<>();
    private final Map<String, QuarterOfftake> offtakes = new ConcurrentHashMap<>();
    private final Map<String, SolarSummary> solar = new ConcurrentHashMap<>();
    private final LiveBroadcast broadcast;
    /** How long after a meter's last telegram an older one is taken as late, not as a clock that went back. */
    static final java.time.Duration SETTLING = java.time.Duration.ofMinutes(1);

    LiveState(LiveBroadcast broadcast) {
        this.broadcast = broadcast;
    }

    @Override
    public void on(TelegramReceived event) {
        if (stale(event)) {
            return;
        }
        // the register tracker sees every reading, so a meter without 1-0:1.4.0 (firmware before the capacity
        // tariff) still shows its running quarter
        Optional<RegisterSnapshot> reading = MeterReadings.registers(event.telegram());
        OptionalLong sinceStart = reading.isEmpty() ? OptionalLong.empty()
                : offtakes.computeIfAbsent(event.meter(), m -> new QuarterOfftake(QuarterBuilder.DEFAULT_MAX_GAP))
                        .accept(reading.get());
        LiveSummary summary = summary(event, reading, sinceStart).withSolar(solar.get(event.meter()));
        latest.put(event.meter(), summary);
        // a telegram without a time has no second in the ring
        if (summary.time() != null) {
            rings.computeIfAbsent(event.meter(), m -> new PowerRing()).put(summary.time(), summary.netW());
        }
        broadcast.send(event.meter(), summary);
    }

    /**
     * A telegram not newer than the meter's last one, received within {@link #SETTLING} of it: in fleet mode the broker
     * may bring a telegram twice or late, and a stream must not step back. Later than that, the meter's clock went
     * back (set by hand, or a new meter on the same name): its telegrams are shown again rather than never. A telegram
     * without a time cannot be compared and is taken.
     */
    private boolean stale(TelegramReceived event) {
        LiveSummary last = latest.get(event.meter());
        Optional<Instant> at = event.telegram().timestamp();
        if (last == null || last.time() == null || at.isEmpty() || at.get().isAfter(last.time())) {
            return false;
        }
        return last.receivedAt() == null || event.receivedAt() == null
                || event.receivedAt().isBefore(last.receivedAt().plus(SETTLING));
    }

    @EventListener
    void on(SolarReceived event) {
        SolarSummary summary = new SolarSummary(event.reading().at(), event.reading().watts());
        solar.put(event.meter(), summary);
        broadcast.sendSolar(event.meter(), summary);
    }

    /** The last telegram's summary, with the inverter's last reading; empty until the meter sent one. */
    public Optional<LiveSummary> latest(String meter) {
        return Optional.ofNullable(latest.get(meter)).map(s -> s.withSolar(solar.get(meter)));
    }

    /** The live streams open now, and those refused, dropped and ended since the start. */
    public LiveStreamCounts streamCounts() {
        return broadcast.counts();
    }

    /** Net power per second over the hour up to the last telegram, oldest first. */
    List<PowerRing.Sample> lastHour(String meter) {
        PowerRing ring = rings.get(meter);
        return ring == null ? List.of() : ring.lastHour();
    }

    static LiveSummary summary(TelegramReceived event, Optional<RegisterSnapshot> reading, OptionalLong sinceStart) {
        Telegram t = event.telegram();
        Long importW = t.powerImported().isPresent() ? t.powerImported().getAsLong() : null;
        Long exportW = t.powerExported().isPresent() ? t.powerExported().getAsLong() : null;
        long net = (importW == null ? 0 : importW) - (exportW == null ? 0 : exportW);
        String tariff = t.tariff().map(x -> x.name().toLowerCase(Locale.ROOT)).orElse(null);
        MeterDisplay meter = MeterDisplay.of(t);
        return new LiveSummary(t.timestamp().orElse(null), event.receivedAt(), importW, exportW, net, tariff,
                reading.map(RegisterSnapshot::registers).orElse(null), meter, quarter(t, sinceStart, meter), null, null);
    }

    /** The meter's own running average when it sends one, else the registers' offtake since the quarter started. */
    private static RunningQuarter quarter(Telegram t, OptionalLong sinceStart, MeterDisplay meter) {
        if (t.timestamp().isEmpty() || t.powerImported().isEmpty()) {
            return null;
        }
        Instant at = t.timestamp().get();
        long powerW = Math.max(0, t.powerImported().getAsLong());
        QuarterDemand demand;
        if (t.currentAverageDemand().isPresent() && t.currentAverageDemand().getAsLong() >= 0) {
            demand = QuarterDemand.ofMeter(at, t.currentAverageDemand().getAsLong(), powerW);
        } else if (sinceStart.isPresent()) {
            demand = QuarterDemand.ofRegisters(at, sinceStart.getAsLong(), powerW);
        } else {
            return null;
        }
        return RunningQuarter.of(demand, meter.monthPeak() == null ? null : meter.monthPeak().watts());
    }
}
