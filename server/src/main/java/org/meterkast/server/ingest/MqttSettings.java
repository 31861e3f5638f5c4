package org.meterkast.server.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The MQTT broker this server reads its {@code type=mqtt} meters from, configured once as
 * {@code meterkast.mqtt.*}; every such meter is one subscription on the same connection. Checked when bound, so a
 * wrong value stops the start with the property's name. Without {@code url} no connection is made, and a meter of
 * type mqtt stops the start (see {@link #requireUrl(String)}).
 *
 * @param url            {@code tcp://HOST:PORT} (or {@code mqtt://}), or {@code ssl://HOST:PORT} (or
 *                       {@code mqtts://}) for TLS, checked against the JVM's trusted certificates; the port defaults
 *                       to 1883 and 8883
 * @param username       optional; sent with the password, if any
 * @param password       optional; needs a username (MQTT 3.1.1 has no password alone)
 * @param clientId       the client identifier; empty for {@code meterkast-} and a random suffix. Two clients with the
 *                       same identifier push each other off the broker, so several servers need different ones
 * @param keepAlive      how long the connection may be silent before the broker and the client give it up
 * @param initialBackoff the first pause before connecting again after a failure; it doubles up to
 *                       {@code maxBackoff}
 * @param maxBackoff     the longest pause between attempts
 */
@ConfigurationProperties("meterkast.mqtt")
public record MqttSettings(String url, String username, String password, String clientId,
                    @DefaultValue("30s") Duration keepAlive, @DefaultValue("1s") Duration initialBackoff,
                    @DefaultValue("60s") Duration maxBackoff) {
    static final String PREFIX = "meterkast.mqtt.";
    private static final String EXAMPLE = "tcp://192.168.1.10:1883 or ssl://broker.example.org:8883";

    /** Where the broker is, parsed from {@code url}. */
    public record Broker(String host, int port, boolean tls) {
        @Override
        public String toString() {
            return (tls ? "ssl://" : "tcp://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    public MqttSettings {
        if (url != null && url.isBlank()) {
            url = null;
        }
        if (url != null) {
            parse(url);
        }
        if (password != null && !password.isEmpty() && (username == null || username.isEmpty())) {
            throw new IllegalArgumentException(PREFIX + "password is set without " + PREFIX
                    + "username; MQTT 3.1.1 sends a password only with a user name");
        }
        if (keepAlive.isNegative() || keepAlive.toSeconds() > 65_535) {
            throw new IllegalArgumentException(PREFIX + "keep-alive must be 0 (none) to 65535 s, not " + keepAlive);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException(PREFIX + "initial-backoff must be longer than zero");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(PREFIX + "max-backoff " + maxBackoff + " is shorter than "
                    + PREFIX + "initial-backoff " + initialBackoff);
        }
    }

    /**
     * The broker, for a meter that reads from it.
     *
     * @param meter the meter's name, to say in the message who needs the broker
     * @throws IllegalArgumentException naming {@code meterkast.mqtt.url} when it is not set
     */
    Broker requireUrl(String meter) {
        if (url == null) {
            throw new IllegalArgumentException(PREFIX + "url is required when a meter's type is mqtt (meterkast.meters."
                    + meter + ".type=mqtt), e.g. " + EXAMPLE);
        }
        return parse(url);
    }

    /**
     * The broker, for a part of the server that cannot work without it.
     *
     * @param who the setting that needs the broker, e.g. {@code meterkast.fleet.enabled=true}
     * @throws IllegalArgumentException naming {@code meterkast.mqtt.url} when it is not set
     */
    public Broker requireUrlFor(String who) {
        if (url == null) {
            throw new IllegalArgumentException(PREFIX + "url is required when " + who + ", e.g. " + EXAMPLE);
        }
        return parse(url);
    }

    private static Broker parse(String url) {
        if (!url.contains("://")) {
            throw bad(url, "the scheme is missing");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw bad(url, "it is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = switch (scheme) {
            case "tcp", "mqtt" -> false;
            case "ssl", "mqtts" -> true;
            default -> throw bad(url, "the scheme must be tcp, mqtt, ssl or mqtts");
        };
        if (uri.getHost() == null) {
            throw bad(url, "it names no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw bad(url, "put the user name and password in " + PREFIX + "username and " + PREFIX + "password");
        }
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw bad(url, "a broker address has no path or query; the topic goes in meterkast.meters.<name>.topic");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Broker(host, uri.getPort() < 0 ? (tls ? 8883 : 1883) : uri.getPort(), tls);
    }

    private static IllegalArgumentException bad(String url, String problem) {
        return new IllegalArgumentException(PREFIX + "url '" + url + "': " + problem + "; expected e.g. " + EXAMPLE);
    }

    @Override
    public String toString() {
        // never the password: settings end up in logs and failure messages
        return "MqttSettings[url=" + url + ", username=" + username + ", clientId=" + clientId + "]";
    }
}
