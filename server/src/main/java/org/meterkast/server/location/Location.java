package org.meterkast.server.location;

/**
 * An address of an account: its name as the household calls it, the postal address, the meter whose data it shows
 * (the id the API's {@code /api/meters/{id}} paths use) and the EANs of its electricity and gas connections.
 */
public record Location(long id, String name, String street, String postalCode, String city, String meter,
                       String eanElectricity, String eanGas) {
}
