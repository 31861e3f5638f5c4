package org.meterkast.p1;

import java.util.Locale;

/**
 * A telegram as one line of JSON, for logs and the command-line reader. Quantities keep their exact kept unit
 * in the name ({@code energyImportedDayWh}, {@code voltageL1mV}); times are ISO-8601 instants in UTC.
 */
public final class TelegramJson {
    private TelegramJson() {
    }

    public static String toJson(Telegram t) {
        Json j = new Json();
        j.open();
        j.field("header", t.header());
        j.field("dialect", t.dialect().name());
        t.version().ifPresent(v -> j.field("version", v));
        t.timestamp().ifPresent(v -> j.field("timestamp", v.toString()));
        t.equipmentId().ifPresent(v -> j.field("equipmentId", v));
        t.ean().ifPresent(v -> j.field("ean", v));
        t.tariff().ifPresent(v -> j.field("tariff", v.name()));
        for (Tariff tariff : Tariff.values()) {
            String period = tariff == Tariff.DAY ? "Day" : "Night";
            t.energyImported(tariff).ifPresent(v -> j.field("energyImported" + period + "Wh", v));
            t.energyExported(tariff).ifPresent(v -> j.field("energyExported" + period + "Wh", v));
        }
        for (Measurement m : Measurement.values()) {
            if (t.has(m) && !isEnergyOrTariff(m)) {
                j.field(name(m), t.get(m).getAsLong());
            }
        }
        t.breakerState().ifPresent(v -> j.field("breakerState", v.name()));
        t.monthPeak().ifPresent(p -> {
            j.key("monthPeak").open();
            p.occurredAt().ifPresent(v -> j.field("at", v.toString()));
            j.field("W", p.watts());
            j.close();
        });
        if (t.hasPeakHistory()) {
            j.key("peakHistory").openArray();
            for (MonthlyPeak p : t.peakHistory()) {
                j.open();
                j.field("month", p.month().toString());
                p.occurredAt().ifPresent(v -> j.field("at", v.toString()));
                j.field("W", p.watts());
                j.close();
            }
            j.closeArray();
        }
        t.textMessage().ifPresent(v -> j.field("textMessage", v));
        if (!t.mbusDevices().isEmpty()) {
            j.key("mbus").openArray();
            for (MbusDevice d : t.mbusDevices()) {
                j.open();
                j.field("channel", d.channel());
                j.field("medium", d.medium().name());
                d.deviceType().ifPresent(v -> j.field("deviceType", v));
                d.equipmentId().ifPresent(v -> j.field("equipmentId", v));
                d.ean().ifPresent(v -> j.field("ean", v));
                d.valveState().ifPresent(v -> j.field("valve", v));
                d.state().ifPresent(v -> j.field("state", v));
                d.reading().ifPresent(r -> {
                    j.key("reading").open();
                    j.field("at", r.capturedAt().toString());
                    j.number("value", r.value().toPlainString());
                    r.unit().ifPresent(u -> j.field("unit", u));
                    j.close();
                });
                j.close();
            }
            j.closeArray();
        }
        if (!t.unknownObjects().isEmpty()) {
            j.key("unknown").open();
            for (RawObject o : t.unknownObjects()) {
                j.key(o.code()).openArray();
                for (String v : o.values()) {
                    j.value(v);
                }
                j.closeArray();
            }
            j.close();
        }
        if (!t.warnings().isEmpty()) {
            j.key("warnings").openArray();
            t.warnings().forEach(j::value);
            j.closeArray();
        }
        j.close();
        return j.toString();
    }

    private static boolean isEnergyOrTariff(Measurement m) {
        return switch (m) {
            case ENERGY_IMPORTED_TARIFF_1, ENERGY_IMPORTED_TARIFF_2, ENERGY_EXPORTED_TARIFF_1,
                    ENERGY_EXPORTED_TARIFF_2, TARIFF_INDICATOR, BREAKER_STATE -> true;
            default -> false;
        };
    }

    /** {@code POWER_IMPORTED_L1} becomes {@code powerImportedL1W}. */
    static String name(Measurement m) {
        StringBuilder s = new StringBuilder();
        boolean upper = false;
        for (char c : m.name().toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                s.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        String unit = m.unit() == null ? "" : switch (m.unit()) {
            case "kWh" -> "Wh";
            case "kW" -> "W";
            case "V" -> "mV";
            case "A" -> "mA";
            default -> m.unit();
        };
        return s.append(unit).toString();
    }

    /** A minimal JSON writer: commas and escaping, nothing else. */
    private static final class Json {
        private final StringBuilder s = new StringBuilder(1024);
        private boolean first = true;

        void open() {
            comma();
            s.append('{');
            first = true;
        }

        void close() {
            s.append('}');
            first = false;
        }

        void openArray() {
            comma();
            s.append('[');
            first = true;
        }

        void closeArray() {
            s.append(']');
            first = false;
        }

        Json key(String key) {
            comma();
            string(key);
            s.append(':');
            first = true;
            return this;
        }

        void field(String key, String value) {
            key(key);
            first = false;
            string(value);
        }

        void field(String key, long value) {
            key(key);
            first = false;
            s.append(value);
        }

        void number(String key, String plain) {
            key(key);
            first = false;
            s.append(plain);
        }

        void value(String value) {
            comma();
            string(value);
        }

        private void comma() {
            if (!first) {
                s.append(',');
            }
            first = false;
        }

        private void string(String v) {
            s.append('"');
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                switch (c) {
                    case '"' -> s.append("\\\"");
                    case '\\' -> s.append("\\\\");
                    case '\n' -> s.append("\\n");
                    case '\r' -> s.append("\\r");
                    case '\t' -> s.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            s.append(String.format("\\u%04x", (int) c));
                        } else {
                            s.append(c);
                        }
                    }
                }
            }
            s.append('"');
        }

        @Override
        public String toString() {
            return s.toString();
        }
    }
}
