package org.meterkast.server.operator;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Test data of a fleet: EANs with their check digit, and fleet_meter_status rows as a node writes them. */
final class FleetRows {
    private FleetRows() {
    }

    /** A valid Belgian electricity EAN in Fluvius' range (54144882…), the n-th of its kind. */
    static String ean(int n) {
        String seventeen = "54144882" + String.format("%09d", n);
        int sum = 0;
        for (int i = seventeen.length() - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
            sum += (seventeen.charAt(i) - '0') * weight;
        }
        return seventeen + (10 - sum % 10) % 10;
    }

    /** One node's row of a meter, as that node's status writer leaves it; null times are written as NULL. */
    static void heard(JdbcClient jdbc, String meter, String node, long firstHeardMs, Long lastTelegramMs,
                      long telegrams, long rejected, String lastProblem, Long lastProblemMs) {
        jdbc.sql("""
                        INSERT INTO fleet_meter_status (meter_name, node, first_heard_ms, last_telegram_ms, telegrams,
                            rejected, last_problem, last_problem_ms, updated_ms)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(meter, node, firstHeardMs, lastTelegramMs, telegrams, rejected, lastProblem, lastProblemMs,
                        System.currentTimeMillis())
                .update();
    }

    /** A meter of that name at an address of the account, with the EAN, as adding an address leaves it. */
    static void assigned(JdbcClient jdbc, String email, String meter, String ean) {
        jdbc.sql("INSERT INTO meter (name, source) VALUES (?, 'fleet')").param(meter).update();
        jdbc.sql("""
                        INSERT INTO location (account_id, meter_id, name, ean_electricity, created_epoch)
                        SELECT a.id, m.id, 'Thuis', ?, 0 FROM account a, meter m WHERE a.email = ? AND m.name = ?""")
                .params(ean, email, meter).update();
    }
}
