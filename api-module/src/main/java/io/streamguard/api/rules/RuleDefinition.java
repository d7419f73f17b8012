package io.streamguard.api.rules;

import java.util.List;

import io.streamguard.api.system.ApiProblem;
import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.WellFormedText;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleKind;
import io.streamguard.engine.rules.RuleSpec;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A rule as an admin writes it (the body of POST and PUT) and as a rule-set snapshot stores it.
 * {@code kind}: keyword, regex, credit_card, iban, secret; {@code action}: warn or block.
 */
public record RuleDefinition(
        @Nullable String id,
        @NotBlank @Size(max = 200) @WellFormedText String name,
        @NotBlank String kind,
        @Nullable @Size(max = 2000) @WellFormedText String pattern,
        @Nullable @Size(max = 10) String flags,
        @Nullable @Size(max = 10_000) List<@NotBlank @Size(max = 200) @WellFormedText String> keywords,
        boolean caseSensitive,
        boolean wholeWord,
        @NotBlank String action,
        boolean clientSide,
        @Nullable Boolean enabled,
        @Nullable @Size(max = 2000) @WellFormedText String description) {

    public RuleDefinition {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        enabled = enabled == null || enabled;
    }

    /** The engine's view of this rule; refuses unknown kinds and actions with a clear problem. */
    public RuleSpec toSpec(String ruleId) {
        RuleKind ruleKind = parse(() -> RuleKind.fromWire(kind),
                "kind must be one of keyword, regex, credit_card, iban, secret");
        Action ruleAction = parse(() -> Action.fromWire(action), "action must be warn or block");
        if (ruleAction == Action.ALLOW) {
            throw new ApiProblem(ErrorCode.INVALID_REQUEST, "action must be warn or block");
        }
        return new RuleSpec(ruleId, name, ruleKind, pattern, flags, keywords, caseSensitive, wholeWord, ruleAction);
    }

    RuleDefinition withId(String ruleId) {
        return new RuleDefinition(ruleId, name, kind, pattern, flags, keywords, caseSensitive, wholeWord, action,
                clientSide, enabled, description);
    }

    private static <T> T parse(java.util.function.Supplier<T> parser, String problem) {
        try {
            return parser.get();
        }
        catch (IllegalArgumentException e) {
            throw new ApiProblem(ErrorCode.INVALID_REQUEST, problem);
        }
    }
}
