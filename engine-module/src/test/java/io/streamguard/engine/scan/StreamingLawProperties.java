package io.streamguard.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleKind;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.rules.RuleValidator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The law of the engine: however a text arrives — cut anywhere, as deltas or as whole contents, with
 * earlier text rewritten on the way, with the state serialized between updates — the violations after
 * finish equal the full check of the final text, and each was reported exactly once (less withdrawals).
 */
class StreamingLawProperties {

    /** Pieces that make matches likely: keywords, their case variants, digits, boundaries, secrets. */
    static final List<String> PIECES = List.of(
            "a",
            "b",
            "ab",
            "c",
            "x",
            "y",
            "foo",
            "Foo",
            "FOO",
            "bar",
            " ",
            " ",
            "  ",
            "\n",
            "-",
            "_",
            "1",
            "12",
            "4111 1111",
            " 1111 1111",
            "4111111111111111",
            "DE89 3704 0044 0532 0130 00",
            "DE89370400440532013000",
            "token",
            "=",
            ": ",
            "Z9kQ2mX7pL4vB8nR3tY6",
            "AKIA",
            "QX7Z",
            "é",
            "ß",
            "K",
            "ab1",
            "@",
            ".",
            "oo",
            "aab",
            "bba",
            "\u2028",
            "\t");

    static final List<String> PATTERNS = List.of(
            "a+b",
            "ab|a",
            "a[ab]*b",
            "\\bfoo\\b",
            "[0-9]{2,4}",
            "x[a-c]*y",
            "^ab",
            "b$",
            "(a|ab)(c|bcd)",
            "\\d+-\\d+",
            "foo(bar)?",
            "[^ \\n]+@[^ \\n]+",
            "AKIA[0-9A-Z]{4}",
            "\\Bo+",
            "(?:ab){2,}",
            "a\\s+b",
            "o\\b",
            "\\w+_\\w+",
            "[a-z]{3}\\.[a-z]",
            "b.a",
            "token\\s*[=:]\\s*\\w{4,}",
            "(?:foo|bar){1,3}x?",
            "y|yx|xyz",
            "\\D\\d\\D",
            "1{2,}",
            "[a-c]{0,50}foo[ a-z]{0,6}bar");

    private static final List<List<String>> KEYWORDS = List.of(
            List.of("foo"),
            List.of("ab", "b"),
            List.of("foo bar"),
            List.of("oo", "o"),
            List.of("a b", "ab1"),
            List.of("Foo", "FOO"),
            List.of("é", "ss"),
            List.of("k", "bar"),
            List.of("_1", "-"));

    private static final List<RuleSpec> POOL = pool();

    private static final Map<Long, CompiledRuleSet> SETS = new ConcurrentHashMap<>();

    private static List<RuleSpec> pool() {
        List<RuleSpec> pool = new ArrayList<>();
        int i = 0;
        for (String pattern : PATTERNS) {
            pool.add(RuleSpec.regex("re" + i, "regex " + pattern, pattern, "", Action.WARN));
            pool.add(RuleSpec.regex("ri" + i, "regex/i " + pattern, pattern, "i", Action.BLOCK));
            i++;
        }
        i = 0;
        for (List<String> keywords : KEYWORDS) {
            pool.add(RuleSpec.keyword("kw" + i, "keywords", keywords, false, false, Action.WARN));
            pool.add(RuleSpec.keyword("kc" + i, "keywords", keywords, true, true, Action.BLOCK));
            pool.add(RuleSpec.keyword("kx" + i, "keywords", keywords, false, true, Action.ALLOW));
            i++;
        }
        pool.add(RuleSpec.detector("cc", "card", RuleKind.CREDIT_CARD, Action.BLOCK));
        pool.add(RuleSpec.detector("iban", "iban", RuleKind.IBAN, Action.BLOCK));
        pool.add(RuleSpec.secret("secret", "secret", List.of("token", "ab"), Action.WARN));
        for (RuleSpec rule : pool) {
            assertThat(RuleValidator.problems(rule)).as(rule.id()).isEmpty();
        }
        return List.copyOf(pool);
    }

    /** One of many fixed random subsets of the pool, compiled once. */
    private static CompiledRuleSet ruleSet(long seed) {
        return SETS.computeIfAbsent(seed, s -> {
            Random random = new Random(s);
            List<RuleSpec> rules = new ArrayList<>();
            for (RuleSpec rule : POOL) {
                if (random.nextInt(3) == 0) {
                    rules.add(rule);
                }
            }
            return RuleSetCompiler.compile(s, rules);
        });
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.of(PIECES).list().ofMaxSize(60).map(list -> String.join("", list));
    }

    @Provide
    Arbitrary<Long> ruleSets() {
        return Arbitraries.longs().between(0, 199);
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 1000).list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<Integer> intervals() {
        return Arbitraries.of(1, 3, 8, 32, 4096);
    }

    @Property(tries = 4000)
    void streamedUpdatesAndFinishEqualTheFullCheck(
            @ForAll("texts") String text,
            @ForAll("ruleSets") long set,
            @ForAll("cuts") List<Integer> cuts,
            @ForAll("intervals") int interval,
            @ForAll boolean deltas) {
        CompiledRuleSet rules = ruleSet(set);
        Ledger ledger = new Ledger();
        StreamScan scan = StreamScan.start(rules, interval);
        int sent = 0;
        for (int cut : cuts.stream().map(c -> c % (text.length() + 1)).sorted().toList()) {
            ScanUpdate update = deltas
                    ? scan.append(rules, sent, text.substring(sent, cut))
                    : scan.update(rules, text.substring(0, cut));
            ledger.apply(update, scan);
            sent = cut;
            for (String rest : List.of(text.substring(cut), text.substring(cut) + text, "")) {
                assertNothingChangesBefore(update.safeOffset(), ledger, rules.check(text.substring(0, cut) + rest));
            }
        }
        ledger.apply(deltas ? scan.append(rules, sent, text.substring(sent)) : scan.update(rules, text), scan);
        ledger.apply(scan.finish(rules), scan);
        assertThat(ledger.live).isEqualTo(keys(rules.check(text)));
        assertThat(keys(scan.violations())).isEqualTo(keys(rules.check(text)));
    }

