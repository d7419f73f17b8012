package io.streamguard.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleKind;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.CompiledRuleSet;
import io.streamguard.engine.scan.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorsTest {

    private final CompiledRuleSet rules = RuleSetCompiler.compile(
            1,
            List.of(
                    RuleSpec.detector("card", "Card", RuleKind.CREDIT_CARD, Action.BLOCK),
                    RuleSpec.detector("iban", "IBAN", RuleKind.IBAN, Action.BLOCK),
                    RuleSpec.secret("secret", "Secret", List.of("api_key", "token"), Action.WARN)));

    private List<String> found(String text) {
        return rules.check(text).stream()
                .map(v -> v.ruleId() + ":" + v.excerpt())
                .toList();
    }

    @Test
    void luhnValidCardNumbersAreFoundInTheirUsualSpellings() {
        assertThat(found("card 4111 1111 1111 1111 exp")).containsExactly("card:4111 1111 1111 1111");
        assertThat(found("card 4111-1111-1111-1111.")).containsExactly("card:4111-1111-1111-1111");
        assertThat(found("5500005555555559")).containsExactly("card:5500005555555559");
        assertThat(found("amex 378282246310005")).containsExactly("card:378282246310005");
    }

    @Test
    void numbersThatFailLuhnOrLookWrongAreNotCards() {
        assertThat(found("4111 1111 1111 1112")).isEmpty();
        assertThat(found("order 1111111111111117")).isEmpty(); // Luhn-valid, but no card network starts with 1
        assertThat(found("x4111111111111111")).isEmpty();
        assertThat(found("41111111111111111111111")).isEmpty();
        assertThat(CreditCardScan.luhnValid("79927398713")).isTrue();
    }

    @Test
    void ibansWithAValidChecksumAreFoundWithOrWithoutSpaces() {
        assertThat(found("pay DE89 3704 0044 0532 0130 00 today")).containsExactly("iban:DE89 3704 0044 0532 0130 00");
        assertThat(found("GB82WEST12345698765432")).containsExactly("iban:GB82WEST12345698765432");
        assertThat(IbanScan.checksumValid("GB82WEST12345698765432")).isTrue();
    }

    @Test
    void ibansWithAWrongChecksumOrLengthAreNot() {
        assertThat(found("DE89 3704 0044 0532 0130 01")).noneMatch(v -> v.startsWith("iban"));
        assertThat(found("DE89370400440532013")).isEmpty();
        assertThat(found("XX89370400440532013000")).isEmpty();
    }

    @Test
    void aHighEntropyTokenNearAKeywordIsASecret() {
        assertThat(found("api_key = \"Zk9q2LmX7pB4vN8rT3yW6s\"")).containsExactly("secret:Zk9q2LmX7pB4vN8rT3yW6s");
        assertThat(found("TOKEN: aB3dE5gH7jK9mN1pQ2sT")).containsExactly("secret:aB3dE5gH7jK9mN1pQ2sT");
    }

    @Test
    void lowEntropyTokensAndTokensFarFromAKeywordAreNotSecrets() {
        assertThat(found("api_key = aaaaaaaaaaaaaaaaaaaa1")).isEmpty();
        assertThat(found("token " + "filler ".repeat(10) + "Zk9q2LmX7pB4vN8rT3yW6s"))
                .isEmpty();
        assertThat(found("Zk9q2LmX7pB4vN8rT3yW6s")).isEmpty();
    }

    @Test
    void aCardNumberSplitAcrossUpdatesIsFoundOnceAtTheEnd() {
        var scan = rules.newScan();
        assertThat(scan.append(rules, 0, "4111 1111 11").newViolations()).isEmpty();
        assertThat(scan.append(rules, scan.position(), "11 1111").newViolations())
                .isEmpty();
        assertThat(scan.finish(rules).newViolations())
                .extracting(Violation::start, Violation::end)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 19));
    }
}
