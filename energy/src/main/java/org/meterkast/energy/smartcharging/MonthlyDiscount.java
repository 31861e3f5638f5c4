package org.meterkast.energy.smartcharging;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.meterkast.energy.control.Reason;
import org.meterkast.energy.tariff.DayNight;
import org.meterkast.energy.tariff.EnergyPrice;
import org.meterkast.energy.tariff.FlemishTariff;
import org.meterkast.energy.tariff.Levies;
import org.meterkast.energy.tariff.MeterKind;
import org.meterkast.energy.tariff.SimpleTariff;
import org.meterkast.energy.tariff.TariffHistory;
import org.meterkast.energy.tariff.TariffVersion;

/**
 * What one Brussels month of smart sessions earns under the programme (art. 3): per quarter hour, the energy charged
 * × (the supply tariff's energy price in force for that quarter − the smart-charging price) is the discount; the
 * monthly fee is taken from it, and is never more than it ("vous ne payez donc jamais plus").
 *
 * <p>How it is worked out, and why:
 * <ul>
 * <li>A quarter belongs to the month in which it starts, Brussels time; the tariff version in force is the one of
 * that quarter's Brussels day; with a day/night price, the quarter's start decides day or night by the tariff's
 * schedule (art. 3: "en tenant compte de l'heure de recharge").</li>
 * <li>The tariff's energy price is excl. VAT (as {@link FlemishTariff} holds it) and the programme's figures incl. VAT
 * ({@link SmartChargingProgramme#pricesIncludeVat()}): the price is raised by the VAT in force that day before the
 * smart price is taken off. All amounts here are € incl. VAT.</li>
 * <li>A discount per kWh is never negative: with a supply price under the smart price, the discount is a rebate on
 * the supply tariff (art. 3: "une ristourne sur votre Tarif de fourniture") and there is none.</li>
 * <li>The energy is summed per line (one tariff version, period and VAT rate) and each line is rounded to the cent,
 * half up, as a Belgian invoice rounds its lines (and as the bill here does); the discount is the sum of the lines.
 * The conditions name no rounding.</li>
 * <li>The fee is the full monthly fee in every month, however few of its days the enrolment ran (the conditions
 * prorate nothing), capped at the discount.</li>
 * </ul>
 *
 * @param month     the Brussels month
 * @param sessions  the sessions with a quarter in the month, in the order they charged
 * @param lines     the discount per tariff version, period and VAT rate
 * @param excluded  the energy that earns nothing, per reason, in the order first met
 * @param chargedWh the energy the sessions charged in the month
 * @param countedWh the part of it that earns the discount
 * @param discount  the sum of the lines, €
 * @param fullFee   the programme's monthly fee, € incl. VAT
 * @param fee       the fee taken: the full fee, or the discount when that is less, €
 * @param net       the discount less the fee, €; never negative
 */
