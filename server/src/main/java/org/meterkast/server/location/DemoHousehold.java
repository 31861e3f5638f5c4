package org.meterkast.server.location;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.meterkast.server.account.Account;
import org.meterkast.server.account.AccountRepository;
import org.meterkast.server.account.AccountService;
import org.meterkast.server.account.SignedIn;
import org.meterkast.server.ingest.IngestService;
import org.meterkast.server.store.KeyedRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The demo account: while a simulated household runs, its address belongs to an account whose login is printed at
 * start and shown on the login page, so a newcomer sees data at once. Only simulated meters go to it, never a real
 * one; {@code meterkast.demo.enabled=false} turns it off. The account exists only while a simulated household does:
 * at a start without one (the meter now read from a real source, or the demo off), it is deleted with its sessions,
 * API tokens and addresses, as an address of the demo is whenever its meter is no longer simulated.
 */
@Component
public class DemoHousehold {
    private static final Logger log = LoggerFactory.getLogger(DemoHousehold.class);

    /** The demo login as the login page shows it. */
    public record Credentials(String email, String password) {
    }

    private final boolean enabled;
    private final Credentials credentials;
    private final AccountService accounts;
    private final AccountRepository accountRows;
    private final LocationService locations;
    private final IngestService ingest;
    private final LocationRepository locationRows;
    private final MessageSource messages;
    private final KeyedRows keyedRows;
    private final JdbcClient jdbc;
    private final TransactionOperations transactions;
    private final ApplicationEventPublisher events;
    private volatile boolean active;

    DemoHousehold(@Value("${meterkast.demo.enabled:true}") boolean enabled,
                  @Value("${meterkast.demo.email:demo@meterkast.local}") String email,
                  @Value("${meterkast.demo.password:meterkast-demo}") String password,
                  AccountService accounts, AccountRepository accountRows, LocationService locations,
                  IngestService ingest, LocationRepository locationRows, MessageSource messages, KeyedRows keyedRows,
                  JdbcClient jdbc, TransactionOperations transactions, ApplicationEventPublisher events) {
        this.events = events;
        this.keyedRows = keyedRows;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.enabled = enabled;
        this.credentials = new Credentials(email, password);
        this.accounts = accounts;
        this.accountRows = accountRows;
        this.locations = locations;
        this.ingest = ingest;
        this.locationRows = locationRows;
        this.messages = messages;
    }

    /** The demo login, while the demo account shows a simulated household. */
    public Optional<Credentials> credentials() {
        return active ? Optional.of(credentials) : Optional.empty();
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(0)
    public void start() {
        if (!ingest.isAutoStartup()) {
            return;     // a one-shot command (the Fluvius import) reads no meter: it leaves the demo as it is
        }
        Optional<Account> existing = accountRows.findByEmail(credentials.email());
        boolean simulating = ingest.configuredMeters().stream().anyMatch(ingest::isSimulated);
        if (!enabled || !simulating) {
            existing.ifPresent(account -> remove(account, enabled ? "no simulated household runs"
                    : "meterkast.demo.enabled is false"));
            return;
        }
        Account account = existing.orElseGet(() -> accounts.register(credentials.email(), credentials.password(),
                "Demo", "nl"));
        for (Location location : locationRows.ofAccount(account.id())) {
            if (!ingest.isSimulated(location.meter())) {
                transactions.executeWithoutResult(t -> removeLocation(location.id()));
                events.publishEvent(new AddressRemoved(location.id(), location.meter()));
                log.warn("the demo account's address '{}' was removed: its meter '{}' is no longer simulated",
                        location.name(), location.meter());
            }
        }
        var simulated = locations.freeMeters().stream().filter(ingest::isSimulated).toList();
        for (String meter : simulated) {
            locations.add(account.id(), new LocationForm("Demo " + meter, "", "", "", null, null, "configured", meter, null));
            log.info("the simulated meter '{}' is shown to the demo account {}", meter, credentials.email());
        }
        active = locationRows.ofAccount(account.id()).stream().anyMatch(l -> ingest.isSimulated(l.meter()));
        if (active) {
            System.out.println("  " + messages.getMessage("banner.demo",
                    new Object[] {credentials.email(), credentials.password()}, Locale.getDefault()));
        }
    }

    /** Deletes the demo account and all it holds, so that its public login opens nothing. */
    private void remove(Account account, String why) {
        Map<String, Integer> removed = transactions.execute(t -> {
            for (Location location : locationRows.ofAccount(account.id())) {
                removeLocation(location.id());
                events.publishEvent(new AddressRemoved(location.id(), location.meter()));
            }
            // a session keeps the account's id, which a later account could be given again
            List<String> names = new SignedIn(account.id(), account.email()).sessionIndexNames();
            int sessions = jdbc.sql("DELETE FROM SPRING_SESSION WHERE PRINCIPAL_NAME IN (:names)")
                    .param("names", names).update();
            Map<String, Integer> rows = new TreeMap<>(keyedRows.delete("account_id", account.id(), Set.of()));
            rows.put("session", sessions);
            jdbc.sql("DELETE FROM account WHERE id = ?").param(account.id()).update();
            return rows;
        });
        log.warn("the demo account {} was deleted ({}), with its addresses, sessions and tokens: {}",
                account.email(), why, removed);
    }

    private void removeLocation(long locationId) {
        locationRows.deleteRowsOf(locationId);
        jdbc.sql("DELETE FROM location WHERE id = ?").param(locationId).update();
    }
}
