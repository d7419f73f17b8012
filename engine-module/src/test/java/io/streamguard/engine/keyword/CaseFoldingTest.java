package io.streamguard.engine.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.CompiledRuleSet;
import io.streamguard.engine.scan.Violation;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The folding of case-insensitive keywords: one unit to one unit, the traps named in docs/engine.md. */
class CaseFoldingTest {

    private static List<String> found(String keyword, String text) {
        CompiledRuleSet rules = RuleSetCompiler.compile(
                1, List.of(RuleSpec.keyword("k", "k", List.of(keyword), false, false, Action.WARN)));
        return rules.check(text).stream().map(Violation::excerpt).toList();
    }

    @Test
    void foldingAFoldedUnitChangesNothing() {
        for (int c = 0; c < 65536; c++) {
            char f = KeywordAutomaton.fold((char) c);
            assertThat(KeywordAutomaton.fold(f)).as("U+%04X", c).isEqualTo(f);
        }
    }

    @Test
    void theFourLettersIFoldToOne() {
        assertThat(KeywordAutomaton.fold("Iıİi")).isEqualTo("iiii");
        assertThat(found("istanbul", "İSTANBUL and ıstanbul and Istanbul"))
                .containsExactly("İSTANBUL", "ıstanbul", "Istanbul");
    }

    @Test
    void theKelvinSignAndTheLongSFoldToAsciiLetters() {
        assertThat(KeywordAutomaton.fold('\u212A')).isEqualTo('k');
        assertThat(KeywordAutomaton.fold('\u017F')).isEqualTo('s');
        assertThat(found("kiss", "\u212AI\u017F\u017F")).containsExactly("\u212AI\u017F\u017F");
    }

    @Test
    void sharpSStaysOneLetterAndCapitalSharpSFoldsToIt() {
        assertThat(KeywordAutomaton.fold('\u1E9E')).isEqualTo('ß');
        assertThat(KeywordAutomaton.fold('ß')).isEqualTo('ß');
        assertThat(found("straße", "STRA\u1E9EE, Straße")).containsExactly("STRA\u1E9EE", "Straße");
        assertThat(found("strasse", "Straße")).isEmpty();
    }

    @Test
    void finalSigmaFoldsLikeSigma() {
        assertThat(KeywordAutomaton.fold('ς')).isEqualTo('σ');
        assertThat(KeywordAutomaton.fold('Σ')).isEqualTo('σ');
        assertThat(found("οδος", "ΟΔΟΣ, οδος, οδοσ")).containsExactly("ΟΔΟΣ", "οδος", "οδοσ");
    }

    @Test
    void surrogatesAndAstralLettersDoNotFold() {
        assertThat(KeywordAutomaton.fold('\uD801')).isEqualTo('\uD801');
        assertThat(KeywordAutomaton.fold('\uDC00')).isEqualTo('\uDC00');
        // U+10400 DESERET CAPITAL LETTER LONG I, U+10428 its small letter
        assertThat(found("\uD801\uDC28", "\uD801\uDC00")).isEmpty();
    }

    @Test
    void theUnitsThatFoldIntoAKeywordAreListedForClients() {
        assertThat(KeywordAutomaton.foldsInto(Set.of('k', 'i', 's')))
                .containsEntry('K', 'k')
                .containsEntry('\u212A', 'k')
                .containsEntry('\u0130', 'i')
                .containsEntry('\u0131', 'i')
                .containsEntry('I', 'i')
                .containsEntry('\u017F', 's')
                .containsEntry('S', 's')
                .hasSize(7);
    }
}
