package org.meterkast.p1;

import java.util.List;
import java.util.Objects;

/** A telegram object this library does not interpret, kept as sent: its code and the text of each value group. */
public record RawObject(String code, List<String> values) {
    public RawObject {
        Objects.requireNonNull(code, "code");
        values = List.copyOf(values);
    }
}
