package io.streamguard.api.rules;

import java.time.Instant;

/** One change of a rule: what it became (what it was, for a delete), by whom, in which version. */
public record RuleHistoryEntry(
        String ruleId, long ruleSetVersion, String change, String changedBy, Instant changedAt, RuleDefinition rule) {}
