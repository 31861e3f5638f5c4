package org.meterkast.server.billing;

/** A bill was asked for a location that has no tariff yet. */
class NoTariffException extends RuntimeException {
    private final String meter;

    NoTariffException(String meter) {
        super("meter '" + meter + "' has no tariff");
        this.meter = meter;
    }

    String meter() {
        return meter;
    }
}
