package org.meterkast.server.smartcharging;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.meterkast.energy.control.Reason;
import org.meterkast.energy.smartcharging.Eligibility;
import org.meterkast.energy.smartcharging.Enrolment;
import org.meterkast.energy.smartcharging.MonthlyDiscount;
import org.meterkast.energy.smartcharging.SmartChargingProgramme;
import org.meterkast.energy.smartcharging.SmartSession;
import org.meterkast.energy.tariff.DayNight;
import org.meterkast.energy.tariff.Levies;
import org.meterkast.energy.tariff.Tariff;
import org.meterkast.energy.tariff.TariffHistory;
import org.meterkast.server.control.Devices;
import org.meterkast.server.location.Device;
import org.meterkast.server.location.Location;
import org.meterkast.server.location.LocationService;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.tariff.TariffService;
import org.meterkast.server.web.ApiException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * An address's smart-charging discount: its enrolment, whether it meets the programme's conditions today, and the
 * report of each month from the smart sessions at its home charger under the tariff in force. Every call is for the
 * signed-in account's own address; another's is answered as one that does not exist.
 */
@Service
class SmartChargingService {
    /** The first day an enrolment may start: no programme of this kind ran before, and months are listed from it. */
    static final LocalDate EARLIEST = LocalDate.of(2020, 1, 1);

    /** Whether the address meets the conditions, what it still lacks, its enrolment and the programme's terms. */
    record EligibilityView(boolean eligible, List<Reason> unmet, List<Reason> pending, EnrolmentForm enrolment,
                           SmartChargingProgramme programme) {
    }

    /** A month's report; {@code tariffFrom} is null on lines of the address's first tariff version. */
    record ReportView(YearMonth month, boolean enrolled, List<MonthlyDiscount.SessionSummary> sessions,
                      List<LineView> lines, List<MonthlyDiscount.Exclusion> excluded, long chargedWh,
                      long countedWh, BigDecimal discount, BigDecimal fullFee, BigDecimal fee, BigDecimal net) {
    }

    /** One line of the discount, as {@link MonthlyDiscount.DiscountLine}. */
    record LineView(LocalDate tariffFrom, DayNight period, BigDecimal supplyPerKwh, BigDecimal vatRate,
                    BigDecimal smartPerKwh, BigDecimal discountPerKwh, long wattHours, BigDecimal amount) {
    }

    private final LocationService locations;
    private final MeterRepository meters;
    private final TariffService tariffs;
    private final Levies levies;
    private final EnrolmentRepository enrolments;
    private final ObjectProvider<SmartChargedQuarters> charged;
    private final SmartChargingProgramme programme;
    private final Clock clock;
    private final Devices devices;

    SmartChargingService(LocationService locations, MeterRepository meters, TariffService tariffs, Levies levies,
                         EnrolmentRepository enrolments, ObjectProvider<SmartChargedQuarters> charged,
                         SmartChargingSettings settings, Clock clock, Devices devices) {
        this.devices = devices;
        this.locations = locations;
        this.meters = meters;
        this.tariffs = tariffs;
        this.levies = levies;
        this.enrolments = enrolments;
        this.charged = charged;
        this.programme = settings.programme();
        this.clock = clock;
    }

    SmartChargingProgramme programme() {
        return programme;
    }

    EligibilityView eligibility(long account, long locationId) {
        Location location = locations.require(account, locationId);
        LocalDate today = today();
        Optional<Enrolment> enrolment = enrolments.find(locationId);
        Optional<Tariff> tariff = history(location).map(h -> h.inForce(today).tariff());
        // a charger entered among the address's devices, or one the server's settings give it (the demo's carport)
        boolean homeCharger = locations.devices(account, locationId).stream()
                .anyMatch(d -> d.kind() == Device.Kind.EV_CHARGER) || devices.hasCharger(location.meter());
        Eligibility e = Eligibility.of(programme, enrolment, tariff, homeCharger, today);
        return new EligibilityView(e.eligible(), e.unmet(), e.pending(), enrolment.map(EnrolmentForm::of).orElse(null),
                programme);
    }

    Optional<EnrolmentForm> enrolment(long account, long locationId) {
        locations.require(account, locationId);
        return enrolments.find(locationId).map(EnrolmentForm::of);
    }

    EnrolmentForm enrol(long account, long locationId, EnrolmentForm form) {
        locations.require(account, locationId);
        if (form == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "since", "smartCharging.enrolment.since");
        }
        Enrolment enrolment = form.toEnrolment();
        LocalDate latest = today().plusYears(1);
        if (enrolment.since().isBefore(EARLIEST) || enrolment.since().isAfter(latest)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "since", "smartCharging.enrolment.since-range",
                    enrolment.since().toString(), EARLIEST.toString(), latest.toString());
        }
        enrolments.save(locationId, enrolment, clock.instant());
        return EnrolmentForm.of(enrolment);
    }

    /** The months of the enrolment up to this one (or its end, or the programme's), newest first. */
    List<YearMonth> months(long account, long locationId) {
        locations.require(account, locationId);
        Optional<Enrolment> enrolment = enrolments.find(locationId);
        if (enrolment.isEmpty()) {
            return List.of();
        }
        LocalDate last = today();
        if (enrolment.get().until() != null && enrolment.get().until().isBefore(last)) {
            last = enrolment.get().until();
        }
        if (programme.lastDay().isBefore(last)) {
            last = programme.lastDay();
        }
        List<YearMonth> months = new ArrayList<>();
        YearMonth first = YearMonth.from(enrolment.get().since());
        for (YearMonth m = YearMonth.from(last); !m.isBefore(first); m = m.minusMonths(1)) {
            months.add(m);
        }
        return months;
    }

    ReportView report(long account, long locationId, String monthText) {
        Location location = locations.require(account, locationId);
        YearMonth month;
        try {
            month = YearMonth.parse(monthText);
        } catch (DateTimeParseException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "month", "smartCharging.month.invalid", monthText);
        }
        if (month.isAfter(YearMonth.from(today()))) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "month", "smartCharging.month.future", monthText);
        }
        Optional<Enrolment> enrolment = enrolments.find(locationId);
        Instant from = month.atDay(1).atStartOfDay(SmartChargingProgramme.ZONE).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(SmartChargingProgramme.ZONE).toInstant();
        List<SmartSession> sessions = charged.getIfAvailable(() -> SmartChargedQuarters.NONE)
                .between(locationId, from, to);
        MonthlyDiscount m = MonthlyDiscount.of(programme, enrolment, history(location), levies, month, sessions);
        List<LineView> lines = m.lines().stream().map(l -> new LineView(
                l.tariffFrom().equals(LocalDate.MIN) ? null : l.tariffFrom(), l.period(), l.supplyPerKwh(),
                l.vatRate(), l.smartPerKwh(), l.discountPerKwh(), l.wattHours(), l.amount())).toList();
        return new ReportView(month, enrolment.isPresent(), m.sessions(), lines, m.excluded(), m.chargedWh(),
                m.countedWh(), m.discount(), m.fullFee(), m.fee(), m.net());
    }

    private Optional<TariffHistory> history(Location location) {
        return meters.find(location.meter()).flatMap(meter -> tariffs.history(meter.id()));
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(SmartChargingProgramme.ZONE));
    }
}
