package io.streamguard.api.verdict;

import io.streamguard.engine.rules.Action;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/** A violation the rules found: offsets in UTF-16 code units, end exclusive; the excerpt as the engine cut it. */
public record Violation(
        String ruleId,
        String ruleName,

        @JsonSerialize(using = ActionJson.Writer.class)
        @JsonDeserialize(using = ActionJson.Reader.class)
        @Schema(
                type = "string",
                description = "The rule's action: a rule warns or blocks",
                allowableValues = {"warn", "block"},
                example = "block")
        Action action,

        int start,
        int end,
        String excerpt) {

    public static Violation of(io.streamguard.engine.scan.Violation violation) {
        return new Violation(
                violation.ruleId(),
                violation.ruleName(),
                violation.action(),
                violation.start(),
                violation.end(),
                violation.excerpt());
    }
}
