package org.meterkast.server.device;

import java.util.Objects;

/**
 * One setting an adapter type reads, as its factory declares it: the API describes it and the settings page renders
 * a field for it, and every value written from the app is checked against it before the factory sees it.
 *
 * @param name         the setting's name, kebab-case as in the properties: {@code address}, {@code unit-id}
 * @param kind         what kind of value it takes
 * @param required     whether the device cannot be made without it
 * @param secret       a password, never returned by the API: one the device presents to the server (OCPP basic
 *                     auth) is kept only as the PasswordEncoder's hash, which is what the factory receives; one the
 *                     server presents to a device or its broker ({@link Kind#PASSWORD}) is kept as written, since
 *                     the server must send it
 * @param defaultValue what the adapter takes when it is not set, to show beside the field; null when none
 * @param min          for {@link Kind#INTEGER} and {@link Kind#DECIMAL}: the least value allowed, or null
 * @param max          for {@link Kind#INTEGER} and {@link Kind#DECIMAL}: the most value allowed, or null
 */
public record DeviceSetting(String name, Kind kind, boolean required, boolean secret, String defaultValue, Long min,
                            Long max) {
    /** The kinds of value a setting takes. */
    public enum Kind {
        /** free text, at most 200 characters */
        TEXT,
        /** a whole number, between min and max when given */
        INTEGER,
        /** a decimal number such as 60.5, between min and max when given */
        DECIMAL,
        /** true or false */
        BOOLEAN,
        /** a duration as the properties write it: {@code 2s}, {@code 500ms} */
        DURATION,
        /** a network address {@code HOST} or {@code HOST:PORT}; from the app, a host the server may reach */
        ADDRESS,
        /** a password the server presents to a device or its broker, at most 200 characters: a secret kept as written */
        PASSWORD
    }

    public DeviceSetting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (!name.matches("[a-z][a-z0-9-]{0,39}")) {
            throw new IllegalArgumentException("a setting's name is kebab-case, not '" + name + "'");
        }
    }

    /** A setting that must be given. */
    public static DeviceSetting required(String name, Kind kind) {
        return new DeviceSetting(name, kind, true, false, null, null, null);
    }

    /** A setting that may be left out, with what the adapter takes then. */
    public static DeviceSetting optional(String name, Kind kind, String defaultValue) {
        return new DeviceSetting(name, kind, false, false, defaultValue, null, null);
    }

    /** A password the device presents, kept as a hash. */
    public static DeviceSetting secret(String name) {
        return new DeviceSetting(name, Kind.TEXT, true, true, null, null, null);
    }

    /** A password the server presents (an MQTT broker's), which may be left out: kept as written, never shown. */
    public static DeviceSetting password(String name) {
        return new DeviceSetting(name, Kind.PASSWORD, false, true, null, null, null);
    }

    /** Whether the value is kept only as its hash: a secret the device presents, not one the server sends. */
    public boolean keptAsHash() {
        return secret && kind != Kind.PASSWORD;
    }

    /** This setting with its values bounded to {@code min}…{@code max}. */
    public DeviceSetting between(long min, long max) {
        return new DeviceSetting(name, kind, required, secret, defaultValue, min, max);
    }
}
