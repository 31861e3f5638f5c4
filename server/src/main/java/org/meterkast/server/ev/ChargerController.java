package org.meterkast.server.ev;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.quarter.BucketSize;
import org.meterkast.server.account.Administrators;
import org.meterkast.server.account.SignedIn;
import org.meterkast.server.ev.ChargePointRepository.Registration;
import org.meterkast.server.ev.ChargedQuarters.Charged;
import org.meterkast.server.control.ChargerRequests;
import org.meterkast.server.location.Location;
import org.meterkast.server.location.LocationService;
import org.meterkast.server.web.ApiException;
import org.meterkast.server.web.BadParameterException;
import org.meterkast.server.web.Parameters;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The charger page's API: an address's chargers with their live state, "Stop charging", the sessions, and the
 * energy charged per week, month or year. Only the address's owner reaches it; another account's address is
 * answered as one that does not exist.
 */
@RestController
class ChargerController {
    private static final int MOST_PER_PAGE = 100;

    private final LocationService locations;
    private final ChargePointRepository repository;
    private final CentralSystem central;
    private final Administrators administrators;
    private final ChargerRequests requests;

    ChargerController(LocationService locations, ChargePointRepository repository, CentralSystem central,
                      Administrators administrators, ChargerRequests requests) {
        this.requests = requests;
        this.locations = locations;
        this.repository = repository;
        this.central = central;
        this.administrators = administrators;
    }

    /** A charger as the page shows it. */
    record ChargerView(String device, String chargePointId, String status, String connectorStatus, boolean online,
                       Instant lastSeen, String error, String errorDetail, long powerWatts, long sessionWh,
                       Integer transactionId, int phases, Double offeredAmps, Double limitAmps, double[] currentAmps,
                       Integer socPercent, String vendor, String model, String firmware,
                       ChargePointState.Counters counters) {
        static ChargerView of(Registration r, ChargePointState.View v) {
            return new ChargerView(r.device(), r.chargePointId(), v.status().name(), v.connectorStatus(), v.online(),
                    v.lastSeen() != null ? v.lastSeen() : r.lastSeen(), v.error(), v.errorDetail(), v.powerWatts(),
                    v.sessionWh(), v.transactionId(), v.phases(), v.offeredAmps(), v.limitAmps(), v.currentAmps(),
                    v.socPercent(), v.vendor() != null ? v.vendor() : r.vendor(),
                    v.model() != null ? v.model() : r.model(), v.firmware() != null ? v.firmware() : r.firmware(),
                    v.counters());
        }
    }

    /** A session as the list shows it; {@code stop} null while it runs. */
    record SessionView(int transactionId, String idTag, Instant start, Instant stop, long meterStartWh,
                       Long meterStopWh, long chargedWh, String stopReason) {
    }

    /** A page of sessions, newest first. */
    record SessionPage(int page, int size, long total, List<SessionView> sessions) {
    }

    /** The energy charged in one bucket [start, end), Wh. */
    record ChargedBucket(Instant start, Instant end, long wh) {
    }

    @GetMapping("/api/locations/{id}/chargers")
    List<ChargerView> chargers(@PathVariable("id") long id) {
        locations.require(account(), id);
        List<ChargerView> views = new ArrayList<>();
        for (Registration r : repository.ofLocation(id)) {
            central.state(r.chargePointId()).ifPresent(s -> views.add(ChargerView.of(r, s.view())));
        }
        return views;
    }

