package org.meterkast.server.ingest;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which hosts a source added in the app may connect to, so that an account cannot make the server probe its own
 * machine or network: {@code meterkast.added-sources.allowed-networks}, a list of CIDR blocks (by default the
 * private ranges, where a household's dongle is; empty: none). The host is resolved and every address it resolves
 * to must be allowed; the source then connects to the address checked, never to the name again. Loopback and
 * link-local addresses (the cloud's metadata service among them) are refused unless a block inside them is named
 * explicitly (a test, a dongle relayed by a local ser2net); the unspecified, multicast and broadcast addresses
 * always are.
 */
@Component
public class AddedSourceNetworks {
    private final List<Block> allowed;

    public AddedSourceNetworks(@Value("${meterkast.added-sources.allowed-networks:10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7}")
                        String allowedNetworks) {
        List<Block> blocks = new ArrayList<>();
        for (String cidr : allowedNetworks.split(",")) {
            if (!cidr.isBlank()) {
                blocks.add(Block.parse(cidr.strip()));
            }
        }
        this.allowed = List.copyOf(blocks);
    }

    /** Refused: the host is not one an added source may connect to; {@link #category()} says why, without details. */
    public static final class RefusedException extends java.io.IOException {
        private final String category;

        RefusedException(String category, String message) {
            super(message);
            this.category = category;
        }

        /** {@code not-allowed} or {@code unknown-host}: the key of a message a user may see. */
        public String category() {
            return category;
        }
    }

    /**
     * The address to connect to for this host name or literal: its first address, when every address it resolves
     * to is allowed.
     *
     * @throws RefusedException when the host is unknown or one of its addresses is not allowed
     */
    public InetAddress check(String host) throws RefusedException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            throw new RefusedException("unknown-host", "unknown host '" + host + "'");
        }
        for (InetAddress address : addresses) {
            if (!allows(address)) {
                throw new RefusedException("not-allowed", "'" + host + "' is " + address.getHostAddress()
                        + ", outside meterkast.added-sources.allowed-networks " + allowed);
            }
        }
        return addresses[0];
    }

    /** The same URI with its host replaced by the checked address, so that no second lookup can differ. */
    URI checked(URI uri) throws RefusedException {
        InetAddress address = check(uri.getHost());
        String literal = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return URI.create(uri.getScheme() + "://" + literal + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + uri.getRawPath());
    }

    boolean allows(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isMulticastAddress() || isBroadcast(address)
                || isThisNetwork(address)) {
            return false;
        }
        boolean special = address.isLoopbackAddress() || address.isLinkLocalAddress();
        for (Block block : allowed) {
            if (block.contains(address) && (!special || block.special())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBroadcast(InetAddress address) {
        return address instanceof Inet4Address && Arrays.equals(address.getAddress(),
                new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255});
    }

    /** 0.0.0.0/8: "this network", which some systems route to the machine itself. */
    private static boolean isThisNetwork(InetAddress address) {
        return address instanceof Inet4Address && address.getAddress()[0] == 0;
    }

    /** A CIDR block; {@code special} when it lies inside the loopback or link-local range, so it may open them. */
    record Block(byte[] network, int prefix, boolean special, String text) {
        static Block parse(String cidr) {
            int slash = cidr.indexOf('/');
            String base = slash < 0 ? cidr : cidr.substring(0, slash);
            if (!base.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                throw new IllegalArgumentException("meterkast.added-sources.allowed-networks: '" + cidr
                        + "' is not a CIDR block such as 192.168.0.0/16 or fc00::/7");
            }
            InetAddress address;
            try {
                address = InetAddress.getByName(base);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("meterkast.added-sources.allowed-networks: '" + cidr
                        + "' is not a CIDR block such as 192.168.0.0/16 or fc00::/7", e);
            }
            int bits = address.getAddress().length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("meterkast.added-sources.allowed-networks: '" + cidr
                        + "' has a prefix length outside 0 to " + bits);
            }
            boolean special = (address.isLoopbackAddress() || address.isLinkLocalAddress())
                    && prefix >= (address instanceof Inet4Address ? 8 : 10);
            return new Block(address.getAddress(), prefix, special, cidr.toLowerCase(Locale.ROOT));
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
