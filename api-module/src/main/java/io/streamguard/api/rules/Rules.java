package io.streamguard.api.rules;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface Rules extends JpaRepository<Rule, String> {

    List<Rule> findAllByOrderByNameAscIdAsc();

    List<Rule> findAllByEnabledTrueOrderByIdAsc();

    @Query(value = "select 'r-' || nextval('rule_id_seq')", nativeQuery = true)
    String nextId();
}
