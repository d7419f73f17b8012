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

/** An immutable snapshot of the enabled rules, as JSON: any node can compile it alone. */
@Entity
@Table(name = "rule_set_version")
class RuleSetVersion {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long version;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "created_by")
    private String createdBy;

    @JdbcTypeCode(SqlTypes.JSON)
    private String rules;

    protected RuleSetVersion() {
        this.createdAt = Instant.EPOCH;
        this.createdBy = "";
        this.rules = "[]";
    }

    RuleSetVersion(String createdBy, Instant createdAt, String rulesJson) {
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.rules = rulesJson;
    }

    long version() {
        if (version == null) {
            throw new IllegalStateException("not saved yet");
        }
        return version;
    }

    String rulesJson() {
        return rules;
    }
}
