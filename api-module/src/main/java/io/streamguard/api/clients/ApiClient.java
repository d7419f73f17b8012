package io.streamguard.api.clients;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "api_client")
class ApiClient {

    @Id
    private UUID id;

    @Column(nullable = false)
    private String name;

    @Column(name = "key_hash", nullable = false, unique = true)
    private String keyHash;

    @Column(name = "key_prefix", nullable = false)
    private String keyPrefix;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt = Instant.now();

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "revoked_at")
    private @Nullable Instant revokedAt;

    protected ApiClient() {
        this.id = new UUID(0, 0);
        this.name = "";
        this.keyHash = "";
        this.keyPrefix = "";
        this.createdBy = "";
    }

    ApiClient(UUID id, String name, String keyHash, String keyPrefix, String createdBy) {
        this.id = id;
        this.name = name;
        this.keyHash = keyHash;
        this.keyPrefix = keyPrefix;
        this.createdBy = createdBy;
    }

    UUID id() {
        return id;
    }

    String name() {
        return name;
    }

    String keyHash() {
        return keyHash;
    }

    String keyPrefix() {
        return keyPrefix;
    }

    Instant createdAt() {
        return createdAt;
    }

    String createdBy() {
        return createdBy;
    }

    @Nullable
    Instant revokedAt() {
        return revokedAt;
    }

    boolean active() {
        return revokedAt == null;
    }

    void revoke(Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
        }
    }
}
