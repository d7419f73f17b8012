package io.streamguard.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleKind;
import io.streamguard.engine.rules.RuleSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleSetJsonTest {

    @Test
    void readsTheCompactFormIntoTheEnginesRuleSpecs() {
        RuleSetJson.RuleSet set = RuleSetJson.parse("""
                {"version": 42, "rules": [
                  {"id": "r", "kind": "regex", "pattern": "a\\\\d+\\"", "flags": "i", "action": "warn"},
                  {"id": "k", "name": "Words", "kind": "keyword", "keywords": ["foo", "b\\u00e4r"],
                   "caseSensitive": true, "wholeWord": true, "action": "block"},
                  {"id": "cc", "kind": "credit_card", "action": "block"},
                  {"id": "s", "kind": "secret", "keywords": [], "action": "allow"}
                ]}
                """);
        assertThat(set.version()).isEqualTo(42);
        assertThat(set.rules())
                .containsExactly(
                        RuleSpec.regex("r", "r", "a\\d+\"", "i", Action.WARN),
                        RuleSpec.keyword("k", "Words", List.of("foo", "bär"), true, true, Action.BLOCK),
                        RuleSpec.detector("cc", "cc", RuleKind.CREDIT_CARD, Action.BLOCK),
                        RuleSpec.secret("s", "s", List.of(), Action.ALLOW));
    }

    @Test
    void readsTodaysClientRulesAsTheyAre() {
        RuleSetJson.RuleSet set = RuleSetJson.parse("""
                {"regex": [{"id": "r", "pattern": "x+", "flags": "", "action": "block"}],
                 "keywords": [{"id": "k", "keywords": ["Foo"], "caseSensitive": false, "wholeWord": false,
                   "action": "warn", "folded": ["foo"], "foldMap": {"F": "f"}}]}
                """);
        assertThat(set.rules())
                .containsExactly(
                        RuleSpec.regex("r", "r", "x+", "", Action.BLOCK),
                        RuleSpec.keyword("k", "k", List.of("Foo"), false, false, Action.WARN));
    }

    @Test
    void refusesWhatIsNotARuleSetSayingWhere() {
        assertThatThrownBy(() -> RuleSetJson.parse("{\"rules\": [}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at char 11");
        assertThatThrownBy(() -> RuleSetJson.parse("{\"version\": 1}")).hasMessageContaining("needs \"rules\"");
        assertThatThrownBy(() -> RuleSetJson.parse("{\"rules\": [{\"id\": \"x\", \"kind\": \"fuzzy\"}]}"))
                .hasMessageContaining("unknown rule kind 'fuzzy'");
        assertThatThrownBy(() -> RuleSetJson.parse("[] x")).hasMessageContaining("text after the rule set");
    }
}
