package org.meterkast.server.operator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meterkast.server.account.Account;
import org.meterkast.server.account.AccountRepository;
import org.meterkast.server.location.LocationService;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Assigns fleet meters to accounts from an {@link AssignmentFile}: each line gives the account of that e-mail an
 * address holding the meter, with the EAN. A file is stored whole or not at all: every line is checked against the
 * accounts and addresses first, and any line wrong stores nothing. A line whose address is there already (same meter,
 * account and EAN) changes nothing, so the same file sent twice is harmless.
 */
@Service
class FleetAssignments {
    /** What became of a line: a new address, or the one that was there. */
    enum Result {
        CREATED, ALREADY_THERE
    }

    /** A line of the file and what became of it. */
    record Done(int line, String meterId, String ean, String email, Result result) {
    }

    /** The answer to a file: every line stored, or every problem found (and nothing stored). */
    record Outcome(List<Done> lines, List<AssignmentFile.Problem> problems) {
    }

    /** Who holds a meter now: the address's account and EAN. */
    private record Holder(long accountId, String ean) {
    }

    private final AccountRepository accounts;
    private final LocationService locations;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final MessageSource messages;

    FleetAssignments(AccountRepository accounts, LocationService locations, JdbcClient jdbc,
                     TransactionTemplate transaction, MessageSource messages) {
        this.accounts = accounts;
        this.locations = locations;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.messages = messages;
    }

    Outcome assign(byte[] file) {
        AssignmentFile.Read read = AssignmentFile.read(file);
        List<AssignmentFile.Problem> problems = new ArrayList<>(read.problems());
        return transaction.execute(status -> {
            List<Planned> plan = plan(read.lines(), problems);
            if (!problems.isEmpty()) {
                problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
                return new Outcome(List.of(), problems);
            }
            List<Done> done = new ArrayList<>();
            for (Planned p : plan) {
                if (p.result() == Result.CREATED) {
                    locations.addFleetAddress(p.account().id(), p.line().meterId(), p.line().ean(),
                            messages.getMessage("fleet.address.name", null, p.account().locale()));
                }
                done.add(new Done(p.line().number(), p.line().meterId(), p.line().ean(), p.line().email(),
                        p.result()));
            }
            return new Outcome(done, List.of());
        });
    }

    private record Planned(AssignmentFile.Line line, Account account, Result result) {
    }

    /** What each line will do, checked against the store and the file's other lines; problems go to the list. */
    private List<Planned> plan(List<AssignmentFile.Line> lines, List<AssignmentFile.Problem> problems) {
        Map<String, Integer> meterLines = new HashMap<>();
        Map<String, Integer> eanLines = new HashMap<>();
        Map<String, Optional<Account>> byEmail = new HashMap<>();
        Map<Long, Integer> addresses = new HashMap<>();
        List<Planned> plan = new ArrayList<>();
        for (AssignmentFile.Line line : lines) {
            int before = problems.size();
            Integer sameMeter = meterLines.putIfAbsent(line.meterId(), line.number());
            if (sameMeter != null) {
                problems.add(new AssignmentFile.Problem(line.number(), "meter_id", "fleet.meter.duplicate",
                        line.meterId(), Integer.toString(sameMeter)));
            }
            Integer sameEan = eanLines.putIfAbsent(line.ean(), line.number());
            if (sameEan != null) {
                problems.add(new AssignmentFile.Problem(line.number(), "ean", "fleet.ean.duplicate", line.ean(),
                        Integer.toString(sameEan)));
            }
            Optional<Account> account = byEmail.computeIfAbsent(line.email(), accounts::findByEmail);
            if (account.isEmpty()) {
                problems.add(new AssignmentFile.Problem(line.number(), "email", "fleet.email.unknown", line.email()));
            }
            if (problems.size() > before) {
                continue;
            }
            long accountId = account.get().id();
            Optional<Holder> holder = holder(line.meterId());
            if (holder.isPresent()) {
                if (holder.get().accountId() != accountId) {
                    problems.add(new AssignmentFile.Problem(line.number(), "meter_id", "fleet.meter.other-account",
                            line.meterId()));
                } else if (!line.ean().equals(holder.get().ean())) {
                    problems.add(new AssignmentFile.Problem(line.number(), "ean", "fleet.meter.other-ean",
                            line.meterId(), String.valueOf(holder.get().ean())));
                } else {
                    plan.add(new Planned(line, account.get(), Result.ALREADY_THERE));
                }
                continue;
            }
            Optional<String> eanMeter = meterOfEan(line.ean());
            if (eanMeter.isPresent()) {
                problems.add(new AssignmentFile.Problem(line.number(), "ean", "fleet.ean.other-meter", line.ean(),
                        eanMeter.get()));
                continue;
            }
            int count = addresses.computeIfAbsent(accountId, this::addressCount) + 1;
            addresses.put(accountId, count);
            if (count > locations.addressesPerAccount()) {
                problems.add(new AssignmentFile.Problem(line.number(), "email", "fleet.address.limit", line.email(),
                        Integer.toString(locations.addressesPerAccount())));
                continue;
            }
            plan.add(new Planned(line, account.get(), Result.CREATED));
        }
        return plan;
    }

    private Optional<Holder> holder(String meter) {
        return jdbc.sql("""
                        SELECT l.account_id, l.ean_electricity FROM location l JOIN meter m ON m.id = l.meter_id
                        WHERE m.name = ?""")
                .param(meter)
                .query((rs, n) -> new Holder(rs.getLong(1), rs.getString(2)))
                .optional();
    }

    private Optional<String> meterOfEan(String ean) {
        return jdbc.sql("""
                        SELECT m.name FROM location l JOIN meter m ON m.id = l.meter_id
                        WHERE l.ean_electricity = ? ORDER BY m.name LIMIT 1""")
                .param(ean).query(String.class).optional();
    }

    private int addressCount(long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM location WHERE account_id = ?").param(accountId)
                .query(Integer.class).single();
    }
}
