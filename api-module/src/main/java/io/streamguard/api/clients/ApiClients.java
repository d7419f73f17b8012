package io.streamguard.api.clients;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface ApiClients extends JpaRepository<ApiClient, UUID> {

    Optional<ApiClient> findByKeyHash(String keyHash);

    List<ApiClient> findAllByOrderByCreatedAtDesc();
}
