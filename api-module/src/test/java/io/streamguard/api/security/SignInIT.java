package io.streamguard.api.security;

import static io.streamguard.testing.ApiTestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.api.cluster.ClusterMaps;
import io.streamguard.api.system.StreamGuardProperties;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.Prometheus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Password guessing, watched from outside through the public metrics: a locked-out user costs no
 * password hash at all, an unknown one exactly one; the lock is per user and client address, and per
 * address over all names, the address taken from {@code X-Forwarded-For} only when a trusted proxy
 * (here 127.0.0.1) sends it.
 */
@ApiIntegrationTest
class SignInIT {

    private static final String ADMIN = basic("admin", "admin-test-password");
    private static final String CHECKS = "streamguard_password_checks_total";
    private static final String REFUSED = "streamguard_sign_in_refused_total";

    @LocalServerPort
    int port;

    @Autowired
    HazelcastInstance hazelcast;

    @Autowired
    StreamGuardProperties properties;

    ApiTestClient api;
    String user;

    @BeforeEach
    void aUser() {
        api = new ApiTestClient("http://localhost:" + port);
        user = "guessed-" + System.nanoTime();
        assertThat(api.post(
                                "/v1/admin/users",
                                ADMIN,
                                Map.of("username", user, "password", "the-right-password", "role", "COMPLIANCE"))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void aLockedOutUserCostsNoPasswordCheckAtAll() {
        guess(user, "198.51.100.1", 10);
        double checks = checks();
        double locked = Prometheus.sample(api, REFUSED, "reason=\"locked\"");

        for (int i = 0; i < 20; i++) {
            assertThat(from("198.51.100.1", basic(user, i % 2 == 0 ? "wrong" : "the-right-password")))
                    .isEqualTo(401);
        }

        assertThat(checks()).isEqualTo(checks);
        assertThat(Prometheus.sample(api, REFUSED, "reason=\"locked\"")).isEqualTo(locked + 20);
    }

    @Test
    void anUnknownUserCostsExactlyOnePasswordCheckPerAttempt() {
        double checks = checks();
        double bad = Prometheus.sample(api, REFUSED, "reason=\"bad_credentials\"");

        for (int i = 0; i < 5; i++) {
            assertThat(from("198.51.100.2", basic("nobody-" + System.nanoTime(), "whatever")))
                    .isEqualTo(401);
        }

        assertThat(checks()).isEqualTo(checks + 5);
        assertThat(Prometheus.sample(api, REFUSED, "reason=\"bad_credentials\""))
                .isEqualTo(bad + 5);
    }

    @Test
    void tenGuessesLockOutOnlyTheGuessingAddress() {
        guess(user, "198.51.100.3", 10);

        assertThat(from("198.51.100.3", basic(user, "the-right-password"))).isEqualTo(401);
        assertThat(from("198.51.100.4", basic(user, "the-right-password"))).isEqualTo(200);
        assertThat(api.get("/v1/audit?limit=1", basic(user, "the-right-password"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void guessesFromManyAddressesTogetherLockTheUserEverywhere() {
        for (int address = 0; address < 20; address++) {
            guess(user, "203.0.113." + address, 5);
        }

        assertThat(from("192.0.2.99", basic(user, "the-right-password"))).isEqualTo(401);
        assertThat(api.get("/v1/audit?limit=1", basic(user, "the-right-password"))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void sprayingManyNamesFromOneAddressLocksThatAddressOutBeforeAnyPasswordCheck() {
        int limit = properties.security().signIn().maxFailuresPerAddressAnyUser();
        String sprayer = "198.51.100.60";
        double checksBefore = checks();
        for (int i = 0; i < limit; i++) {
            assertThat(from(sprayer, basic("sprayed-" + System.nanoTime() + "-" + i, "wrongpassword1")))
                    .isEqualTo(401);
        }
        assertThat(checks()).isEqualTo(checksBefore + limit);
        double checks = checks();
        double addressLocked = Prometheus.sample(api, REFUSED, "reason=\"address_locked\"");
        double bad = Prometheus.sample(api, REFUSED, "reason=\"bad_credentials\"");

        for (int i = 0; i < 30; i++) {
            assertThat(from(sprayer, basic("sprayed-late-" + System.nanoTime() + "-" + i, "wrongpassword1")))
                    .isEqualTo(401);
        }
        assertThat(from(sprayer, basic(user, "the-right-password"))).isEqualTo(401);
        assertThat(from(sprayer, ADMIN)).isEqualTo(401);

        assertThat(checks()).isEqualTo(checks);
        assertThat(Prometheus.sample(api, REFUSED, "reason=\"address_locked\"")).isEqualTo(addressLocked + 32);
        assertThat(Prometheus.sample(api, REFUSED, "reason=\"bad_credentials\""))
                .isEqualTo(bad);
        assertThat(from("198.51.100.61", basic(user, "the-right-password"))).isEqualTo(200);
        assertThat(fromUntrustedPeerWithoutForwarding(basic(user, "the-right-password")))
                .isEqualTo(200);
        assertThat(checks()).isEqualTo(checks + 2);
    }

    @Test
    void oneKnownAccountDoesNotResetTheAddressCountOverAllNames() {
        int limit = properties.security().signIn().maxFailuresPerAddressAnyUser();
        String sprayer = "198.51.100.62";
        for (int i = 0; i < limit - 1; i++) {
            assertThat(from(sprayer, basic("sprayed-" + System.nanoTime() + "-" + i, "wrongpassword1")))
                    .isEqualTo(401);
        }
        assertThat(from(sprayer, basic(user, "the-right-password"))).isEqualTo(200);
        assertThat(from(sprayer, basic("sprayed-last-" + System.nanoTime(), "wrongpassword1")))
                .isEqualTo(401);
        double checks = checks();

        assertThat(from(sprayer, basic(user, "the-right-password"))).isEqualTo(401);
        assertThat(checks()).isEqualTo(checks);
    }

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnored() throws IOException {
        for (int i = 0; i < 10; i++) {
            assertThat(fromUntrustedPeer("198.51.100." + (100 + i), basic(user, "wrong-" + i)))
                    .isEqualTo(401);
        }

        assertThat(fromUntrustedPeer("198.51.100.200", basic(user, "the-right-password")))
                .isEqualTo(401);
        assertThat(from("198.51.100.200", basic(user, "the-right-password"))).isEqualTo(200);
    }

    @Test
    void theGridHoldsNoNamesAndCountsCannotBeMovedFromOneEntryToAnother() {
        IMap<String, byte[]> failures = hazelcast.getMap(ClusterMaps.SIGN_IN_FAILURES);
        Set<String> before = new HashSet<>(failures.keySet());
        guess(user, "198.51.100.5", 10);
        Set<String> lockedKeys = new HashSet<>(failures.keySet());
        assertThat(lockedKeys).noneMatch(key -> key.contains(user) || key.contains("198.51.100.5"));
        Set<String> keysOfThisUser = new HashSet<>(lockedKeys);
        keysOfThisUser.removeAll(before);
        assertThat(keysOfThisUser)
                .as("per user, per user and address, per address")
                .hasSize(3);

        String other = user + "-other";
        api.post(
                "/v1/admin/users",
                ADMIN,
                Map.of("username", other, "password", "the-right-password", "role", "COMPLIANCE"));
        guess(other, "198.51.100.5", 1);
        Set<String> otherKeys = new HashSet<>(failures.keySet());
        otherKeys.removeAll(lockedKeys);
        assertThat(otherKeys).hasSize(2);
        byte[] lockedCount = failures.get(keysOfThisUser.iterator().next());
        otherKeys.forEach(key -> failures.put(key, lockedCount));

        assertThat(from("198.51.100.5", basic(other, "the-right-password"))).isEqualTo(200);
        assertThat(from("198.51.100.5", basic(user, "the-right-password"))).isEqualTo(401);
    }

    private void guess(String username, String address, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(from(address, basic(username, "wrong-" + i))).isEqualTo(401);
        }
    }

    private int from(String address, String authorization) {
        return api.get("/v1/audit?limit=1", authorization, Map.of("X-Forwarded-For", address))
                .status();
    }

    private double checks() {
        return Prometheus.sample(api, CHECKS, "");
    }

    /** A request whose socket comes from 127.0.0.3, no trusted proxy, and which names no other address. */
    private int fromUntrustedPeerWithoutForwarding(String authorization) {
        try {
            return rawRequest("127.0.0.3", authorization, "");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A request whose socket comes from 127.0.0.2, which is no trusted proxy. */
    private int fromUntrustedPeer(String forwardedFor, String authorization) throws IOException {
        return rawRequest("127.0.0.2", authorization, "X-Forwarded-For: " + forwardedFor + "\r\n");
    }

    private int rawRequest(String peer, String authorization, String extraHeaders) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(peer), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /v1/audit?limit=1 HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + authorization + "\r\n"
                            + extraHeaders + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }
}
