package io.streamguard.api.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.Refusal;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleKind;
import io.streamguard.engine.rules.RuleSpec;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A rule as an admin writes it: the checks on its fields, and what it means to the engine, new or saved long ago. */
class RuleDefinitionTest {

    private static jakarta.validation.ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void validator() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    /** The one place this test builds a definition. */
    private static RuleDefinition rule(
            String name,
            String kind,
            @Nullable String pattern,
            @Nullable String flags,
            @Nullable List<String> keywords,
            @Nullable Boolean caseSensitive,
            @Nullable Boolean wholeWord,
            String action) {
        return new RuleDefinition(
                null, name, kind, pattern, flags, keywords, caseSensitive, wholeWord, action, false, null, null);
    }

    private static RuleDefinition regex(String flags, @Nullable Boolean caseSensitive) {
        return rule("AWS key", "regex", "AKIA[0-9A-Z]{16}", flags, null, caseSensitive, null, "block");
    }

    private static RuleDefinition keywords(@Nullable Boolean caseSensitive, @Nullable Boolean wholeWord) {
        return rule("Codenames", "keyword", null, null, List.of("falcon", "Eagle"), caseSensitive, wholeWord, "warn");
    }

    /** The one place this test says how a refusal shows: the rules feature's, with the code of a 400. */
    private static void assertRefused(ThrowingCallable call, String detail) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        Refusal.class, problem -> assertThat(problem.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining(detail);
    }

    private static Set<String> invalidFields(RuleDefinition rule) {
        return validator.validate(rule).stream()
                .map(v -> v.getPropertyPath().toString().replaceAll("\\[.*", ""))
                .collect(Collectors.toSet());
    }

    @Test
    void leftOutMeansEmptyKeywordsAndEnabled() {
        var rule = regex("", null);
        assertThat(rule.keywords()).isEmpty();
        assertThat(rule.enabled()).isTrue();
        assertThat(new RuleDefinition(null, "n", "regex", "x", null, null, null, null, "warn", false, false, null)
                        .enabled())
                .isFalse();
    }

    @Test
    void aRegexRulesCaseFollowsItsFlagsUnlessSaidOtherwise() {
        assertThat(regex("", null).authoredSpec("r-1"))
                .isEqualTo(RuleSpec.regex("r-1", "AWS key", "AKIA[0-9A-Z]{16}", "", Action.BLOCK));
        assertThat(regex("i", null).authoredSpec("r-1").caseSensitive()).isFalse();
        RuleSpec insensitive = regex("", false).authoredSpec("r-1");
        assertThat(insensitive.flags()).isEqualTo("i");
        assertThat(insensitive.caseSensitive()).isFalse();
        assertThat(regex("i", false).authoredSpec("r-1").flags())
                .as("the flag once")
                .isEqualTo("i");
        // Contradicting its flags, taken at its word so that the engine's validator refuses it.
        RuleSpec contradiction = regex("i", true).authoredSpec("r-1");
        assertThat(contradiction.flags()).isEqualTo("i");
        assertThat(contradiction.caseSensitive()).isTrue();
    }

    @Test
    void whatIsSavedSaysWhatItMeans() {
        RuleDefinition regex = regex("", null).canonical();
        assertThat(regex.caseSensitive()).isTrue();
        assertThat(regex.wholeWord()).isFalse();
        assertThat(regex.flags()).isEmpty();
        assertThat(regex("", false).canonical().flags()).isEqualTo("i");

        RuleDefinition keyword = keywords(null, null).canonical();
        assertThat(keyword.caseSensitive()).isFalse();
        assertThat(keyword.wholeWord()).isFalse();
        assertThat(keyword.keywords()).containsExactly("falcon", "Eagle");
        assertThat(keywords(true, true).canonical().caseSensitive()).isTrue();
        assertThat(keywords(true, true).canonical().wholeWord()).isTrue();
        assertThat(keyword.canonical()).as("saving twice changes nothing").isEqualTo(keyword);
        assertThat(keyword.withId("r-9").id()).isEqualTo("r-9");
    }

    /** Fields that meant nothing for the kind when a snapshot was saved were ignored then, and still are. */
    @Test
    void aSavedRuleKeepsTheMeaningItHad() {
        var card = rule("Card", "credit_card", "ignored", "i", List.of("ignored"), true, true, "block");
        assertThat(card.toSpec("r-1"))
                .isEqualTo(new RuleSpec(
                        "r-1", "Card", RuleKind.CREDIT_CARD, null, "", List.of(), false, false, Action.BLOCK));
        assertThat(card.meaning().keywords()).isEmpty();
        var secret = rule("Secret", "secret", null, null, List.of("token"), true, true, "warn");
        assertThat(secret.toSpec("r-2"))
                .isEqualTo(new RuleSpec(
                        "r-2", "Secret", RuleKind.SECRET, null, "", List.of("token"), false, false, Action.WARN));
        assertThat(regex("i", true).toSpec("r-3").caseSensitive())
                .as("an old regex follows its flags")
                .isFalse();
        assertThat(rule("R", "regex", "x", null, null, null, true, "warn")
                        .toSpec("r-4")
                        .wholeWord())
                .isFalse();
        assertThat(keywords(null, true).toSpec("r-5").wholeWord()).isTrue();
    }

    @Test
    void anUnknownKindOrAnActionOtherThanWarnOrBlockIsRefused() {
        for (String kind : List.of("Regex", "creditcard", "", "pii")) {
            assertRefused(
                    () -> rule("n", kind, "x", null, null, null, null, "warn").authoredSpec("r"),
                    "kind must be one of keyword, regex, credit_card, iban, secret");
            assertRefused(
                    () -> rule("n", kind, "x", null, null, null, null, "warn").toSpec("r"), "kind must be");
        }
        for (String action : List.of("allow", "BLOCK", "deny", "")) {
            assertRefused(
                    () -> rule("n", "regex", "x", null, null, null, null, action)
                            .authoredSpec("r"),
                    "action must be warn or block");
        }
    }

    @Test
    void theBodysFieldsAreChecked() {
        assertThat(invalidFields(regex("", null))).isEmpty();
        assertThat(invalidFields(keywords(null, null))).isEmpty();
        assertThat(invalidFields(rule(" ", "", null, null, null, null, null, " ")))
                .containsOnly("name", "kind", "action");
        assertThat(invalidFields(rule("n".repeat(201), "regex", "x", null, null, null, null, "warn")))
                .containsOnly("name");
        assertThat(invalidFields(rule("n".repeat(200), "regex", "x".repeat(2000), "imsux", null, null, null, "warn")))
                .isEmpty();
        assertThat(invalidFields(rule("n", "regex", "x".repeat(2001), "i".repeat(11), null, null, null, "warn")))
                .containsOnly("pattern", "flags");
        assertThat(invalidFields(rule("na\0me", "regex", "a\ud800", null, null, null, null, "warn")))
                .containsOnly("name", "pattern");
        assertThat(invalidFields(rule(
                        "n", "keyword", null, null, List.of("ok", " ", "k".repeat(201), "\0"), null, null, "warn")))
                .containsOnly("keywords");
        var description =
                new RuleDefinition(null, "n", "regex", "x", null, null, null, null, "warn", false, null, "\udc00");
        assertThat(invalidFields(description)).containsOnly("description");
    }
}
