package org.meterkast.sim.ev;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.meterkast.sim.ev.ChargingProfile.Limit;
import org.meterkast.sim.ev.ChargingProfile.Purpose;
import org.meterkast.sim.ev.ChargingProfile.Unit;

/**
 * The charging profiles a one-connector charge point holds, and the limit they make together (OCPP 1.6 §3.13):
 * within a purpose the highest stack level in force wins; the transaction's limit is its TxProfile if one is in
 * force, else the TxDefaultProfile; the composite is the lower of that and the ChargePointMaxProfile.
 */
final class ChargingProfiles {
    private final List<ChargingProfile> installed = new ArrayList<>();

    /** The limits in force at one instant, per level; empty where no profile applies. */
    record Composite(Optional<Limit> chargePointMax, Optional<Limit> transaction) {
        static final Composite NONE = new Composite(Optional.empty(), Optional.empty());

        /** The lowest of the limits and {@code ceilingWatts}, W, when charging on {@code phases}. */
        long watts(int phases, long ceilingWatts) {
            long w = ceilingWatts;
            if (chargePointMax.isPresent()) {
                w = Math.min(w, chargePointMax.get().watts(phases));
            }
            if (transaction.isPresent()) {
                w = Math.min(w, transaction.get().watts(phases));
            }
            return w;
        }

        /** The phases a profile asks to charge on, if one does (the transaction's first). */
        Optional<Integer> phases() {
            return transaction.map(l -> l.period().phases())
                    .or(() -> chargePointMax.map(l -> l.period().phases()));
        }
    }

    /**
     * Installs the profile, replacing one with its id or with its purpose and stack level (OCPP 1.6 §5.16);
     * returns why it is refused, if it is.
     *
     * @param runningTransactionId the transaction running on the connector, or null
     */
    Optional<String> install(ChargingProfile p, Integer runningTransactionId, Set<Unit> allowedUnits) {
        if (!allowedUnits.contains(p.schedule().unit())) {
            return Optional.of("the unit " + p.schedule().unit() + " is not among " + allowedUnits);
        }
        switch (p.purpose()) {
            case ChargePointMaxProfile -> {
                if (p.connectorId() != 0) {
                    return Optional.of("a ChargePointMaxProfile belongs on connector 0, not " + p.connectorId());
                }
            }
            case TxProfile -> {
                if (p.connectorId() == 0) {
                    return Optional.of("a TxProfile belongs on a connector, not on 0");
                }
                if (runningTransactionId == null) {
                    return Optional.of("a TxProfile needs a running transaction, and none runs");
                }
                if (p.transactionId() != null && !p.transactionId().equals(runningTransactionId)) {
                    return Optional.of("the TxProfile is for transaction " + p.transactionId() + ", not the running "
                            + runningTransactionId);
                }
            }
            case TxDefaultProfile -> {
            }
        }
        installed.removeIf(old -> old.id() == p.id()
                || old.purpose() == p.purpose() && old.stackLevel() == p.stackLevel()
                && old.connectorId() == p.connectorId());
        installed.add(p);
        return Optional.empty();
    }

    /** Removes the profiles that match every filter given (null: any); true if one was removed. */
    boolean clear(Integer id, Integer connectorId, Purpose purpose, Integer stackLevel) {
        if (id != null) {
            return installed.removeIf(p -> p.id() == id);
        }
        return installed.removeIf(p -> (connectorId == null || p.connectorId() == connectorId)
                && (purpose == null || p.purpose() == purpose)
                && (stackLevel == null || p.stackLevel() == stackLevel));
    }

    /** A transaction ended: its TxProfiles go with it. */
    void endTransaction() {
        installed.removeIf(p -> p.purpose() == Purpose.TxProfile);
    }

    int size() {
        return installed.size();
    }

    /**
     * The limits in force at {@code now}.
     *
     * @param transactionStart when the running transaction started, or null when none runs
     */
    Composite at(Instant now, Instant transactionStart) {
        if (installed.isEmpty()) {
            return Composite.NONE;
        }
        Optional<Limit> tx = transactionStart == null ? Optional.empty()
                : highest(Purpose.TxProfile, now, transactionStart);
        if (tx.isEmpty()) {
            tx = highest(Purpose.TxDefaultProfile, now, transactionStart);
        }
        return new Composite(highest(Purpose.ChargePointMaxProfile, now, transactionStart), tx);
    }

    private Optional<Limit> highest(Purpose purpose, Instant now, Instant transactionStart) {
        Optional<Limit> best = Optional.empty();
        int bestLevel = -1;
        for (ChargingProfile p : installed) {
            if (p.purpose() != purpose || p.stackLevel() <= bestLevel) {
                continue;
            }
            Optional<Limit> limit = p.limitAt(now, transactionStart);
            if (limit.isPresent()) {
                best = limit;
                bestLevel = p.stackLevel();
            }
        }
        return best;
    }
}
