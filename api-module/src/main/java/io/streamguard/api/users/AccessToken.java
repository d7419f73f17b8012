package io.streamguard.api.users;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "personal_access_token")
class AccessToken {

    @Id
    private UUID id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id", nullable = false)
    private AppUser owner;

    @Column(nullable = false)
    private String name;

    @Column(name = "token_hash", nullable = false, unique = true)
    private String tokenHash;

    @Column(name = "token_prefix", nullable = false)
    private String tokenPrefix;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt = Instant.now();

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected AccessToken() {
        this.id = new UUID(0, 0);
        this.owner = new AppUser();
        this.name = "";
        this.tokenHash = "";
        this.tokenPrefix = "";
        this.expiresAt = Instant.EPOCH;
    }

    AccessToken(UUID id, AppUser owner, String name, String tokenHash, String tokenPrefix, Instant expiresAt) {
        this.id = id;
        this.owner = owner;
        this.name = name;
        this.tokenHash = tokenHash;
        this.tokenPrefix = tokenPrefix;
        this.expiresAt = expiresAt;
    }

    UUID id() {
        return id;
    }

    AppUser owner() {
        return owner;
    }

    String name() {
        return name;
    }

    String tokenPrefix() {
        return tokenPrefix;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant expiresAt() {
        return expiresAt;
    }
}
