package org.meterkast.server.fleet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The provider's mode ({@code meterkast.fleet.*}): every meter's dongle publishes its raw telegrams on the broker of
 * {@code meterkast.mqtt.*}, and any number of identical nodes take them through one shared subscription and write to
 * one PostgreSQL (docs/CLUSTER.md). Off unless {@code enabled}.
 *
 * @param enabled       whether this node takes fleet telegrams
 * @param topic         the dongles' topic, with {@code +} at the level that holds the meter id (the meter's name in
 *                      Meterkast), e.g. {@code meterkast/+/p1}
 * @param group         the shared subscription's group: nodes of one group share the telegrams
 * @param node          this node's name in the meter status (default: host name and process id)
 * @param window        readings this close to a quarter boundary are stored before they are acknowledged: the
 *                      boundary's registers come from the nearest ones on either side
 * @param flushInterval how long readings wait to be written together
 * @param statusInterval how often this node writes what it heard of each meter (fleet_meter_status)
 * @param silentAfter   a meter without a telegram for this long is listed as silent
 */
@ConfigurationProperties("meterkast.fleet")
public record FleetSettings(@DefaultValue("false") boolean enabled, @DefaultValue("meterkast/+/p1") String topic,
                            @DefaultValue("meterkast") String group, String node,
                            @DefaultValue("2m") Duration window, @DefaultValue("100ms") Duration flushInterval,
                            @DefaultValue("10s") Duration statusInterval, @DefaultValue("10m") Duration silentAfter) {
    static final String PREFIX = "meterkast.fleet.";

    public FleetSettings {
        if (topic == null || topic.chars().filter(c -> c == '+').count() != 1 || topic.contains("#")
                || topic.startsWith("$share/")) {
            throw new IllegalArgumentException(PREFIX + "topic '" + topic + "' must hold exactly one '+', at the level "
                    + "of the meter id (e.g. meterkast/+/p1), no '#' and no $share/ (the group is " + PREFIX + "group)");
        }
        if (group == null || group.isBlank() || group.contains("/") || group.contains("+") || group.contains("#")) {
            throw new IllegalArgumentException(PREFIX + "group '" + group + "' must be a name without '/', '+' or '#'");
        }
        if (node == null || node.isBlank()) {
            node = defaultNode();
        }
        positive("window", window);
        positive("flush-interval", flushInterval);
        positive("status-interval", statusInterval);
        positive("silent-after", silentAfter);
    }

    /** The level of the topic that holds the meter id, counted from 0. */
    public int meterLevel() {
        return List.of(topic.split("/", -1)).indexOf("+");
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(PREFIX + name + " must be longer than zero, not " + value);
        }
    }

    private static String defaultNode() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
