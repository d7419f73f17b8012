package io.streamguard.api.clients;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.streamguard.api.cluster.ClusterMaps;
import io.streamguard.api.cluster.ForgedGridDataException;
import io.streamguard.api.cluster.GridTampering;
import io.streamguard.api.system.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, lists, revokes and authenticates the plugin's API clients. Postgres is the source of
 * truth; the active keys are also held in a map replicated to every member, so authenticating
 * reads memory (the plugin keeps working while Postgres is away) and a revocation reaches every
 * node at once.
 */
@Service
public class ApiClientService {

    private final ApiClients clients;
    private static final String REVOCATIONS = "key-revocations";

    private final ReplicatedMap<String, KeyGrant> activeKeys;
    private final RevokedKeys revokedKeys;
    private final GridTampering tampering;
    private final HazelcastInstance hazelcast;
    private final Cache<String, Boolean> unknownKeys = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(5))
            .build();

    ApiClientService(ApiClients clients, HazelcastInstance hazelcast, GridTampering tampering) {
        this.clients = clients;
        this.activeKeys = hazelcast.getReplicatedMap(ClusterMaps.API_KEYS);
        this.revokedKeys = RevokedKeys.of(hazelcast);
        this.tampering = tampering;
        this.hazelcast = hazelcast;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Transactional(readOnly = true)
    public void loadActiveKeys() {
        clients.revokedKeyHashes().forEach(revokedKeys::add);
        Map<String, KeyGrant> active = new HashMap<>();
        for (Object[] row : clients.activeKeys()) {
            active.put((String) row[0], new KeyGrant((String) row[0], (UUID) row[1]));
        }
        activeKeys.putAll(active);
    }

    /** The new client with its key: the only moment the key exists outside the caller's hands. */
    @Transactional
    public CreatedApiClient create(String name, String createdBy) {
        String apiKey = ApiKeys.generate();
        ApiClient client = clients.saveAndFlush(
                new ApiClient(UUID.randomUUID(), name, ApiKeys.hash(apiKey), ApiKeys.displayPrefix(apiKey), createdBy));
        activeKeys.put(client.keyHash(), new KeyGrant(client.keyHash(), client.id()));
        return new CreatedApiClient(client.id(), client.name(), apiKey);
    }

    /** What a long-lived connection keeps of the key that opened it, to ask {@link #revoked} later: its hash. */
    public String fingerprint(String apiKey) {
        return ApiKeys.hash(apiKey);
    }

    /** Whether the key of this fingerprint was revoked; every member knows before the revocation returns. */
    public boolean revoked(String fingerprint) {
        return revokedKeys.contains(fingerprint);
    }

    /** The client of this key; memory first, Postgres for a key this node has not heard of. */
    public Optional<UUID> authenticate(String apiKey) {
        if (!apiKey.startsWith(ApiKeys.PREFIX) || apiKey.length() > 100) {
            return Optional.empty();
        }
        String hash = ApiKeys.hash(apiKey);
        KeyGrant known = grant(hash);
        if (known != null) {
            return Optional.of(known.clientId());
        }
        if (unknownKeys.getIfPresent(hash) != null) {
            return Optional.empty();
        }
        Optional<UUID> stored =
                clients.findByKeyHash(hash).filter(ApiClient::active).map(ApiClient::id);
        stored.ifPresentOrElse(
                id -> activeKeys.put(hash, new KeyGrant(hash, id)), () -> unknownKeys.put(hash, Boolean.TRUE));
        return stored;
    }

    /**
     * The key's grant from the replicated map, if one of this cluster's nodes put it there for this
     * hash and it was never revoked; anything else found there is a stranger's and is refused.
     */
    private @Nullable KeyGrant grant(String hash) {
        KeyGrant grant;
        try {
            grant = activeKeys.get(hash);
        } catch (ForgedGridDataException e) {
            return null; // counted where it was caught
        }
        if (grant == null) {
            return null;
        }
        if (!grant.keyHash().equals(hash)) {
            tampering.record(GridTampering.Kind.MISPLACED_ENTRY, "api key grant under another key's hash");
            return null;
        }
        if (revokedKeys.contains(hash)) {
            tampering.record(GridTampering.Kind.REVOKED_KEY_REPLAYED, "client " + grant.clientId());
            return null;
        }
        return grant;
    }

    @Transactional(readOnly = true)
    public List<ApiClientSummary> list() {
        return clients.findAllByOrderByCreatedAtDesc().stream()
                .map(ApiClientService::summary)
                .toList();
    }

    @Transactional
    public ApiClientSummary revoke(UUID clientId) {
        ApiClient client = clients.findById(clientId)
                .orElseThrow(() -> new ClientRefusal(ErrorCode.NOT_FOUND, "No API client " + clientId));
        client.revoke(Instant.now());
        clients.flush();
        revokedKeys.add(client.keyHash());
        for (var done : hazelcast
                .getExecutorService(REVOCATIONS)
                .submitToAllMembers(new ForgetKey(client.keyHash()))
                .values()) {
            try {
                done.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // A member that cannot confirm has left or is leaving; a joiner takes the map without the key.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return summary(client);
    }

    private static ApiClientSummary summary(ApiClient client) {
        return new ApiClientSummary(
                client.id(),
                client.name(),
                client.keyPrefix(),
                client.createdAt(),
                client.createdBy(),
                client.revokedAt());
    }

    public record CreatedApiClient(UUID clientId, String name, String apiKey) {}

    public record ApiClientSummary(
            UUID clientId,
            String name,
            String keyPrefix,
            Instant createdAt,
            String createdBy,
            @org.jspecify.annotations.Nullable Instant revokedAt) {}
}
