package io.streamguard.api.users;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface AccessTokens extends JpaRepository<AccessToken, UUID> {

    @Query("select t from AccessToken t join fetch t.owner where t.tokenHash = ?1 and t.expiresAt > ?2")
    Optional<AccessToken> findValid(String tokenHash, Instant now);

    List<AccessToken> findByOwnerUsernameOrderByCreatedAtAsc(String username);

    long countByOwnerUsername(String username);
}
