package io.streamguard.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.streamguard.api.cluster.ClusterMaps;
import io.streamguard.api.cluster.ClusterSecret;
import io.streamguard.api.cluster.GridSeal;
import io.streamguard.api.system.StreamGuardProperties;
import io.streamguard.testing.LoneMember;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The sign-in throttle's three counts, on a real member's map. (Its window runs on the wall clock, which the
 * throttle does not take from outside, so the window's end is left to the integration tests.)
 */
class SignInThrottleTest {

    private static final int PER_PAIR = 3;
    private static final int PER_USER = 5;
    private static final int PER_ADDRESS = 4;
    private static final ClusterSecret SECRET = ClusterSecret.of("a-cluster-secret-of-enough-length-1234");

    private static HazelcastInstance member;
    private static SignInThrottle throttle;

    @BeforeAll
    static void start() {
        member = LoneMember.start(Map.of());
        throttle = throttle(SECRET);
    }

    private static SignInThrottle throttle(ClusterSecret secret) {
        var properties = new Binder(new MapConfigurationPropertySource(Map.of(
                        "streamguard.security.sign-in.max-failures-per-address", Integer.toString(PER_PAIR),
                        "streamguard.security.sign-in.max-failures-per-user", Integer.toString(PER_USER),
                        "streamguard.security.sign-in.max-failures-per-address-any-user",
                                Integer.toString(PER_ADDRESS))))
                .bindOrCreate("streamguard", StreamGuardProperties.class);
        return new SignInThrottle(member, new GridSeal(secret), secret, properties);
    }

    @AfterEach
    void forgetFailures() {
        failures().clear();
    }

    @AfterAll
    static void stop() {
        member.shutdown();
    }

    private static IMap<String, byte[]> failures() {
        return member.getMap(ClusterMaps.SIGN_IN_FAILURES);
    }

    private static void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(user, address);
        }
    }

    @Test
    void aGuesserLocksOutOnlyTheirOwnAddress() {
        fail("alice", "10.0.0.1", PER_PAIR - 1);
        assertThat(throttle.lockout("alice", "10.0.0.1")).isEqualTo(SignInThrottle.Lockout.NONE);
        fail("alice", "10.0.0.1", 1);
        assertThat(throttle.lockout("alice", "10.0.0.1")).isEqualTo(SignInThrottle.Lockout.USER);
        assertThat(throttle.lockout("alice", "10.0.0.2")).isEqualTo(SignInThrottle.Lockout.NONE);
        assertThat(throttle.lockout("bob", "10.0.0.1")).isEqualTo(SignInThrottle.Lockout.NONE);
    }

    @Test
    void guessesSpreadOverAddressesStillLockTheUser() {
        for (int i = 0; i < PER_USER; i++) {
            fail("alice", "10.0.1." + i, 1);
        }
        assertThat(throttle.lockout("alice", "10.9.9.9")).isEqualTo(SignInThrottle.Lockout.USER);
        assertThat(throttle.lockout("bob", "10.9.9.9")).isEqualTo(SignInThrottle.Lockout.NONE);
    }

    @Test
    void oneAddressTryingManyNamesIsRefusedForEveryName() {
        for (int i = 0; i < PER_ADDRESS; i++) {
            fail("user-" + i, "10.0.0.7", 1);
        }
        assertThat(throttle.lockout("someone-never-seen", "10.0.0.7")).isEqualTo(SignInThrottle.Lockout.ADDRESS);
        assertThat(throttle.lockout("user-0", "10.0.0.8")).isEqualTo(SignInThrottle.Lockout.NONE);
    }

    @Test
    void theRightPasswordClearsOnlyThatAddressesGuessesForThatUser() {
        fail("alice", "10.0.0.1", PER_PAIR);
        throttle.succeeded("alice", "10.0.0.1");
        assertThat(throttle.lockout("alice", "10.0.0.1")).isEqualTo(SignInThrottle.Lockout.NONE);
        // The user's total and the address's count over all names still stand.
        fail("alice", "10.0.0.2", PER_USER - PER_PAIR);
        assertThat(throttle.lockout("alice", "10.0.0.1")).isEqualTo(SignInThrottle.Lockout.USER);
        assertThat(throttle.lockout("carol", "10.0.0.1")).isEqualTo(SignInThrottle.Lockout.NONE);
        fail("carol", "10.0.0.1", PER_ADDRESS - PER_PAIR);
        assertThat(throttle.lockout("dave", "10.0.0.1")).isEqualTo(SignInThrottle.Lockout.ADDRESS);
    }

    @Test
    void theGridHoldsNoNamesAndNoCountAnyoneCouldReadOrWrite() {
        fail("alice", "10.0.0.1", 1);
        var map = failures();
        assertThat(map.keySet())
                .hasSize(3)
                .allSatisfy(key -> assertThat(key).matches("[0-9a-f]{64}").doesNotContain("alice"));
        assertThat(map.values()).allSatisfy(value -> assertThat(value).hasSizeGreaterThan(12));

        // Counts sealed by another cluster, or moved under another key, count as nothing.
        var stranger = throttle(ClusterSecret.of("another-secret-of-enough-length-12345"));
        map.clear();
        for (int i = 0; i < PER_ADDRESS + 1; i++) {
            stranger.failed("alice", "10.0.0.1");
        }
        assertThat(throttle.lockout("alice", "10.0.0.1")).isEqualTo(SignInThrottle.Lockout.NONE);
        var keys = map.keySet().toArray(String[]::new);
        byte[] moved = map.get(keys[0]);
        map.clear();
        fail("alice", "10.0.0.1", PER_ADDRESS);
        for (String key : map.keySet()) {
            map.put(key, moved);
        }
        assertThat(throttle.lockout("alice", "10.0.0.1")).isEqualTo(SignInThrottle.Lockout.NONE);
    }
}
