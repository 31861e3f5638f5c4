package org.meterkast.server.location;

import java.util.Locale;
import java.util.Optional;
import org.meterkast.server.account.Account;
import org.meterkast.server.account.AccountRepository;
import org.meterkast.server.account.AccountService;
import org.meterkast.server.ingest.IngestService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo account: while a simulated household runs, its address belongs to an account whose login is printed at
 * start and shown on the login page, so a newcomer sees data at once. Only simulated meters go to it, never a real
 * one; {@code meterkast.demo.enabled=false} turns it off.
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
    private volatile boolean active;

    DemoHousehold(@Value("${meterkast.demo.enabled:true}") boolean enabled,
                  @Value("${meterkast.demo.email:demo@meterkast.local}") String email,
                  @Value("${meterkast.demo.password:meterkast-demo}") String password,
                  AccountService accounts, AccountRepository accountRows, LocationService locations,
                  IngestService ingest, LocationRepository locationRows, MessageSource messages) {
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
        if (!enabled) {
            return;
        }
        var simulated = locations.freeMeters().stream().filter(ingest::isSimulated).toList();
        Optional<Account> existing = accountRows.findByEmail(credentials.email());
        if (simulated.isEmpty() && existing.isEmpty()) {
            return;
        }
        Account account = existing.orElseGet(() -> accounts.register(credentials.email(), credentials.password(),
                "Demo", "nl"));
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
}
