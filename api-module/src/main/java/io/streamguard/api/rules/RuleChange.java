package io.streamguard.api.rules;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

/** One line of a rule's history: who changed it, when, into which rule-set version. */
@Entity
@Table(name = "rule_change")
class RuleChange {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Column(name = "rule_id")
    private String ruleId;

    private long version;
    private String change;

    @Column(name = "changed_by")
    private String changedBy;

    @Column(name = "changed_at")
    private Instant changedAt;

    @JdbcTypeCode(SqlTypes.JSON)
    private String rule;

    protected RuleChange() {
        this.ruleId = "";
        this.change = "";
        this.changedBy = "";
        this.changedAt = Instant.EPOCH;
        this.rule = "{}";
    }

    RuleChange(String ruleId, long version, String change, String changedBy, Instant changedAt, String ruleJson) {
        this.ruleId = ruleId;
        this.version = version;
        this.change = change;
        this.changedBy = changedBy;
        this.changedAt = changedAt;
        this.rule = ruleJson;
    }

    String ruleId() {
        return ruleId;
    }

    long version() {
        return version;
    }

    String change() {
        return change;
    }

    String changedBy() {
        return changedBy;
    }

    Instant changedAt() {
        return changedAt;
    }

    String ruleJson() {
        return rule;
    }
}
