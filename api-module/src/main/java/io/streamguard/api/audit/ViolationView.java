package io.streamguard.api.audit;

import io.streamguard.engine.scan.Violation;

/** A violation in the API's shape: offsets in UTF-16 code units, end exclusive. */
public record ViolationView(String ruleId, String ruleName, String action, int start, int end, String excerpt) {

    public static ViolationView of(Violation violation) {
        return new ViolationView(violation.ruleId(), violation.ruleName(), violation.action().wireName(),
                violation.start(), violation.end(), violation.excerpt());
    }
}
