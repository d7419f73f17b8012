package io.streamguard.api.security;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.streamguard.api.cluster.ClusterMaps;
import io.streamguard.api.cluster.ClusterSecret;
import io.streamguard.api.cluster.ForgedGridDataException;
import io.streamguard.api.cluster.GridSeal;
import io.streamguard.api.system.StreamGuardProperties;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing across the whole cluster. Failed sign-ins are counted per user and
 * address, per user alone and per address alone, each in a window that starts with its first
 * failure; once a count reaches its limit, sign-in is refused before any password is compared,
 * until that window ends. The per-user-and-address limit is the lowest, so a guesser locks out
 * only their own address; the per-user limit still slows a guess spread over many addresses; the
 * per-address limit stops one address trying many names (known or not), and then refuses every
 * name from it. Counted for every name presented, known or not, so a lockout says nothing about
 * who exists.
 * <p>
 * The counts live in a Hazelcast map: keys are HMACs of user and address (no names in the grid),
 * values are sealed with the cluster's key for that key, so nobody on the cluster network can
 * read them or write a count of their choosing.
 */
@Component
public class SignInThrottle {

    private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);

    private final IMap<String, byte[]> failures;
    private final GridSeal seal;
    private final byte[] keyMac;
    private final StreamGuardProperties.SignIn limits;
    private final Clock clock;

    SignInThrottle(HazelcastInstance hazelcast, GridSeal seal, ClusterSecret secret, StreamGuardProperties properties) {
        this.failures = hazelcast.getMap(ClusterMaps.SIGN_IN_FAILURES);
        this.seal = seal;
        this.keyMac = secret.deriveKey("sign-in-throttle/v1");
        this.limits = properties.security().signIn();
        this.clock = Clock.systemUTC();
    }

    private record Count(int failures, long windowEndsAt) {}

    /** Whether, and why, a sign-in as this user from this address is refused unheard. */
    public enum Lockout {
        NONE,
        USER,
        ADDRESS
    }

    public Lockout lockout(String username, String address) {
        String user = userKey(username);
        String pair = pairKey(username, address);
        String anyUser = addressKey(address);
        Map<String, byte[]> counts = failures.getAll(Set.of(user, pair, anyUser));
        if (current(anyUser, counts.get(anyUser)) >= limits.maxFailuresPerAddressAnyUser()) {
            return Lockout.ADDRESS;
        }
        return current(user, counts.get(user)) >= limits.maxFailuresPerUser()
                        || current(pair, counts.get(pair)) >= limits.maxFailuresPerAddress()
                ? Lockout.USER
                : Lockout.NONE;
    }

    public void failed(String username, String address) {
        increment(userKey(username));
        increment(pairKey(username, address));
        increment(addressKey(address));
    }

    /**
     * The right password from this address: its guesses for this user no longer count; the user's
     * total and the address's count over all names still do, or one known account would let an
     * address try any number of other names.
     */
    public void succeeded(String username, String address) {
        failures.delete(pairKey(username, address));
    }

    private void increment(String key) {
        failures.lock(key);
        try {
            long now = clock.millis();
            Count count = open(key, failures.get(key));
            if (count == null || count.windowEndsAt() <= now) {
                count = new Count(0, now + limits.window().toMillis());
            }
            count = new Count(count.failures() + 1, count.windowEndsAt());
            failures.put(key, sealed(key, count), Math.max(1, count.windowEndsAt() - now), TimeUnit.MILLISECONDS);
        } finally {
            failures.unlock(key);
        }
    }

    private int current(String key, byte @Nullable [] value) {
        Count count = open(key, value);
        return count == null || count.windowEndsAt() <= clock.millis() ? 0 : count.failures();
    }

    private byte[] sealed(String key, Count count) {
        byte[] plain = ByteBuffer.allocate(12)
                .putInt(count.failures())
                .putLong(count.windowEndsAt())
                .array();
        return seal.seal(plain, GridSeal.context(ClusterMaps.SIGN_IN_FAILURES, key));
    }

    /** A value nobody of this cluster sealed counts as nothing: such a writer could delete it anyway. */
    private @Nullable Count open(String key, byte @Nullable [] value) {
        if (value == null) {
            return null;
        }
        try {
            ByteBuffer plain = ByteBuffer.wrap(seal.open(value, GridSeal.context(ClusterMaps.SIGN_IN_FAILURES, key)));
            return new Count(plain.getInt(), plain.getLong());
        } catch (ForgedGridDataException | java.nio.BufferUnderflowException e) {
            log.warn("Ignoring a sign-in failure count not sealed by this cluster");
            return null;
        }
    }

    private String userKey(String username) {
        return mac("user", username);
    }

    private String pairKey(String username, String address) {
        return mac("pair", username, address);
    }

    private String addressKey(String address) {
        return mac("address", address);
    }

    private String mac(String... parts) {
        return HexFormat.of().formatHex(ClusterSecret.hmacSha256(keyMac, GridSeal.context(parts)));
    }
}
