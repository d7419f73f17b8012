package io.streamguard.api.clients;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ApiClients extends JpaRepository<ApiClient, UUID> {

    Optional<ApiClient> findByKeyHash(String keyHash);

    List<ApiClient> findAllByOrderByCreatedAtDesc();

    @Query("select c.keyHash, c.id from ApiClient c where c.revokedAt is null")
    List<Object[]> activeKeys();

    @Query("select c.keyHash from ApiClient c where c.revokedAt is not null")
    List<String> revokedKeyHashes();
}
