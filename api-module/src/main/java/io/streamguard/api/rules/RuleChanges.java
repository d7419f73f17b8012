package io.streamguard.api.rules;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface RuleChanges extends JpaRepository<RuleChange, Long> {

    List<RuleChange> findAllByRuleIdOrderByIdDesc(String ruleId);
}
