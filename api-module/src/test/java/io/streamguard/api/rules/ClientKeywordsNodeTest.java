package io.streamguard.api.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.rules.PublishedRuleSet.ClientKeywords;
import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.CompiledRuleSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The keyword rules as shipped to the plugin, applied in JavaScript by {@code client/keywords.js} the way
 * docs/engine.md tells a plugin to, find exactly what the engine finds: same rules, same spans, over random
 * texts full of case-folding traps, word-boundary edges and astral chars.
 */
class ClientKeywordsNodeTest {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private static final String[] PIECES = {
        "kiss",
        "KISS",
        "\u212AI\u017F\u017F",
        "Kiss",
        "istanbul",
        "İSTANBUL",
        "ıstanbul",
        "Istanbul",
        "straße",
        "STRA\u1E9EE",
        "STRASSE",
        "οδος",
        "ΟΔΟΣ",
        "οδοσ",
        "ς",
        "ǅ",
        "ǆ",
        "東京",
        "タワー",
        "タワ",
        "ー",
        "在",
        "falcon",
        "FALCON",
        "'s",
        ".",
        "_",
        "3",
        " ",
        " ",
        "\n",
        "\u0301",
        "\u00AD",
        "\uFE0F",
        "\uD83D\uDE00",
        "\uD83C\uDFFD",
        "\uD835\uDC1A",
        "\uD801\uDC00",
        "\uD801\uDC28",
        "x",
        "é",
        "\u0130",
        "\u0131",
        "\u017F",
        "\u212A",
        "k",
        "s",
        "i"
    };

    private static final List<RuleSpec> RULES = List.of(
            RuleSpec.keyword("r-1", "folded", List.of("kiss", "istanbul", "straße", "οδος"), false, false, Action.WARN),
            RuleSpec.keyword(
                    "r-2", "folded words", List.of("kiss", "ıi", "falcon", "東京", "タワ", "ǆ"), false, true, Action.BLOCK),
            RuleSpec.keyword(
                    "r-3",
                    "exact words",
                    List.of("İSTANBUL", "Kiss", "\uD83D\uDE00", "タワー", "x"),
                    true,
                    true,
                    Action.WARN),
            RuleSpec.keyword("r-4", "exact", List.of("ſ", "\uD801\uDC28", "ς"), true, false, Action.WARN));

    @Test
    void thePluginsFormFindsWhatTheEngineFinds() throws Exception {
        CompiledRuleSet engine = RuleSetCompiler.compile(1, RULES);
        List<ClientKeywords> shipped = RULES.stream()
                .map(r -> new ClientKeywords(
                        r.id(),
                        r.keywords(),
                        r.caseSensitive(),
                        r.wholeWord(),
                        r.action().wireName()))
                .toList();
        Random random = new Random(29);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(10); n >= 0; n--) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            texts.add(text.toString());
        }
        List<List<List<Object>>> expected = new ArrayList<>();
        for (String text : texts) {
            expected.add(engine.check(text).stream()
                    .map(v -> List.<Object>of(v.ruleId(), v.start(), v.end()))
                    .toList());
        }
        String answer = runNode(JSON.writeValueAsString(Map.of("rules", shipped, "texts", texts)));
        List<?> actual = JSON.readValue(answer, List.class);
        long withViolations = expected.stream().filter(v -> !v.isEmpty()).count();
        assertThat(withViolations).as("the texts must exercise the rules").isGreaterThan(1000);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(actual.get(i))
                    .as("text %d: %s", i, JSON.writeValueAsString(texts.get(i)))
                    .isEqualTo(expected.get(i));
        }
    }

    private static String runNode(String input) throws IOException, InterruptedException {
        Path script;
        try {
            script = Path.of(ClientKeywordsNodeTest.class
                    .getResource("/client/keywords.js")
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Process node;
        try {
            node = new ProcessBuilder("node", script.toString())
                    .redirectErrorStream(false)
                    .start();
        } catch (IOException e) {
            throw new AssertionError(
                    "This test runs the plugin's keyword matching in JavaScript and needs Node.js "
                            + "(v18 or newer) as 'node' on the PATH: " + e.getMessage(),
                    e);
        }
        node.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        node.getOutputStream().close();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as("node failed: %s", err).isZero();
        return out;
    }
}