public record MonthlyDiscount(YearMonth month, List<SessionSummary> sessions, List<DiscountLine> lines,
                              List<Exclusion> excluded, long chargedWh, long countedWh, BigDecimal discount,
                              BigDecimal fullFee, BigDecimal fee, BigDecimal net) {
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    public MonthlyDiscount {
        Objects.requireNonNull(month, "month");
        sessions = List.copyOf(sessions);
        lines = List.copyOf(lines);
        excluded = List.copyOf(excluded);
    }

    /**
     * One line of the discount: the energy charged under one tariff version, period and VAT rate.
     *
     * @param tariffFrom     the day the tariff version applies from ({@link LocalDate#MIN} for the first version)
     * @param period         day or night for a day/night price; null for a single price
     * @param supplyPerKwh   the tariff's energy price, € excl. VAT
     * @param vatRate        the VAT on electricity that day: 0.06
     * @param smartPerKwh    the programme's smart-charging price, € (incl. VAT unless the programme says otherwise)
     * @param discountPerKwh the discount per kWh, € incl. VAT, unrounded; zero when the supply price is lower
     * @param wattHours      the energy, Wh
     * @param amount         kWh × discount per kWh, rounded half up to the cent, €
     */
    public record DiscountLine(LocalDate tariffFrom, DayNight period, BigDecimal supplyPerKwh, BigDecimal vatRate,
                               BigDecimal smartPerKwh, BigDecimal discountPerKwh, long wattHours, BigDecimal amount) {
    }

    /**
     * A session as the month saw it.
     *
     * @param firstQuarter the start of its first quarter in the month
     * @param chargedWh    what it charged in the month
     * @param countedWh    the part that earns the discount
     * @param excluded     why the rest earns nothing, each reason once
     */
    public record SessionSummary(String id, String idTag, Instant firstQuarter, long chargedWh, long countedWh,
                                 List<Reason> excluded) {
        public SessionSummary {
            excluded = List.copyOf(excluded);
        }
    }

    /** Energy that earns nothing, and why. */
    public record Exclusion(Reason reason, long wattHours) {
    }

    /** The key of a line: the rates one kWh is discounted at. */
    private record LineKey(LocalDate tariffFrom, DayNight period, BigDecimal vatRate) {
    }

    /**
     * Works out a month.
     *
     * @param enrolment the household's enrolment at the address; without one nothing is earned
     * @param tariffs   the address's supply tariffs; without them nothing can be priced
     * @param levies    the levies by date, for the VAT rate
     * @param sessions  the smart sessions at the address's home charger; quarters outside the month are ignored
     */
    public static MonthlyDiscount of(SmartChargingProgramme programme, Optional<Enrolment> enrolment,
                                     Optional<TariffHistory> tariffs, Levies levies, YearMonth month,
                                     List<SmartSession> sessions) {
        Objects.requireNonNull(programme, "programme");
        Objects.requireNonNull(levies, "levies");
        Objects.requireNonNull(month, "month");
        Map<LineKey, long[]> energyByLine = new TreeMap<>(Comparator.comparing(LineKey::tariffFrom)
                .thenComparing(k -> k.period() == null ? -1 : k.period().ordinal())
                .thenComparing(LineKey::vatRate));
        Map<LineKey, EnergyPrice> priceByLine = new LinkedHashMap<>();
        Map<Reason, long[]> excluded = new LinkedHashMap<>();
        List<SessionSummary> summaries = new ArrayList<>();
        long charged = 0;
        long counted = 0;

        List<SmartSession> ordered = sessions.stream()
                .filter(s -> s.quarters().stream().anyMatch(q -> q.quarter().month(SmartChargingProgramme.ZONE)
                        .equals(month)))
                .sorted(Comparator.comparing(s -> firstIn(s, month)))
                .toList();
        for (SmartSession session : ordered) {
            long sessionCharged = 0;
            long sessionCounted = 0;
            Set<Reason> sessionReasons = new LinkedHashSet<>();
            for (ChargedQuarter q : session.quarters()) {
                if (!q.quarter().month(SmartChargingProgramme.ZONE).equals(month) || q.wattHours() == 0) {
                    continue;
                }
                sessionCharged = Math.addExact(sessionCharged, q.wattHours());
                LocalDate day = LocalDate.ofInstant(q.quarter().start(), SmartChargingProgramme.ZONE);
                Reason why = exclusion(programme, enrolment, session, day);
                TariffVersion version = null;
                if (why == null) {
                    version = tariffs.map(h -> h.inForce(day)).orElse(null);
                    why = exclusion(programme, version);
                }
                if (why != null) {
                    sessionReasons.add(why);
                    excluded.computeIfAbsent(why, r -> new long[1])[0] += q.wattHours();
                    continue;
                }
                FlemishTariff tariff = (FlemishTariff) version.tariff();
                DayNight period = tariff.offtake() instanceof EnergyPrice.DayAndNight
                        ? tariff.schedule().at(q.quarter().start(), SmartChargingProgramme.ZONE) : null;
                LineKey key = new LineKey(version.validFrom(), period, levies.inForce(day).vatRate());
                energyByLine.computeIfAbsent(key, k -> new long[1])[0] += q.wattHours();
                priceByLine.put(key, tariff.offtake());
                sessionCounted = Math.addExact(sessionCounted, q.wattHours());
            }
            summaries.add(new SessionSummary(session.id(), session.idTag(), firstIn(session, month), sessionCharged,
                    sessionCounted, List.copyOf(sessionReasons)));
            charged = Math.addExact(charged, sessionCharged);
            counted = Math.addExact(counted, sessionCounted);
        }

        List<DiscountLine> lines = new ArrayList<>();
        BigDecimal discount = BigDecimal.ZERO.setScale(2);
        for (Map.Entry<LineKey, long[]> e : energyByLine.entrySet()) {
            LineKey key = e.getKey();
            EnergyPrice price = priceByLine.get(key);
            BigDecimal supply = price instanceof EnergyPrice.DayAndNight d ? d.perKwh(key.period())
                    : ((EnergyPrice.Single) price).perKwh();
            BigDecimal perKwh = discountPerKwh(programme, supply, key.vatRate());
            long wh = e.getValue()[0];
            BigDecimal amount = BigDecimal.valueOf(wh).multiply(perKwh).divide(THOUSAND)
                    .setScale(2, RoundingMode.HALF_UP);
            lines.add(new DiscountLine(key.tariffFrom(), key.period(), supply, key.vatRate(),
                    programme.smartPricePerKwh(), perKwh, wh, amount));
            discount = discount.add(amount);
        }

        BigDecimal fullFee = programme.pricesIncludeVat() ? programme.monthlyFee()
                : programme.monthlyFee().multiply(BigDecimal.ONE.add(levies.inForce(month.atDay(1)).vatRate()));
        fullFee = fullFee.setScale(2, RoundingMode.HALF_UP);
        // art. 3: "Si cette redevance pour un mois donné est supérieure à la ristourne précitée, la redevance de ce
        // mois est ramenée au montant de la ristourne"
        BigDecimal fee = fullFee.min(discount);
        List<Exclusion> exclusions = new ArrayList<>();
        excluded.forEach((reason, wh) -> exclusions.add(new Exclusion(reason, wh[0])));
        return new MonthlyDiscount(month, summaries, lines, exclusions, charged, counted, discount, fullFee, fee,
                discount.subtract(fee));
    }

    /** The discount on one kWh at this supply price excl. VAT, € incl. VAT; never negative. */
    static BigDecimal discountPerKwh(SmartChargingProgramme programme, BigDecimal supplyExclVat, BigDecimal vatRate) {
        BigDecimal withVat = BigDecimal.ONE.add(vatRate);
        BigDecimal perKwh = programme.pricesIncludeVat()
                ? supplyExclVat.multiply(withVat).subtract(programme.smartPricePerKwh())
                : supplyExclVat.subtract(programme.smartPricePerKwh()).multiply(withVat);
        return perKwh.signum() < 0 ? BigDecimal.ZERO : perKwh;
    }

    private static Instant firstIn(SmartSession session, YearMonth month) {
        return session.quarters().stream().map(ChargedQuarter::quarter)
                .filter(q -> q.month(SmartChargingProgramme.ZONE).equals(month))
                .findFirst().orElseThrow().start();
    }

    /** Why a session's quarter on this day earns nothing, by the enrolment and the session; null when it may. */
    private static Reason exclusion(SmartChargingProgramme programme, Optional<Enrolment> enrolment,
                                    SmartSession session, LocalDate day) {
        if (enrolment.isEmpty()) {
            return Reason.of("smartCharging.excluded.notEnrolled");
        }
        Enrolment e = enrolment.get();
        if (day.isBefore(e.since())) {
            return Eligibility.date("smartCharging.excluded.beforeEnrolment", e.since());
        }
        if (e.until() != null && day.isAfter(e.until())) {
            return Eligibility.date("smartCharging.excluded.afterEnrolment", e.until());
        }
        // art. 5: "jusqu'au 30/06/2026 inclus"
        if (day.isAfter(programme.lastDay())) {
            return Eligibility.date("smartCharging.excluded.ended", programme.lastDay());
        }
        // art. 3: "au maximum un véhicule électrique"
        if (e.vehicle() == null) {
            return Reason.of("smartCharging.excluded.noVehicle");
        }
        if (!e.vehicle().mayHaveStarted(session.idTag())) {
            return Reason.of("smartCharging.excluded.otherVehicle");
        }
        // art. 4: "la remise Smart Charging s'applique pour autant que (i) vous régliez la « recharge normale » […]
        // sur 30% maximum […] (ii) […] jusqu'à au moins 80%"
        if (session.normalChargingPercent() > programme.maxNormalChargingPercent()) {
            return Reason.of("smartCharging.excluded.normalChargingAbove", "percent",
                    session.normalChargingPercent(), "maximumPercent", programme.maxNormalChargingPercent());
        }
        if (session.targetPercent() < programme.minTargetPercent()) {
            return Reason.of("smartCharging.excluded.targetBelow", "percent", session.targetPercent(),
                    "minimumPercent", programme.minTargetPercent());
        }
        // art. 5 (v): ended when the quarter-hour data is still missing a month after enrolling
        if (programme.quarterHourMetering() && !e.quarterHourMetering()
                && day.isAfter(e.since().plus(programme.meteringGrace()))) {
            return Reason.of("smartCharging.excluded.noQuarterHourMetering");
        }
        return null;
    }

    /** Why a quarter under this tariff version earns nothing; null when it may. */
    private static Reason exclusion(SmartChargingProgramme programme, TariffVersion version) {
        if (version == null) {
            return Reason.of("smartCharging.excluded.noTariff");
        }
        if (version.tariff() instanceof SimpleTariff) {
            // an all-in price holds network tariffs and levies; the discount is on the supply price alone (art. 3)
            return Reason.of("smartCharging.excluded.allInTariff");
        }
        FlemishTariff f = (FlemishTariff) version.tariff();
        // art. 4 (ii): "n'est pas un tarif dynamique ni un tarif social"
        if (f.offtake() instanceof EnergyPrice.Dynamic) {
            return Reason.of("smartCharging.excluded.dynamicTariff");
        }
        if (programme.excludesSocialTariff() && f.socialTariff()) {
            return Reason.of("smartCharging.excluded.socialTariff");
        }
        // art. 4 (iv): a digital meter read per quarter hour
        if (programme.quarterHourMetering() && f.meter() != MeterKind.DIGITAL) {
            return Reason.of("smartCharging.excluded.notDigitalMeter");
        }
        return null;
    }
}
