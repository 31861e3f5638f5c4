package org.meterkast.sim.ev;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An OCPP 1.6 charging profile as a charge point keeps it: which limit applies from when, for whom. Names of
 * the nested enums are OCPP's own, as they go over the wire.
 *
 * @param id            chargingProfileId
 * @param connectorId   0 for the whole charge point, else the connector
 * @param transactionId only for a TxProfile: the transaction it belongs to, or null for the running one
 * @param stackLevel    the higher wins within a purpose
 * @param validFrom     null: valid since ever
 * @param validTo       null: valid for ever
 */
record ChargingProfile(int id, int connectorId, Integer transactionId, int stackLevel, Purpose purpose, Kind kind,
                       Recurrency recurrency, Instant validFrom, Instant validTo, Schedule schedule) {

    enum Purpose { ChargePointMaxProfile, TxDefaultProfile, TxProfile }

    enum Kind { Absolute, Recurring, Relative }

    enum Recurrency { Daily, Weekly }

    /** A, per phase, or W, for all phases together. */
    enum Unit { A, W }

    /**
     * @param duration      null: the last period lasts for ever
     * @param startSchedule null for a Relative profile
     * @param periods       sorted by start, the first at 0 s
     */
    record Schedule(Duration duration, Instant startSchedule, Unit unit, List<Period> periods) {
    }

    /**
     * From {@code start} seconds after the schedule's start, at most {@code milli} thousandths of the unit.
     *
     * @param phases the phases to charge on, or null for the charge point's usual
     */
    record Period(long start, long milli, Integer phases) {
        long watts(Unit unit, int chargingPhases) {
            return unit == Unit.W ? milli / 1000 : milli * Car.VOLTS * chargingPhases / 1000;
        }
    }

    /** What this profile allows at an instant, with its unit. */
    record Limit(Unit unit, Period period) {
        long watts(int chargingPhases) {
            return period.watts(unit, chargingPhases);
        }
    }

    /** Reads a {@code csChargingProfiles} (or RemoteStart's {@code chargingProfile}) object. */
    static ChargingProfile read(Payload p, int connectorId) throws CallError {
        Purpose purpose = p.oneOf("chargingProfilePurpose", Purpose.class);
        Kind kind = p.oneOf("chargingProfileKind", Kind.class);
        Recurrency recurrency = p.has("recurrencyKind") ? p.oneOf("recurrencyKind", Recurrency.class) : null;
        if (kind == Kind.Recurring && recurrency == null) {
            throw CallError.property(p.path() + ".recurrencyKind", "is missing: a Recurring profile needs it");
        }
        int stackLevel = p.integer("stackLevel");
        if (stackLevel < 0) {
            throw CallError.property(p.path() + ".stackLevel", "must not be negative, not " + stackLevel);
        }
        Payload s = p.object("chargingSchedule");
        Integer durationSeconds = s.optionalInteger("duration");
        Instant startSchedule = s.optionalInstant("startSchedule");
        if (kind != Kind.Relative && startSchedule == null) {
            throw CallError.property(s.path() + ".startSchedule", "is missing: an " + kind + " profile needs it");
        }
        Unit unit = s.oneOf("chargingRateUnit", Unit.class);
        List<Period> periods = new ArrayList<>();
        List<Object> raw = s.list("chargingSchedulePeriod");
        if (raw.isEmpty()) {
            throw CallError.property(s.path() + ".chargingSchedulePeriod", "must hold at least one period");
        }
        for (int i = 0; i < raw.size(); i++) {
            Payload period = Payload.of(s.path() + ".chargingSchedulePeriod[" + i + "]", raw.get(i));
            int start = period.integer("startPeriod");
            BigDecimal limit = period.decimal("limit");
            if (limit.signum() < 0) {
                throw CallError.property(period.path() + ".limit", "must not be negative, not " + limit);
            }
            Integer phases = period.optionalInteger("numberPhases");
            if (phases != null && phases != 1 && phases != 3) {
                throw CallError.property(period.path() + ".numberPhases", "must be 1 or 3, not " + phases);
            }
            periods.add(new Period(start, limit.movePointRight(3).longValue(), phases));
        }
        periods.sort(Comparator.comparingLong(Period::start));
        if (periods.get(0).start() != 0) {
            throw CallError.property(s.path() + ".chargingSchedulePeriod", "must start with a period at 0 s");
        }
        return new ChargingProfile(p.integer("chargingProfileId"), connectorId, p.optionalInteger("transactionId"),
                stackLevel, purpose, kind, recurrency, p.optionalInstant("validFrom"), p.optionalInstant("validTo"),
                new Schedule(durationSeconds == null ? null : Duration.ofSeconds(durationSeconds), startSchedule, unit,
                        List.copyOf(periods)));
    }

    /**
     * The period in force at {@code now}, if any.
     *
     * @param transactionStart when the running transaction started (a Relative profile counts from there), or
     *                         null when none runs (it then counts from {@code now})
     */
    Optional<Limit> limitAt(Instant now, Instant transactionStart) {
        if (validFrom != null && now.isBefore(validFrom) || validTo != null && !now.isBefore(validTo)) {
            return Optional.empty();
        }
        Instant start = switch (kind) {
            case Absolute -> schedule.startSchedule();
            case Relative -> transactionStart != null ? transactionStart : now;
            case Recurring -> {
                long cycle = recurrency == Recurrency.Daily ? 86_400 : 7 * 86_400;
                long since = Duration.between(schedule.startSchedule(), now).getSeconds();
                yield schedule.startSchedule().plusSeconds(Math.floorDiv(since, cycle) * cycle);
            }
        };
        long elapsed = Duration.between(start, now).getSeconds();
        if (elapsed < 0 || schedule.duration() != null && elapsed >= schedule.duration().getSeconds()) {
            return Optional.empty();
        }
        Period inForce = null;
        for (Period p : schedule.periods()) {
            if (p.start() <= elapsed) {
                inForce = p;
            }
        }
        return Optional.ofNullable(inForce).map(p -> new Limit(schedule.unit(), p));
    }
}
