package io.streamguard.api.rules;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

/** A rule as it is now; its id is assigned by the database ({@code r-<n>}). */
@Entity
@Table(name = "rule")
class Rule {

    @Id
    private String id;

    private String name;
    private String kind;
    private @Nullable String pattern;
    private String flags;

    @JdbcTypeCode(SqlTypes.JSON)
    private String keywords;

    @Column(name = "case_sensitive")
    private boolean caseSensitive;

    @Column(name = "whole_word")
    private boolean wholeWord;

    private String action;

    @Column(name = "client_side")
    private boolean clientSide;

    private boolean enabled;
    private String description;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "created_by")
    private String createdBy;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Column(name = "updated_by")
    private String updatedBy;

    protected Rule() {
        this.id = "";
        this.name = "";
        this.kind = "";
        this.flags = "";
        this.keywords = "[]";
        this.action = "";
        this.description = "";
        this.createdAt = Instant.EPOCH;
        this.createdBy = "";
        this.updatedAt = Instant.EPOCH;
        this.updatedBy = "";
    }

    Rule(String id, String createdBy, Instant at) {
        this();
        this.id = id;
        this.createdBy = createdBy;
        this.createdAt = at;
    }

    void apply(RuleDefinition definition, String keywordsJson, String actor, Instant at) {
        this.name = definition.name();
        this.kind = definition.kind();
        this.pattern = definition.pattern();
        this.flags = definition.flags() == null ? "" : definition.flags();
        this.keywords = keywordsJson;
        this.caseSensitive = Boolean.TRUE.equals(definition.caseSensitive());
        this.wholeWord = Boolean.TRUE.equals(definition.wholeWord());
        this.action = definition.action();
        this.clientSide = definition.clientSide();
        this.enabled = Boolean.TRUE.equals(definition.enabled());
        this.description = definition.description() == null ? "" : definition.description();
        this.updatedBy = actor;
        this.updatedAt = at;
    }

    String id() {
        return id;
    }

    String name() {
        return name;
    }

    String kind() {
        return kind;
    }

    @Nullable
    String pattern() {
        return pattern;
    }

    String flags() {
        return flags;
    }

    String keywordsJson() {
        return keywords;
    }

    boolean caseSensitive() {
        return caseSensitive;
    }

    boolean wholeWord() {
        return wholeWord;
    }

    String action() {
        return action;
    }

    boolean clientSide() {
        return clientSide;
    }

    boolean enabled() {
        return enabled;
    }

    String description() {
        return description;
    }

    Instant createdAt() {
        return createdAt;
    }

    String createdBy() {
        return createdBy;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    String updatedBy() {
        return updatedBy;
    }
}
