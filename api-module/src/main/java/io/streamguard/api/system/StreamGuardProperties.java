package io.streamguard.api.system;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of a StreamGuard node, bound from {@code streamguard.*} (and so from
 * {@code STREAMGUARD_*} environment variables).
 */
@Validated
@ConfigurationProperties("streamguard")
public record StreamGuardProperties(
        @Valid @DefaultValue Limits limits,
        @Valid @DefaultValue Cluster cluster,
        @Valid @DefaultValue Admin admin,
        @Valid @DefaultValue EmbeddedDb embeddedDb,
        @Valid @DefaultValue Audit audit,
        @Valid @DefaultValue Security security,
        @Valid @DefaultValue Socket socket) {

    /**
     * Enforced limits; they are also sent to the plugin at stream start. The last five are the
     * engine's (see {@code EngineLimits}): the work one check, update or finish may do, the
     * memory of the regex automata per rule and across all rules on this node, and the memory of
     * a rule set's keyword automaton (its full rows, and in all: a rule change needing more is refused).
     */
    public record Limits(
            @DefaultValue("262144") @Min(1) int maxContentChars,
            @DefaultValue("50") @Min(1) int maxUpdatesPerSecond,
            @DefaultValue("120") @Min(1) int idleTimeoutSeconds,
            @DefaultValue("1000") @Min(1) int maxOpenStreamsPerClient,
            @DefaultValue("20000") @Min(1) int maxOpenStreams,
            @DefaultValue("2097152") @Min(1024) long maxRequestBytes,
            @DefaultValue("5000") @Min(1) int maxRules,
            @DefaultValue("0.85") double maxHeapUsedForNewStreams,

            @DefaultValue("0.1") @DecimalMin("0.001") @DecimalMax("1")
            double maxClientHeapShare,

            @DefaultValue("0") @Min(0) long maxClientChars,
            @DefaultValue("100") @Min(1) int maxChecksPerSecond,
            @DefaultValue("500000000") @Min(1_000_000) long scanWorkPerRequest,
            @DefaultValue("2097152") @Min(65_536) long regexCacheBytesPerRule,
            @DefaultValue("67108864") @Min(65_536) long regexCacheBytes,
            @DefaultValue("16777216") @Min(1_048_576) long keywordAutomatonDenseBytes,
            @DefaultValue("67108864") @Min(1_048_576) long keywordAutomatonBytes) {

        public Duration idleTimeout() {
            return Duration.ofSeconds(idleTimeoutSeconds);
        }
    }

    /**
     * This node's Hazelcast member: its port, how it finds the others (the members it joins by
     * TCP-IP, or Kubernetes discovery, never both), the network interface it binds to (loopback
     * unless named), and the secret every member of the cluster shares (required with members or
     * discovery; a single node keeps a generated one beside its data).
     */
    public record Cluster(
            @DefaultValue("streamguard") @NotBlank String name,
            @DefaultValue("5701") @Min(1) @Max(65535) int port,
            @DefaultValue List<String> members,
            @Valid @DefaultValue Kubernetes kubernetes,
            @Nullable String bindInterface,
            @Nullable String secret,
            @DefaultValue("true") boolean expelStrangers) {

        @Override
        public String toString() {
            return "Cluster[name=" + name + ", port=" + port + ", members=" + members + ", kubernetes=" + kubernetes
                    + ", bindInterface=" + bindInterface + ", secret=" + (secret == null ? "none" : "hidden")
                    + ", expelStrangers=" + expelStrangers + "]";
        }
    }

    /**
     * Hazelcast's Kubernetes discovery in DNS-lookup mode: the members are the addresses the
     * headless service's DNS name resolves to ({@code <service>.<namespace>.svc.cluster.local}).
     * Off while no name is given; needs no access to the Kubernetes API.
     */
    public record Kubernetes(
            @Nullable String serviceDns,
            @DefaultValue("5") @Min(1) int serviceDnsTimeoutSeconds) {

        public boolean enabled() {
            return serviceDns != null && !serviceDns.isBlank();
        }
    }

    /** The first admin, created only while no user exists. */
    public record Admin(
            @DefaultValue("admin") @NotBlank String username,
            @Nullable String password) {}

    /**
     * Audit rows recorded more than {@code retentionDays} ago are purged (0 keeps them forever). A
     * MACed checkpoint of the chain's head is stored every {@code checkpointRows} rows or
     * {@code checkpointSeconds}, whichever comes first.
     */
    public record Audit(
            @DefaultValue("0") @Min(0) int retentionDays,
            @DefaultValue("100") @Min(1) int checkpointRows,
            @DefaultValue("10") @Min(1) int checkpointSeconds) {}

    /**
     * Who signs in how often: the proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto}
     * are believed (CIDRs, none by default), and the failed sign-ins tolerated within a window per
     * user and address, per address whatever the name (higher, so one person mistyping never
     * meets it) and, higher still, per user from anywhere.
     */
    public record Security(
            @DefaultValue List<String> trustedProxies,
            @Valid @DefaultValue SignIn signIn) {}

    public record SignIn(
            @DefaultValue("10") @Min(1) int maxFailuresPerAddress,
            @DefaultValue("100") @Min(1) int maxFailuresPerUser,
            @DefaultValue("50") @Min(1) int maxFailuresPerAddressAnyUser,
            @DefaultValue("5m") Duration window) {}

    /**
     * The stream socket ({@code /v1/stream/ws}): a WebSocket ping every {@code heartbeat}; a socket that sends
     * nothing (no frame, no pong) for {@code idleTimeout} is closed, its streams left to expire as usual; at
     * most {@code maxStreams} streams open on one socket; a send that waits longer than {@code sendTimeLimit}
     * or more than {@code sendBufferBytes} queued for a client that does not read closes its socket.
     */
    public record Socket(
            @DefaultValue("20s") Duration heartbeat,
            @DefaultValue("60s") Duration idleTimeout,
            @DefaultValue("32") @Min(1) int maxStreams,
            @DefaultValue("10s") Duration sendTimeLimit,
            @DefaultValue("1048576") @Min(65_536) int sendBufferBytes,
            @DefaultValue("1000") @Min(1) int maxSocketsPerClient,

            @DefaultValue("0.05") @DecimalMin("0.001") @DecimalMax("0.5")
            double maxPartialFramesHeapShare) {}

    /** The Postgres started in-process when no {@code spring.datasource.url} is given. */
    public record EmbeddedDb(
            @DefaultValue("data/postgres") Path dataDirectory,
            @DefaultValue("0") int port) {}
}
