package io.streamguard.benchmarks;

import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleKind;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.CompiledRuleSet;
import io.streamguard.engine.scan.ScanUpdate;
import io.streamguard.engine.scan.StreamScan;
import io.streamguard.engine.scan.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many chars late the engine reports a regex rule: streams of the realistic text with secrets sprinkled in
 * arrive in 4-char tokens; for each stream and each regex rule that fires, the chars received when the engine
 * first reported it, less the chars received when a match of it first lay wholly in the text whatever came next
 * (the moment of certainty, asked of {@code java.util.regex} on each token boundary). A rule that waited for
 * {@code finish} counts the text's length plus one.
 */
public final class Lateness {

    private static final int TOKEN = 4;

    private static final String[] SECRETS = {
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----",
        "BEGIN SECRET hunter2 END SECRET",
        "xoxb-123456789012-1234567890123-abcdefghijABCDEFGHIJklmn",
        "AKIAIOSFODNN7EXAMPLE",
        "ghp_1234567890abcdefghijABCDEFGHIJ123456",
        "api_key = \"Zk9q2LmX7pB4vN8rT3yW6s\"",
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUV"
    };

    private Lateness() {}

    public static void main(String[] args) {
        List<RuleSpec> rules = new ArrayList<>(Workload.rules().stream()
                .filter(r -> r.kind() == RuleKind.REGEX)
                .toList());
        rules.add(RuleSpec.regex(
                "private-key",
                "private key",
                "-----BEGIN[ A-Z]*PRIVATE KEY-----[\\s\\S]*?-----END[ A-Z]*PRIVATE KEY-----",
                "",
                Action.BLOCK));
        rules.add(RuleSpec.regex("secret-block", "secret block", "BEGIN SECRET[^#]*END SECRET", "", Action.BLOCK));
        rules.add(RuleSpec.regex("slack", "slack token", "xox[bp]-[0-9A-Za-z-]{10,48}", "", Action.BLOCK));
        CompiledRuleSet compiled = RuleSetCompiler.compile(1, rules);
        List<Pattern> references = rules.stream()
                .map(r -> Pattern.compile(
                        java(Objects.requireNonNull(r.pattern(), "these are regex rules")),
                        r.hasFlag('i') ? Pattern.CASE_INSENSITIVE : 0))
                .toList();
        int streams = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        long firings = 0;
        long late = 0;
        long lateChars = 0;
        long maxLate = 0;
        long atFinish = 0;
        long early = 0;
        for (int s = 0; s < streams; s++) {
            String text = text(s);
            int[] reported = reportedAt(compiled, rules, text);
            for (int r = 0; r < rules.size(); r++) {
                if (reported[r] < 0) {
                    continue;
                }
                int certain = certainAt(references.get(r), text);
                firings++;
                long delay = reported[r] - certain;
                if (delay < 0) {
                    early++;
                }
                if (delay > 0) {
                    late++;
                    lateChars += delay;
                    maxLate = Math.max(maxLate, delay);
                }
                if (reported[r] > text.length()) {
                    atFinish++;
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%d streams, %d rule firings: %d reported late (%d only at finish), "
                        + "%d chars late in all, %.1f on average per firing, at most %d; %d reported early%n",
                streams,
                firings,
                late,
                atFinish,
                lateChars,
                firings == 0 ? 0.0 : (double) lateChars / firings,
                maxLate,
                early);
    }

    /** About 1,500 chars of the realistic text with two or three secrets in it. */
    private static String text(int seed) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder(Workload.text(1500, seed));
        for (int i = 0, n = 2 + random.nextInt(2); i < n; i++) {
            int at = random.nextInt(out.length());
            out.insert(at, " " + SECRETS[random.nextInt(SECRETS.length)] + " ");
        }
        return out.toString();
    }

    /** Per rule, the chars received when it was first reported; the length plus one if at finish; -1 if never. */
    private static int[] reportedAt(CompiledRuleSet compiled, List<RuleSpec> rules, String text) {
        int[] at = new int[rules.size()];
        java.util.Arrays.fill(at, -1);
        StreamScan scan = compiled.newScan();
        for (int p = 0; p < text.length(); p += TOKEN) {
            int end = Math.min(text.length(), p + TOKEN);
            note(scan.append(compiled, p, text.substring(p, end)), rules, at, end);
        }
        note(scan.finish(compiled), rules, at, text.length() + 1);
        return at;
    }

    private static void note(ScanUpdate update, List<RuleSpec> rules, int[] at, int received) {
        for (Violation v : update.newViolations()) {
            for (int r = 0; r < rules.size(); r++) {
                if (rules.get(r).id().equals(v.ruleId()) && at[r] < 0) {
                    at[r] = received;
                }
            }
        }
    }

    /** The first token boundary (or the length plus one, for the end of the text) at which the rule is certain. */
    private static int certainAt(Pattern pattern, String text) {
        for (int p = TOKEN; p < text.length() + TOKEN; p += TOKEN) {
            String prefix = text.substring(0, Math.min(p, text.length()));
            if (certain(pattern, prefix)) {
                return prefix.length();
            }
        }
        return text.length() + 1;
    }

    private static boolean certain(Pattern pattern, String prefix) {
        for (String next : List.of("", "a", " ", "\n")) {
            Matcher m = pattern.matcher(prefix + next);
            m.region(0, prefix.length());
            m.useTransparentBounds(true);
            m.useAnchoringBounds(false);
            if (!m.find()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The portable pattern in Java's syntax: an unescaped {@code $} outside a class is the end of the text, and a
     * named group (RE2's {@code (?P<name>…)} too) is a plain group.
     */
    private static String java(String pattern) {
        StringBuilder out = new StringBuilder();
        boolean inClass = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                out.append(c).append(pattern.charAt(++i));
                continue;
            }
            if (!inClass && (pattern.startsWith("(?P<", i) || pattern.startsWith("(?<", i))) {
                // a group's name means nothing to the match, and Java's names cannot hold an underscore
                out.append("(?:");
                i = pattern.indexOf('>', i);
                continue;
            }
            if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            }
            out.append(c == '$' && !inClass ? "\\z" : String.valueOf(c));
        }
        return out.toString();
    }
}
