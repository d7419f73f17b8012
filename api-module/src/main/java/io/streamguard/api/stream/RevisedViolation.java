package io.streamguard.api.stream;

import io.streamguard.api.verdict.ActionJson;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.scan.ScanUpdate;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A violation reported in an earlier answer whose span has since settled differently: the violation as it
 * is now, and the span the plugin was told before. A plugin finds its earlier violation by
 * {@code (ruleId, previous.start, previous.end)} and replaces it with this one.
 */
@Schema(
        description = "A violation reported in an earlier answer whose span has since settled differently"
                + " (a greedy match grew, or, rarely, an earlier start won). The fields are the violation as it is now;"
                + " `previous` is the span reported before. Find the earlier violation by (ruleId, previous.start,"
                + " previous.end) and replace it with this one.")
public record RevisedViolation(
        @Schema(description = "The rule's id", example = "r-12")
        String ruleId,

        @Schema(description = "The rule's name", example = "Slack token")
        String ruleName,

        @Schema(
                description = "The rule's action",
                type = "string",
                allowableValues = {"warn", "block"},
                example = "block")
        @JsonSerialize(using = ActionJson.Writer.class)
        @JsonDeserialize(using = ActionJson.Reader.class)
        Action action,

        @Schema(description = "Start of the span now, in UTF-16 code units", example = "12")
        int start,

        @Schema(description = "End of the span now, exclusive", example = "34")
        int end,

        @Schema(
                description = "The text of the span now, cut to 64 chars ending in \"…\" when longer",
                example = "xoxb-1234567890abc")
        String excerpt,

        @Schema(description = "The span reported before") Span previous) {

    static RevisedViolation of(ScanUpdate.Revision revision) {
        var now = revision.current();
        return new RevisedViolation(
                now.ruleId(),
                now.ruleName(),
                now.action(),
                now.start(),
                now.end(),
                now.excerpt(),
                new Span(revision.previous().start(), revision.previous().end()));
    }

    @Schema(name = "ViolationSpan", description = "A span as reported before: [start, end) in UTF-16 code units")
    public record Span(
            @Schema(example = "12") int start,
            @Schema(example = "17") int end) {}
}
