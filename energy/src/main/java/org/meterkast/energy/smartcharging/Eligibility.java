package org.meterkast.energy.smartcharging;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.meterkast.energy.control.Reason;
import org.meterkast.energy.tariff.EnergyPrice;
import org.meterkast.energy.tariff.FlemishTariff;
import org.meterkast.energy.tariff.MeterKind;
import org.meterkast.energy.tariff.SimpleTariff;
import org.meterkast.energy.tariff.Tariff;

/**
 * Whether an address meets the programme's conditions on a day, with every condition it does not meet as a reason
 * (in the order of the conditions' articles), and what is still allowed for a while (pending). Eligible when nothing
 * is unmet.
 *
 * @param unmet   the conditions not met, each a text key of the web app with its figures
 * @param pending conditions not yet met that still may be: quarter-hour metering within its grace
 */
public record Eligibility(List<Reason> unmet, List<Reason> pending) {
    public Eligibility {
        unmet = List.copyOf(unmet);
        pending = List.copyOf(pending);
    }

    public boolean eligible() {
        return unmet.isEmpty();
    }

    /**
     * Checks an address on a day.
     *
     * @param enrolment   the household's enrolment at the address; empty when it has none yet (the answers it would
     *                    give are then missing, and each is a reason)
     * @param tariff      the supply tariff in force that day; empty when the address has none
     * @param homeCharger whether the address has an EV charger
     * @param today       the Brussels day to check
     */
    public static Eligibility of(SmartChargingProgramme programme, Optional<Enrolment> enrolment,
                                 Optional<Tariff> tariff, boolean homeCharger, LocalDate today) {
        List<Reason> unmet = new ArrayList<>();
        List<Reason> pending = new ArrayList<>();
        Enrolment e = enrolment.orElse(null);

        // art. 5: "Vous bénéficiez de la remise Smart Charging jusqu'au 30/06/2026 inclus."
        if (today.isAfter(programme.lastDay())) {
            unmet.add(date("smartCharging.reason.ended", programme.lastDay()));
        }
        if (e != null && e.until() != null && today.isAfter(e.until())) {
            unmet.add(date("smartCharging.reason.enrolmentEnded", e.until()));
        }
        // art. 4 (i): "Vous avez conclu un Contrat de fourniture d'électricité avec Luminus en tant que consommateur."
        if (programme.needsSupplyContract() && (e == null || !e.supplyContract())) {
            unmet.add(Reason.of("smartCharging.reason.supplyContract"));
        }
        // art. 4 (ii): "Votre Tarif de fourniture n'est pas un tarif dynamique ni un tarif social." The discount is
        // on the supply tariff's energy price (art. 3), which only the detailed tariff form holds.
        if (tariff.isEmpty()) {
            unmet.add(Reason.of("smartCharging.reason.noTariff"));
        } else if (tariff.get() instanceof SimpleTariff) {
            unmet.add(Reason.of("smartCharging.reason.allInTariff"));
        } else if (tariff.get() instanceof FlemishTariff f) {
            if (f.offtake() instanceof EnergyPrice.Dynamic) {
                unmet.add(Reason.of("smartCharging.reason.dynamicTariff"));
            }
            if (programme.excludesSocialTariff() && f.socialTariff()) {
                unmet.add(Reason.of("smartCharging.reason.socialTariff"));
            }
            if (programme.quarterHourMetering() && f.meter() != MeterKind.DIGITAL) {
                unmet.add(Reason.of("smartCharging.reason.notDigitalMeter"));
            }
        }
        // art. 3: "au maximum un véhicule électrique"; art. 4 (iii): the EV (or its charger) is steered by the app
        if (e == null || e.vehicle() == null) {
            unmet.add(Reason.of("smartCharging.reason.noVehicle"));
        }
        // art. 2: "Borne de recharge à domicile": the charger at the address of the supply contract
        if (programme.homeChargerOnly() && !homeCharger) {
            unmet.add(Reason.of("smartCharging.reason.noHomeCharger"));
        }
        // art. 4 (iv): SMR-3 "dans le mois suivant la confirmation du début"; art. 5 (v): ended when the quarter-hour
        // data is still missing a month after enrolling
        if (programme.quarterHourMetering() && (e == null || !e.quarterHourMetering())) {
            if (e == null) {
                pending.add(Reason.of("smartCharging.pending.quarterHourMetering", "graceDays",
                        graceDays(programme, today)));
            } else {
                LocalDate deadline = e.since().plus(programme.meteringGrace());
                if (today.isAfter(deadline)) {
                    unmet.add(Reason.of("smartCharging.reason.noQuarterHourMetering", "graceDays",
                            graceDays(programme, e.since()), "daysSinceEnrolment",
                            ChronoUnit.DAYS.between(e.since(), today)));
                } else {
                    pending.add(Reason.of("smartCharging.pending.quarterHourMeteringDue", "daysLeft",
                            ChronoUnit.DAYS.between(today, deadline)));
                }
            }
        }
        // art. 4 (v): "vous utilisez uniquement l'Application, à l'exclusion de toute autre application similaire"
        if (programme.exclusiveApp() && (e == null || !e.onlyThisApp())) {
            unmet.add(Reason.of("smartCharging.reason.otherApp"));
        }
        // art. 4, second list (i): "la « recharge normale » […] sur 30% maximum"
        if (e == null || e.normalChargingPercent() == null) {
            unmet.add(Reason.of("smartCharging.reason.normalChargingUnknown", "maximumPercent",
                    programme.maxNormalChargingPercent()));
        } else if (e.normalChargingPercent() > programme.maxNormalChargingPercent()) {
            unmet.add(Reason.of("smartCharging.reason.normalChargingAbove", "percent", e.normalChargingPercent(),
                    "maximumPercent", programme.maxNormalChargingPercent()));
        }
        // art. 4, second list (ii): "recharger votre VE jusqu'à au moins 80%"
        if (e == null || e.targetPercent() == null) {
            unmet.add(Reason.of("smartCharging.reason.targetUnknown", "minimumPercent",
                    programme.minTargetPercent()));
        } else if (e.targetPercent() < programme.minTargetPercent()) {
            unmet.add(Reason.of("smartCharging.reason.targetBelow", "percent", e.targetPercent(), "minimumPercent",
                    programme.minTargetPercent()));
        }
        return new Eligibility(unmet, pending);
    }

    private static long graceDays(SmartChargingProgramme programme, LocalDate from) {
        return ChronoUnit.DAYS.between(from, from.plus(programme.meteringGrace()));
    }

    /** A reason naming a date by its parts, so each language writes it its own way. */
    static Reason date(String key, LocalDate day) {
        return Reason.of(key, "year", day.getYear(), "month", day.getMonthValue(), "day", day.getDayOfMonth());
    }
}