    @Property(tries = 3000)
    void rewritesOfEarlierTextConvergeToTheFullCheck(
            @ForAll("texts") String text,
            @ForAll("ruleSets") long set,
            @ForAll("cuts") List<Integer> cuts,
            @ForAll("texts") String noise,
            @ForAll("intervals") int interval,
            @ForAll("ruleSets") long editSeed) {
        CompiledRuleSet rules = ruleSet(set);
        Random random = new Random(editSeed);
        Ledger ledger = new Ledger();
        StreamScan scan = StreamScan.start(rules, interval);
        for (int cut : cuts.stream().map(c -> c % (text.length() + 1)).sorted().toList()) {
            String content = text.substring(0, cut);
            if (random.nextBoolean() && !content.isEmpty()) {
                // an earlier stretch rewritten: replaced, cut short, or with text inserted
                int at = random.nextInt(content.length());
                int len = random.nextInt(Math.min(content.length() - at, 8) + 1);
                String replacement = noise.substring(0, Math.min(noise.length(), random.nextInt(6)));
                content = content.substring(0, at) + replacement + content.substring(at + len);
            }
            ledger.apply(scan.update(rules, content), scan);
            if (random.nextInt(4) == 0) {
                ledger.apply(scan.update(rules, content), scan); // the same content again
            }
            if (random.nextInt(5) == 0) {
                ledger.apply(scan.finish(rules), scan); // a finish, then the stream goes on
            }
        }
        ledger.apply(scan.update(rules, text), scan);
        ledger.apply(scan.finish(rules), scan);
        assertThat(ledger.live).isEqualTo(keys(rules.check(text)));
        assertThat(keys(scan.violations())).isEqualTo(ledger.live);
        assertThat(scan.position()).isEqualTo(text.length());
    }

    @Property(tries = 3000)
    void aScanSerializedBetweenUpdatesBehavesLikeTheOriginal(
            @ForAll("texts") String text,
            @ForAll("ruleSets") long set,
            @ForAll("cuts") List<Integer> cuts,
            @ForAll("intervals") int interval)
            throws IOException {
        CompiledRuleSet rules = ruleSet(set);
        Ledger ledger = new Ledger();
        StreamScan scan = StreamScan.start(rules, interval);
        int sent = 0;
        for (int cut : cuts.stream().map(c -> c % (text.length() + 1)).sorted().toList()) {
            ledger.apply(scan.append(rules, sent, text.substring(sent, cut)), scan);
            sent = cut;
            StreamScan copy = roundTrip(scan);
            assertThat(copy.toBytes()).isEqualTo(scan.toBytes());
            assertThat(copy.violations()).isEqualTo(scan.violations());
            scan = copy;
        }
        ledger.apply(scan.append(rules, sent, text.substring(sent)), scan);
        scan = roundTrip(scan);
        ledger.apply(scan.finish(rules), scan);
        assertThat(ledger.live).isEqualTo(keys(rules.check(text)));
    }

    /**
     * The law of {@code safeOffset}: whatever text follows, the violations that start before it are those already
     * reported, with the spans reported.
     */
    static void assertNothingChangesBefore(int safeOffset, Ledger ledger, List<Violation> later) {
        Set<String> before = later.stream()
                .filter(v -> v.start() < safeOffset)
                .map(Ledger::key)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> reported = ledger.live.stream()
                .filter(k -> Ledger.start(k) < safeOffset)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(before)
                .as("violations starting before the safe offset %d", safeOffset)
                .isEqualTo(reported);
    }

    static StreamScan roundTrip(StreamScan scan) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        scan.writeTo(new DataOutputStream(bytes));
        return StreamScan.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }

    static Set<String> keys(List<Violation> violations) {
        return violations.stream()
                .map(v -> v.ruleId() + "@" + v.start() + "-" + v.end())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Adds up what updates report, and checks that nothing is reported twice or withdrawn unreported. */
    static final class Ledger {

        final Set<String> live = new TreeSet<>();

        final Map<String, Integer> unused = new HashMap<>();

        void apply(ScanUpdate update, StreamScan scan) {
            for (Violation v : update.withdrawn()) {
                assertThat(live.remove(key(v)))
                        .as("withdrawn but never reported: %s", v)
                        .isTrue();
            }
            for (ScanUpdate.Revision r : update.revised()) {
                assertThat(live.remove(key(r.previous())))
                        .as("revised but never reported: %s", r)
                        .isTrue();
                assertThat(r.current().ruleId()).isEqualTo(r.previous().ruleId());
                assertThat(live.add(key(r.current())))
                        .as("revised into one reported: %s", r)
                        .isTrue();
            }
            for (Violation v : update.newViolations()) {
                assertThat(live.add(key(v))).as("reported twice: %s", v).isTrue();
            }
            assertThat(update.safeOffset()).isBetween(0, update.position());
            assertThat(keys(scan.violations())).isEqualTo(live);
            assertThat(update.position()).isEqualTo(scan.position());
        }

        static String key(Violation v) {
            return v.ruleId() + "@" + v.start() + "-" + v.end();
        }

        static int start(String key) {
            return Integer.parseInt(key.substring(key.lastIndexOf('@') + 1, key.lastIndexOf('-')));
        }
    }
}
