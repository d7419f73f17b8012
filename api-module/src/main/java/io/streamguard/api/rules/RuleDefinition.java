package io.streamguard.api.rules;

import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.WellFormedText;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleKind;
import io.streamguard.engine.rules.RuleSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A rule as an admin writes it (the body of POST and PUT) and as a rule-set snapshot stores it.
 * {@code kind}: keyword, regex, credit_card, iban, secret; {@code action}: warn or block.
 *
 * <p>{@code caseSensitive} and {@code wholeWord} may be left out. For a regex rule, {@code caseSensitive} false
 * adds the {@code i} flag, true with the {@code i} flag is refused, and left out it follows the flags;
 * {@code wholeWord} true is refused (write {@code \b} at the pattern's ends). Any field that means nothing for
 * the kind must be left out or keep its default ({@link io.streamguard.engine.rules.RuleSpec} lists them).
 * What is saved is {@link #canonical()}: every field says what it means. Snapshots saved before this rule
 * existed are read with {@link #toSpec}, which keeps the meaning they had.
 */
public record RuleDefinition(
        @Nullable String id,
        @NotBlank @Size(max = 200) @WellFormedText String name,
        @NotBlank String kind,
        @Nullable @Size(max = 2000) @WellFormedText String pattern,
        @Nullable @Size(max = 10) String flags,
        @Nullable @Size(max = 10_000) List<@NotBlank @Size(max = 200) @WellFormedText String> keywords,

        @Schema(
                description = "keyword: match case exactly (default false). regex: false adds the i flag, true "
                        + "with the i flag is refused, left out follows the flags. Other kinds: leave out.")
        @Nullable
        Boolean caseSensitive,

        @Schema(
                description = "keyword: occurrences must start and end at Unicode word boundaries (default "
                        + "false). Other kinds: leave out (a regex writes \\b at its ends).")
        @Nullable
        Boolean wholeWord,

        @NotBlank String action,
        boolean clientSide,
        @Nullable Boolean enabled,
        @Nullable @Size(max = 2000) @WellFormedText String description) {

    public RuleDefinition {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        enabled = enabled == null || enabled;
    }

    /**
     * What a saved definition means to the engine. Fields that meant nothing for the kind when it was saved
     * (they were accepted and ignored then) are left out, and a regex rule's case follows its flags, so a
     * snapshot of any age keeps its meaning.
     */
    public RuleSpec toSpec(String ruleId) {
        RuleKind ruleKind = ruleKind();
        Action ruleAction = ruleAction();
        String ruleFlags = flags == null ? "" : flags;
        return switch (ruleKind) {
            case REGEX ->
                new RuleSpec(
                        ruleId,
                        name,
                        ruleKind,
                        pattern,
                        ruleFlags,
                        List.of(),
                        ruleFlags.indexOf('i') < 0,
                        false,
                        ruleAction);
            case KEYWORD ->
                new RuleSpec(
                        ruleId,
                        name,
                        ruleKind,
                        null,
                        "",
                        keywordList(),
                        Boolean.TRUE.equals(caseSensitive),
                        Boolean.TRUE.equals(wholeWord),
                        ruleAction);
            case SECRET -> new RuleSpec(ruleId, name, ruleKind, null, "", keywordList(), false, false, ruleAction);
            case CREDIT_CARD, IBAN ->
                new RuleSpec(ruleId, name, ruleKind, null, "", List.of(), false, false, ruleAction);
        };
    }

    /**
     * The engine's view of this definition as an admin sent it, every field taken at its word so that the
     * validator refuses what the kind cannot mean; refuses unknown kinds and actions with a clear problem.
     */
    private List<String> keywordList() {
        return keywords == null ? List.of() : keywords;
    }

    public RuleSpec authoredSpec(String ruleId) {
        RuleKind ruleKind = ruleKind();
        Action ruleAction = ruleAction();
        String ruleFlags = flags == null ? "" : flags;
        boolean sensitive = Boolean.TRUE.equals(caseSensitive);
        if (ruleKind == RuleKind.REGEX) {
            if (Boolean.FALSE.equals(caseSensitive) && ruleFlags.indexOf('i') < 0) {
                ruleFlags += "i";
            }
            sensitive = caseSensitive == null ? ruleFlags.indexOf('i') < 0 : caseSensitive;
        }
        return new RuleSpec(
                ruleId,
                name,
                ruleKind,
                pattern,
                ruleFlags,
                keywordList(),
                sensitive,
                Boolean.TRUE.equals(wholeWord),
                ruleAction);
    }

    /** This definition, valid, as it is saved: every field says what it means for the kind. */
    RuleDefinition canonical() {
        return explicit(authoredSpec(id == null ? "" : id));
    }

    /** A saved definition with every field saying what it means ({@link #toSpec}). */
    RuleDefinition meaning() {
        return explicit(toSpec(id == null ? "" : id));
    }

    private RuleDefinition explicit(RuleSpec spec) {
        return new RuleDefinition(
                id,
                name,
                kind,
                spec.pattern(),
                spec.flags(),
                spec.keywords(),
                spec.caseSensitive(),
                spec.wholeWord(),
                action,
                clientSide,
                enabled,
                description);
    }

    RuleDefinition withId(String ruleId) {
        return new RuleDefinition(
                ruleId,
                name,
                kind,
                pattern,
                flags,
                keywords,
                caseSensitive,
                wholeWord,
                action,
                clientSide,
                enabled,
                description);
    }

    private RuleKind ruleKind() {
        return parse(() -> RuleKind.fromWire(kind), "kind must be one of keyword, regex, credit_card, iban, secret");
    }

    private Action ruleAction() {
        Action ruleAction = parse(() -> Action.fromWire(action), "action must be warn or block");
        if (ruleAction == Action.ALLOW) {
            throw new RuleRefusal(ErrorCode.INVALID_REQUEST, "action must be warn or block");
        }
        return ruleAction;
    }

    private static <T> T parse(java.util.function.Supplier<T> parser, String problem) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new RuleRefusal(ErrorCode.INVALID_REQUEST, problem);
        }
    }
}
