package org.meterkast.server.location;

import java.time.LocalDate;

/** A device as the app sends it; {@code activeSince} defaults to today. */
public record DeviceForm(Device.Kind kind, String label, String serial, String ean, LocalDate activeSince) {
}
