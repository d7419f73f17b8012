package io.streamguard.api.clients;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.streamguard.api.system.ApiProblem;
import io.streamguard.api.system.ErrorCode;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates, lists, revokes and authenticates the plugin's API clients. */
@Service
public class ApiClientService {

    private final ApiClients clients;

    ApiClientService(ApiClients clients) {
        this.clients = clients;
    }

    /** The new client with its key: the only moment the key exists outside the caller's hands. */
    @Transactional
    public CreatedApiClient create(String name, String createdBy) {
        String apiKey = ApiKeys.generate();
        ApiClient client = clients.save(new ApiClient(UUID.randomUUID(), name, ApiKeys.hash(apiKey),
                ApiKeys.displayPrefix(apiKey), createdBy));
        return new CreatedApiClient(client.id(), client.name(), apiKey);
    }

    @Transactional(readOnly = true)
    public Optional<UUID> authenticate(String apiKey) {
        if (!apiKey.startsWith(ApiKeys.PREFIX) || apiKey.length() > 100) {
            return Optional.empty();
        }
        return clients.findByKeyHash(ApiKeys.hash(apiKey)).filter(ApiClient::active).map(ApiClient::id);
    }

    @Transactional(readOnly = true)
    public List<ApiClientSummary> list() {
        return clients.findAllByOrderByCreatedAtDesc().stream().map(ApiClientService::summary).toList();
    }

    @Transactional
    public ApiClientSummary revoke(UUID clientId) {
        ApiClient client = clients.findById(clientId)
                .orElseThrow(() -> new ApiProblem(ErrorCode.NOT_FOUND, "No API client " + clientId));
        client.revoke(Instant.now());
        return summary(client);
    }

    private static ApiClientSummary summary(ApiClient client) {
        return new ApiClientSummary(client.id(), client.name(), client.keyPrefix(), client.createdAt(),
                client.createdBy(), client.revokedAt());
    }

    public record CreatedApiClient(UUID clientId, String name, String apiKey) {
    }

    public record ApiClientSummary(UUID clientId, String name, String keyPrefix, Instant createdAt,
            String createdBy, @org.jspecify.annotations.Nullable Instant revokedAt) {
    }
}