    /**
     * "Stop charging": ends the running session (RemoteStopTransaction) through the charger the address's control
     * loop steers, answered once the charger accepted.
     */
    @PostMapping("/api/locations/{id}/chargers/{device}/stop")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void stop(@PathVariable("id") long id, @PathVariable("device") String device) {
        Location location = locations.require(account(), id);
        Registration r = charger(id, device);
        if (!central.connected(r.chargePointId()) || !requests.runs(location.meter(), device)) {
            throw new ApiException(HttpStatus.CONFLICT, "device", "charger.offline", device);
        }
        ChargePointState state = central.state(r.chargePointId()).orElseThrow();
        if (state.session() == null) {
            throw new ApiException(HttpStatus.CONFLICT, "device", "charger.no-session", device);
        }
        try {
            requests.stopSession(location.meter(), device);
        } catch (DeviceException e) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "device", "charger.stop-failed", device);
        }
    }

    @GetMapping("/api/locations/{id}/chargers/{device}/sessions")
    SessionPage sessions(@PathVariable("id") long id, @PathVariable("device") String device,
                         @RequestParam(name = "page", defaultValue = "0") int page,
                         @RequestParam(name = "size", defaultValue = "20") int size) {
        Registration r = charger(id, device);
        if (page < 0) {
            throw new BadParameterException("page", "charger.parameter.page", Integer.toString(page));
        }
        if (size < 1 || size > MOST_PER_PAGE) {
            throw new BadParameterException("size", "charger.parameter.size", Integer.toString(size),
                    Integer.toString(MOST_PER_PAGE));
        }
        ChargePointState.Session running = central.state(r.chargePointId()).map(ChargePointState::session)
                .orElse(null);
        long live = central.state(r.chargePointId()).map(s -> s.view().sessionWh()).orElse(0L);
        List<SessionView> sessions = repository.sessions(r.chargePointId(), page * size, size).stream()
                .map(s -> new SessionView(s.transactionId(), s.idTag(), s.start(), s.stop(), s.meterStartWh(),
                        s.meterStopWh(), running != null && running.transactionId() == s.transactionId()
                        ? Math.max(live, s.chargedWh()) : s.chargedWh(), s.stopReason()))
                .toList();
        return new SessionPage(page, size, repository.countSessions(r.chargePointId()), sessions);
    }

    /** The energy charged per {@code size} (day, week, month or year, Brussels time) in [from, to). */
    @GetMapping("/api/locations/{id}/chargers/{device}/energy")
    List<ChargedBucket> energy(@PathVariable("id") long id, @PathVariable("device") String device,
                               @RequestParam(name = "size", defaultValue = "week") String size,
                               @RequestParam(name = "from", required = false) String from,
                               @RequestParam(name = "to", required = false) String to) {
        Registration r = charger(id, device);
        BucketSize bucket = switch (size.toLowerCase(Locale.ROOT)) {
            case "day" -> BucketSize.DAY;
            case "week" -> BucketSize.WEEK;
            case "month" -> BucketSize.MONTH;
            case "year" -> BucketSize.YEAR;
            default -> throw new BadParameterException("size", "error.parameter.not-one-of", "size", size,
                    "day, week, month, year");
        };
        Parameters.Period period = Parameters.period(from, to, Parameters.LONGEST_RANGE);
        return buckets(repository.chargedQuarters(r.chargePointId(), bucket.start(period.from(), Parameters.BRUSSELS),
                period.to()), period.from(), period.to(), bucket);
    }

    /** Sums quarters (sorted) into every bucket that starts in [from, to), empty ones with 0 Wh. */
    static List<ChargedBucket> buckets(List<Charged> quarters, Instant from, Instant to, BucketSize size) {
        List<ChargedBucket> buckets = new ArrayList<>();
        int i = 0;
        for (Instant start = size.start(from, Parameters.BRUSSELS); start.isBefore(to);
             start = size.next(start, Parameters.BRUSSELS)) {
            Instant end = size.next(start, Parameters.BRUSSELS);
            long wh = 0;
            while (i < quarters.size() && quarters.get(i).start().isBefore(end)) {
                if (!quarters.get(i).start().isBefore(start)) {
                    wh += quarters.get(i).wh();
                }
                i++;
            }
            buckets.add(new ChargedBucket(start, end, wh));
        }
        return buckets;
    }

    /** This server's OCPP counts: refused connections and the time a charger's message takes. Administrators. */
    @GetMapping("/api/ocpp/counts")
    CentralSystem.Counts counts() {
        if (!administrators.isCurrentAdministrator()) {
            throw new ApiException(HttpStatus.FORBIDDEN, null, "account.forbidden");
        }
        return central.counts();
    }

    /** Starts the timing of charger messages afresh (a load test's steady state). Administrators. */
    @PostMapping("/api/ocpp/counts/reset")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void resetCounts() {
        if (!administrators.isCurrentAdministrator()) {
            throw new ApiException(HttpStatus.FORBIDDEN, null, "account.forbidden");
        }
        central.resetTimer();
    }

    private Registration charger(long locationId, String device) {
        locations.require(account(), locationId);
        return repository.ofDevice(locationId, device)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "device", "charger.unknown", device));
    }

    private static long account() {
        return SignedIn.require().accountId();
    }
}
