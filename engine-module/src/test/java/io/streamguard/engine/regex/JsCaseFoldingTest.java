package io.streamguard.engine.regex;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.engine.js.NodeRunner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JsCaseFoldingTest {

    @Test
    void theTrapsFoldAsJavaScriptWithoutTheUFlag() {
        // İ and ı are no case of i or I; the Kelvin sign and long s do not become ASCII; ß has no one-unit upper case
        assertThat(classOf('i')).isEqualTo("Ii");
        assertThat(classOf('\u0130')).isEqualTo("\u0130");
        assertThat(classOf('\u0131')).isEqualTo("\u0131");
        assertThat(classOf('k')).isEqualTo("Kk");
        assertThat(classOf('\u212A')).isEqualTo("\u212A");
        assertThat(classOf('s')).isEqualTo("Ss");
        assertThat(classOf('\u017F')).isEqualTo("\u017F");
        assertThat(classOf('ß')).isEqualTo("ß");
        assertThat(classOf('ς')).isEqualTo("Σςσ");
        assertThat(classOf('é')).isEqualTo("Éé");
        assertThat(classOf('µ')).isEqualTo("µΜμ");
    }

    @Test
    void theCanonicalFormOfEveryCodeUnitIsJavaScripts() {
        JsonNode js = NodeRunner.run("""
				function main(input, out) {
				  const canon = [];
				  for (let c = 0; c < 0x10000; c++) {
				    const ch = String.fromCharCode(c);
				    const u = ch.toUpperCase();
				    canon.push(u.length !== 1 ? c : (c >= 128 && u.charCodeAt(0) < 128 ? c : u.charCodeAt(0)));
				  }
				  out(canon);
				}
				""", List.of());
        List<String> differences = new ArrayList<>();
        for (int c = 0; c < 0x10000; c++) {
            if (js.get(c).asInt() != JsCaseFolding.canonical((char) c)) {
                differences.add(String.format(
                        "U+%04X: JavaScript U+%04X, here U+%04X",
                        c, js.get(c).asInt(), (int) JsCaseFolding.canonical((char) c)));
            }
        }
        // node's ICU may be a Unicode version behind the JDK's: only letters new in between may differ
        System.out.printf(
                "case folding: %d of 65,536 code units differ from node %s%n", differences.size(), differences);
        assertThat(differences).hasSizeLessThan(20);
    }

    @Test
    void javaScriptsRegExpAgreesOnTheTraps() {
        String traps = "iIİıkK\u212AsSſßẞσςΣéÉµμΜ";
        List<String> pairs = new ArrayList<>();
        for (char a : traps.toCharArray()) {
            for (char b : traps.toCharArray()) {
                pairs.add("" + a + b);
            }
        }
        JsonNode js = NodeRunner.run("""
				function main(pairs, out) {
				  out(pairs.map(p => new RegExp('^' + p[0] + '$', 'i').test(p[1])));
				}
				""", pairs);
        for (int i = 0; i < pairs.size(); i++) {
            char a = pairs.get(i).charAt(0);
            char b = pairs.get(i).charAt(1);
            assertThat(JsCaseFolding.closure(CharSet.of(a)).contains(b))
                    .as("/%s/i on %s", a, b)
                    .isEqualTo(js.get(i).asBoolean());
        }
    }

    private static String classOf(char c) {
        StringBuilder out = new StringBuilder();
        int[] r = JsCaseFolding.closure(CharSet.of(c)).ranges();
        for (int i = 0; i < r.length; i += 2) {
            for (int x = r[i]; x <= r[i + 1]; x++) {
                out.append((char) x);
            }
        }
        return out.toString();
    }
}
