package io.streamguard.api.users;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface AppUsers extends JpaRepository<AppUser, Long> {

    Optional<AppUser> findByUsername(String username);

    java.util.List<AppUser> findAllByOrderByUsernameAsc();

    long countByRoleAndEnabledTrue(Role role);
}
