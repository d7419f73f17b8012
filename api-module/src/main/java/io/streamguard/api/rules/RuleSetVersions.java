package io.streamguard.api.rules;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface RuleSetVersions extends JpaRepository<RuleSetVersion, Long> {

    @Query("select max(v.version) from RuleSetVersion v")
    long latestVersion();
}
