package org.meterkast.server;

import java.util.concurrent.atomic.AtomicInteger;
import org.meterkast.server.account.AccountService;
import org.meterkast.server.account.Administrators;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An account for a test: it holds the named meters as its addresses (each meter row is created if the test has not
 * stored anything for it yet) and signs in with an API token, as an integration would. A meter some address holds
 * already (the demo account's simulated household) stays there, and the token is that account's.
 */
public final class TestHousehold {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final String PASSWORD = "a test password";

    private TestHousehold() {
    }

    /** The e-mail and password of an account holding these meters (the demo's when it holds one of them). */
    public static Login login(ApplicationContext context, String... meters) {
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        token(context, meters);
        String email = jdbc.sql("""
                        SELECT a.email FROM account a JOIN location l ON l.account_id = a.id JOIN meter m ON m.id = l.meter_id
                        WHERE m.name = ?""").param(meters[0]).query(String.class).single();
        String demo = context.getEnvironment().getProperty("meterkast.demo.email", "demo@meterkast.local");
        return new Login(email, email.equals(demo)
                ? context.getEnvironment().getProperty("meterkast.demo.password", "meterkast-demo") : PASSWORD);
    }

    /** An account's login. */
    public record Login(String email, String password) {
    }

    /**
     * The API token of one of the server's administrators: the account registered first on a fresh install (made here
     * when there is none yet), or one named in {@code meterkast.accounts.administrators}.
     */
    public static String administratorToken(ApplicationContext context) {
        AccountService accounts = context.getBean(AccountService.class);
        Administrators administrators = context.getBean(Administrators.class);
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        for (Long id : jdbc.sql("SELECT id FROM account ORDER BY id").query(Long.class).list()) {
            if (administrators.isAdministrator(id)) {
                return accounts.issueToken(id, "test").token();
            }
        }
        long id = accounts.register("administrator-" + System.nanoTime() + "@test.meterkast", PASSWORD, "Test", "en")
                .id();
        if (!administrators.isAdministrator(id)) {
            throw new IllegalStateException("the account registered is no administrator: name one in "
                    + "meterkast.accounts.administrators");
        }
        return accounts.issueToken(id, "test").token();
    }

    /** The API token of an account holding these meters; send it as {@code Authorization: Bearer <token>}. */
    public static String token(ApplicationContext context, String... meters) {
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        AccountService accounts = context.getBean(AccountService.class);
        Long owner = null;
        for (String meter : meters) {
            owner = owner != null ? owner : jdbc.sql("""
                            SELECT l.account_id FROM location l JOIN meter m ON m.id = l.meter_id WHERE m.name = ?""")
                    .param(meter).query(Long.class).optional().orElse(null);
        }
        if (owner == null) {
            String email = "household" + NEXT.incrementAndGet() + "-" + System.nanoTime() + "@test.meterkast";
            owner = accounts.register(email, PASSWORD, "Test", "en").id();
        }
        for (String meter : meters) {
            jdbc.sql("INSERT INTO meter (name, source) SELECT ?, 'test' WHERE NOT EXISTS (SELECT 1 FROM meter WHERE name = ?)")
                    .params(meter, meter).update();
            jdbc.sql("""
                            INSERT INTO location (account_id, meter_id, name, created_epoch)
                            SELECT ?, id, ?, 0 FROM meter m WHERE name = ?
                              AND NOT EXISTS (SELECT 1 FROM location l WHERE l.meter_id = m.id)""")
                    .params(owner, "Test " + meter, meter).update();
        }
        return accounts.issueToken(owner, "test").token();
    }

    /** The {@code Authorization} header's value for {@link #token}. */
    public static String bearer(ApplicationContext context, String... meters) {
        return "Bearer " + token(context, meters);
    }
}
