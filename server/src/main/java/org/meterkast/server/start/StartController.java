package org.meterkast.server.start;

import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import org.meterkast.server.account.AccountController;
import org.meterkast.server.account.SignedIn;
import org.meterkast.server.billing.BillController;
import org.meterkast.server.meter.MeterController;
import org.meterkast.server.meter.MeterController.MeterView;
import org.meterkast.server.tariff.TariffController;
import org.meterkast.server.tariff.TariffController.TariffsView;
import org.meterkast.server.web.BadParameterException;
import org.meterkast.server.web.Parameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the web app asks first, in one answer instead of a chain of four: who is signed in ({@code /api/session}),
 * the account's addresses ({@code /api/meters}) and, for the dashboard, the live value, the tariff and the months'
 * costs of the address it will show. Each part is the very answer of its own endpoint (the same controllers make
 * them), so the app takes each in place of asking; a part left out (nobody signed in, no address, no tariff, a bill
 * that could not be made) is asked by the app itself, which then shows that endpoint's own error. A household's
 * figures are only ever those of its own addresses: the address is chosen among the signed-in account's.
 */
@RestController
class StartController {
    private static final Logger log = LoggerFactory.getLogger(StartController.class);

    /**
     * The answer: {@code meters} is null when nobody is signed in, {@code dashboard} when the dashboard's figures
     * were not asked (or the account has no address).
     */
    record Start(AccountController.Session session, List<MeterView> meters, Dashboard dashboard) {
    }

    /**
     * The dashboard's first figures for one address.
     *
     * @param meter   the address's meter: the one asked for when it is the account's, else the account's first
     * @param latest  {@code /latest}'s answer, null while the meter has sent nothing (that endpoint's 204)
     * @param tariffs {@code /tariffs}' answer
     * @param from    the first month of {@code months} ({@code YYYY-MM}), as asked or as counted here
     * @param to      its last month
     * @param months  {@code /costs/months?from=…&to=…}'s answer; null without a tariff version or when no bill could
     *                be made
     */
    record Dashboard(String meter, Object latest, TariffsView tariffs, String from, String to, Object months) {
    }

    /** The most months one may ask for by number (the dashboard lists twelve); more is refused as a wrong value. */
    private static final int MOST_MONTHS = 24;

    private final AccountController account;
    private final MeterController meters;
    private final TariffController tariffs;
    private final BillController bills;
    private final Clock clock;

    StartController(AccountController account, MeterController meters, TariffController tariffs,
                    BillController bills, Clock clock) {
        this.clock = clock;
        this.account = account;
        this.meters = meters;
        this.tariffs = tariffs;
        this.bills = bills;
    }

    /**
     * {@code meter}: the address the app would show (the one this device showed last). The dashboard's figures are
     * answered when its months are asked: {@code from} and {@code to} ({@code YYYY-MM}), or {@code months}, the
     * last so many months in Brussels, this one included, counted here so that the page need not load the time
     * zone's rules before asking (its first use costs tens of milliseconds).
     */
    @GetMapping("/api/start")
    Start start(@RequestParam(name = "meter", required = false) String wanted,
                @RequestParam(name = "from", required = false) String from,
                @RequestParam(name = "to", required = false) String to,
                @RequestParam(name = "months", required = false) Integer count) {
        if (count != null && from == null && to == null) {
            if (count < 1 || count > MOST_MONTHS) {
                throw new BadParameterException("months", "error.parameter.wrong-type", "months",
                        Integer.toString(count));
            }
            YearMonth now = YearMonth.now(clock.withZone(Parameters.BRUSSELS));
            from = now.minusMonths(count - 1L).toString();
            to = now.toString();
        }
        AccountController.Session session = account.session();
        if (SignedIn.current().isEmpty()) {
            return new Start(session, null, null);
        }
        List<MeterView> list = meters.meters();
        if (from == null || to == null || list.isEmpty()) {
            return new Start(session, list, null);
        }
        String meter = list.stream().map(MeterView::id).filter(id -> id.equals(wanted)).findFirst()
                .orElse(list.get(0).id());
        TariffsView tariffsView = tariffs.tariffs(meter);
        Object months = null;
        if (!tariffsView.versions().isEmpty()) {
            try {
                months = bills.months(meter, from, to);
            } catch (BadParameterException e) {
                throw e; // a malformed month is the caller's mistake: 400, as /costs/months answers
            } catch (RuntimeException e) {
                // left out: the app asks /costs/months itself and shows that endpoint's own error
                log.warn("The months' costs of meter {} were left out of the first answer: {}", meter, e.toString());
            }
        }
        return new Start(session, list, new Dashboard(meter, meters.latest(meter).getBody(), tariffsView, from, to,
                months));
    }
}
