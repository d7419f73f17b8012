package io.streamguard.console.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.rules.RuleDefinition;
import io.streamguard.api.rules.RuleView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The rule form on its own: no Spring, no browser, a stand-in for the engine's validator. */
class RuleFormTest {

    private final List<RuleDefinition> validated = new ArrayList<>();
    private final RuleForm form = new RuleForm(rule -> {
        validated.add(rule);
        return rule.kind().equals("regex")
                        && rule.pattern() != null
                        && rule.pattern().contains("\\1")
                ? List.of("backreferences (\\1) are not supported: they need backtracking")
                : rule.kind().equals("keyword") && rule.keywords().isEmpty()
                        ? List.of("the keyword list is empty: add at least one keyword")
                        : List.of();
    });

    @Test
    void savingAValidNewRuleFiresASaveEventWithTheDraftAsTheEngineSeesIt() {
        AtomicReference<RuleDefinition> saved = new AtomicReference<>();
        form.addSaveListener(e -> saved.set(e.rule()));

        form.name.setValue("  Codename  ");
        form.keywords.setValue("project falcon\n\n  project osprey ");
        form.action.setValue("warn");
        form.save.click();

        assertThat(saved.get()).isNotNull();
        assertThat(saved.get().id()).isNull();
        assertThat(saved.get().name()).isEqualTo("Codename");
        assertThat(saved.get().kind()).isEqualTo("keyword");
        assertThat(saved.get().keywords()).containsExactly("project falcon", "project osprey");
        assertThat(saved.get().action()).isEqualTo("warn");
        assertThat(saved.get().wholeWord()).isTrue();
        assertThat(saved.get().pattern()).isNull();
    }

    @Test
    void aRegexDraftLeavesTheKeywordOptionsOutSoItsCaseFollowsItsFlags() {
        form.name.setValue("Key");
        form.kind.setValue("regex");
        form.pattern.setValue("AKIA[0-9A-Z]{16}");

        RuleDefinition draft = form.draft();
        assertThat(draft.caseSensitive()).isNull();
        assertThat(draft.wholeWord()).isNull();
        assertThat(draft.authoredSpec("r").caseSensitive()).isTrue();
        assertThat(draft.authoredSpec("r").flags()).isEmpty();
    }

    @Test
    void theValidatorsSentencesAreShownAsTheAuthorTypesAndSaveIsDisabled() {
        form.name.setValue("Repeated word");
        form.kind.setValue("regex");
        form.pattern.setValue("(\\w+) \\1");

        assertThat(form.problems()).containsExactly("backreferences (\\1) are not supported: they need backtracking");
        assertThat(form.save.isEnabled()).isFalse();
        assertThat(validated).last().extracting(RuleDefinition::pattern).isEqualTo("(\\w+) \\1");

        form.pattern.setValue("(\\w+) again");

        assertThat(form.problems()).isEmpty();
        assertThat(form.save.isEnabled()).isTrue();
    }

    @Test
    void aRuleWithoutANameIsNotSavedAndSaysWhy() {
        AtomicReference<RuleDefinition> saved = new AtomicReference<>();
        form.addSaveListener(e -> saved.set(e.rule()));
        form.keywords.setValue("falcon");

        form.save.click();

        assertThat(saved.get()).isNull();
        assertThat(form.problems()).containsExactly("the name is empty: give the rule a name");
    }

    @Test
    void onlyTheFieldsOfTheChosenKindAreShownAndSent() {
        form.name.setValue("Cards");
        form.keywords.setValue("leftover");
        form.kind.setValue("credit_card");

        assertThat(form.keywords.isVisible()).isFalse();
        assertThat(form.pattern.isVisible()).isFalse();
        assertThat(form.clientSide.isVisible()).isFalse();
        assertThat(form.draft().keywords()).isEmpty();
        assertThat(form.draft().clientSide()).isFalse();

        form.kind.setValue("regex");

        assertThat(form.pattern.isVisible()).isTrue();
        assertThat(form.flags.isVisible()).isTrue();
        assertThat(form.keywords.isVisible()).isFalse();
    }

    @Test
    void theTestBenchHearsOfEveryDraftTheEngineAcceptsAndOfNoneItRefuses() {
        List<RuleDefinition> drafts = new ArrayList<>();
        form.addDraftListener(e -> drafts.add(e.rule()));

        form.name.setValue("Codename");
        form.keywords.setValue("falcon");

        assertThat(drafts).hasSize(2);
        assertThat(drafts.get(0)).isNull();
        assertThat(drafts.get(1).keywords()).containsExactly("falcon");
    }

    @Test
    void editingASavedRuleKeepsItsIdAndOffersDeleteHistoryAndDisable() {
        RuleView rule = new RuleView(
                "r-7",
                "AWS key",
                "regex",
                "AKIA[0-9A-Z]{16}",
                "",
                List.of(),
                true,
                false,
                "block",
                true,
                true,
                "",
                Instant.EPOCH,
                "admin",
                Instant.EPOCH,
                "admin");
        AtomicReference<RuleForm.ToggleEvent> toggled = new AtomicReference<>();
        AtomicReference<RuleForm.DeleteEvent> deleted = new AtomicReference<>();
        form.addToggleListener(toggled::set);
        form.addDeleteListener(deleted::set);

        form.edit(rule);
        form.toggle.click();
        form.delete.click();

        assertThat(form.draft().id()).isEqualTo("r-7");
        assertThat(form.draft().pattern()).isEqualTo("AKIA[0-9A-Z]{16}");
        assertThat(form.toggle.getText()).isEqualTo("Disable");
        assertThat(toggled.get().enable()).isFalse();
        assertThat(deleted.get().rule().id()).isEqualTo("r-7");
        assertThat(form.history.isVisible()).isTrue();
    }

    @Test
    void aNewRuleOffersNeitherDeleteNorHistory() {
        form.edit(null);

        assertThat(form.delete.isVisible()).isFalse();
        assertThat(form.history.isVisible()).isFalse();
        assertThat(form.toggle.isVisible()).isFalse();
    }
}
