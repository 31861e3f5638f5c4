package org.meterkast.server.store;

import java.util.Objects;

/** A meter as stored: its row id, the name the API calls it by, and where its telegrams come from. */
public record Meter(int id, String name, String source) {
    public Meter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }
}
