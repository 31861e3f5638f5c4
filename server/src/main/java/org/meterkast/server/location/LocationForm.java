package org.meterkast.server.location;

/**
 * An address as the app sends it. {@code source} says where its data comes from: {@code configured} (a meter this
 * server already reads, named by {@code meter}), {@code tcp} (a P1 dongle serving telegrams at {@code address},
 * host:port), {@code homewizard} (a HomeWizard P1 meter at {@code address}) or {@code import} (no live data yet:
 * Fluvius exports uploaded).
 */
public record LocationForm(String name, String street, String postalCode, String city, String eanElectricity,
                           String eanGas, String source, String meter, String address) {
    LocationForm cleaned() {
        return new LocationForm(strip(name), strip(street), strip(postalCode), strip(city), digits(eanElectricity),
                digits(eanGas), source, meter, address == null ? null : address.strip());
    }

    private static String strip(String text) {
        return text == null ? "" : text.strip();
    }

    /** An EAN as typed, with spaces or dots between the digit groups, as on a bill. */
    private static String digits(String ean) {
        if (ean == null) {
            return null;
        }
        String compact = ean.replaceAll("[\\s.]", "");
        return compact.isEmpty() ? null : compact;
    }
}
