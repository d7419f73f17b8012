package io.streamguard.api.security;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The proxies whose forwarding headers are believed, as CIDR blocks. A request's client is its
 * socket address, unless that address is a trusted proxy: then it is the right-most entry of
 * {@code X-Forwarded-For} that is not itself a trusted proxy. Entries further left were written by
 * whoever sent the request and prove nothing.
 */
public final class TrustedProxies {

    private record Block(byte[] network, int prefix) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int bits = address.length * 8;
            BigInteger mask = BigInteger.ONE
                    .shiftLeft(bits)
                    .subtract(BigInteger.ONE)
                    .shiftRight(prefix)
                    .not();
            return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** @throws IllegalArgumentException naming the entry that is not an address or a CIDR block */
    public static TrustedProxies of(List<String> cidrs) {
        return new TrustedProxies(cidrs.stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(TrustedProxies::block)
                .toList());
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    public boolean isTrusted(@Nullable String address) {
        byte[] bytes = literal(address);
        return bytes != null && blocks.stream().anyMatch(block -> block.contains(bytes));
    }

    /** The client behind {@code socketAddress}, given the request's {@code X-Forwarded-For} values. */
    public String clientOf(String socketAddress, @Nullable String forwardedFor) {
        if (!isTrusted(socketAddress) || forwardedFor == null || forwardedFor.isBlank()) {
            return socketAddress;
        }
        String[] hops = forwardedFor.split(",");
        String client = socketAddress;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (literal(hop) == null) {
                return client;
            }
            client = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    private static Block block(String cidr) {
        int slash = cidr.indexOf('/');
        byte[] network = literal(slash < 0 ? cidr : cidr.substring(0, slash));
        if (network == null) {
            throw new IllegalArgumentException("streamguard.security.trusted-proxies: '" + cidr
                    + "' is not an IP address or a CIDR block such as 10.0.0.0/8");
        }
        int prefix = network.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException(
                        "streamguard.security.trusted-proxies: '" + cidr + "' has an invalid prefix length");
            }
        }
        return new Block(network, prefix);
    }

    /** The address's bytes, only for IP literals: never a name lookup. */
    private static byte @Nullable [] literal(@Nullable String address) {
        if (address == null
                || address.isEmpty()
                || address.length() > 45
                || !address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return null;
        }
        if (address.indexOf(':') < 0 && address.chars().filter(c -> c == '.').count() != 3) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
