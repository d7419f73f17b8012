package io.streamguard.engine.regex;

import io.streamguard.engine.unicode.UnicodeTables;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Literals that every match of a pattern contains, and how far from the match start they can end.
 *
 * <p>If every match {@code [s, e)} contains one of {@link #literals()} (compared after simple case folding)
 * ending at most {@link #window()} chars after {@code s}, then a match can only start in the
 * {@code window} chars before a literal occurrence ends. The scanner starts threads only there.
 *
 * <p>{@link #lead()} holds every char that can occur in a match from its start to the end of that literal: text
 * ending in a char outside it cannot be the start of a match whose literal is still to come.
 */
public record Prefilter(List<String> literals, int window, CharSet lead) {

    private static final int MAX_LITERALS = 64;

    private static final int MIN_LITERAL = 3;

    private static final int MAX_WINDOW = 4096;

    /**
     * What we know of a node: its length bounds, its exact strings if few, its best required factor, every char it
     * can match ({@code chars}) and those it can match up to the end of its factor ({@code lead}).
     */
    private record Info(
            int minLen,
            int maxLen,
            @Nullable Set<String> exact,
            @Nullable Set<String> factor,
            int factorEnd,
            CharSet chars,
            CharSet lead) {}

    private static final int INF = Integer.MAX_VALUE / 4;

    /** The prefilter of a pattern, or null if none selective enough exists. */
    public static @Nullable Prefilter of(Node node) {
        Info info = info(node);
        Set<String> best = info.factor;
        int end = info.factorEnd;
        CharSet lead = info.lead;
        if (info.exact != null && info.maxLen < INF && score(info.exact) >= score(best)) {
            best = info.exact;
            end = info.maxLen;
            lead = info.chars;
        }
        if (best == null || score(best) < MIN_LITERAL || end >= MAX_WINDOW) {
            return null;
        }
        return new Prefilter(List.copyOf(best), end, lead);
    }

    private static int score(@Nullable Set<String> set) {
        if (set == null || set.isEmpty()) {
            return 0;
        }
        return set.stream().mapToInt(String::length).min().orElse(0);
    }

    static char fold(char c) {
        return UnicodeTables.toLowerCase(UnicodeTables.toUpperCase(c));
    }

    private static Info info(Node node) {
        return switch (node) {
            case Node.Empty e -> new Info(0, 0, Set.of(""), null, INF, CharSet.EMPTY, CharSet.EMPTY);
            case Node.Assertion a -> new Info(0, 0, Set.of(""), null, INF, CharSet.EMPTY, CharSet.EMPTY);
            case Node.Chars c -> {
                Set<String> exact = null;
                // up to ten, so that a digit next to a short literal (\dQ~) still yields literals
                if (c.set().size() <= 10) {
                    exact = new LinkedHashSet<>();
                    int[] r = c.set().ranges();
                    for (int i = 0; i < r.length; i += 2) {
                        for (int ch = r[i]; ch <= r[i + 1]; ch++) {
                            exact.add(String.valueOf(fold((char) ch)));
                        }
                    }
                    if (exact.size() > 10) {
                        exact = null;
                    }
                }
                yield new Info(1, 1, exact, null, INF, c.set(), CharSet.EMPTY);
            }
            case Node.Alternation a -> {
                int min = INF;
                int max = 0;
                Set<String> exact = new LinkedHashSet<>();
                Set<String> factor = new LinkedHashSet<>();
                int factorEnd = 0;
                CharSet chars = CharSet.EMPTY;
                CharSet lead = CharSet.EMPTY;
                for (Node alt : a.alternatives()) {
                    Info i = info(alt);
                    chars = chars.union(i.chars);
                    min = Math.min(min, i.minLen);
                    max = Math.max(max, i.maxLen);
                    if (exact != null && i.exact != null) {
                        exact.addAll(i.exact);
                    } else {
                        exact = null;
                    }
                    Set<String> f = i.factor;
                    int fe = i.factorEnd;
                    CharSet fl = i.lead;
                    if (i.exact != null && (f == null || score(i.exact) >= score(f))) {
                        f = i.exact;
                        fe = i.maxLen;
                        fl = i.chars;
                    }
                    if (factor != null && f != null) {
                        factor.addAll(f);
                        factorEnd = Math.max(factorEnd, fe);
                        lead = lead.union(fl);
                    } else {
                        factor = null;
                    }
                }
                yield new Info(min, max, cap(exact), cap(factor), factor == null ? INF : factorEnd, chars, lead);
            }
            case Node.Repeat r -> {
                Info i = info(r.item());
                int min = (int) Math.min((long) i.minLen * r.min(), INF);
                int max = r.max() == -1 || i.maxLen >= INF
                        ? (i.maxLen == 0 ? 0 : INF)
                        : (int) Math.min((long) i.maxLen * r.max(), INF);
                Set<String> exact = null;
                if (r.min() == r.max() && i.exact != null && r.min() <= 8) {
                    exact = Set.of("");
                    for (int k = 0; k < r.min() && exact != null; k++) {
                        exact = product(exact, i.exact);
                    }
                }
                Set<String> factor = null;
                int factorEnd = INF;
                CharSet lead = i.lead;
                if (r.min() >= 1) {
                    factor = i.factor;
                    factorEnd = i.factorEnd;
                    if (i.exact != null && (factor == null || score(i.exact) >= score(factor))) {
                        factor = i.exact;
                        factorEnd = i.maxLen;
                        lead = i.chars;
                    }
                }
                yield new Info(min, max, exact, factor, factorEnd, i.chars, lead);
            }
            case Node.Concat c -> {
                int min = 0;
                int max = 0;
                Set<String> exact = Set.of("");
                // the best factor seen so far, and a run of exact items being multiplied out
                Set<String> best = null;
                int bestEnd = INF;
                Set<String> run = Set.of("");
                int runStartMax = 0;
                CharSet chars = CharSet.EMPTY;
                CharSet bestLead = CharSet.EMPTY;
                for (Node item : c.items()) {
                    Info i = info(item);
                    CharSet prefixChars = chars;
                    chars = chars.union(i.chars);
                    if (i.exact != null) {
                        Set<String> grown = run == null ? null : product(run, i.exact);
                        if (grown == null) {
                            run = i.exact;
                            runStartMax = max;
                        } else {
                            run = grown;
                        }
                    } else {
                        run = null;
                    }
                    int prefixMax = max;
                    min = add(min, i.minLen);
                    max = add(max, i.maxLen);
                    exact = exact == null || i.exact == null ? null : product(exact, i.exact);
                    if (run != null && better(run, max, best, bestEnd)) {
                        best = run;
                        bestEnd = max;
                        bestLead = chars;
                    }
                    if (i.factor != null && better(i.factor, add(prefixMax, i.factorEnd), best, bestEnd)) {
                        best = i.factor;
                        bestEnd = add(prefixMax, i.factorEnd);
                        bestLead = prefixChars.union(i.lead);
                    }
                    if (run == null) {
                        run = Set.of("");
                        runStartMax = max;
                    }
                }
                yield new Info(min, max, exact, best, best == null ? INF : bestEnd, chars, bestLead);
            }
        };
    }

    /** A usable factor with a bounded window beats any without; then one that begins nearer, then a longer one. */
    private static boolean better(Set<String> candidate, int candidateEnd, @Nullable Set<String> best, int bestEnd) {
        boolean candidateUsable = score(candidate) >= MIN_LITERAL && candidateEnd < MAX_WINDOW;
        boolean bestUsable = best != null && score(best) >= MIN_LITERAL && bestEnd < MAX_WINDOW;
        if (candidateUsable != bestUsable) {
            return candidateUsable;
        }
        int candidateStart = candidateEnd - score(candidate);
        int bestStart = bestEnd - score(best);
        if (candidateUsable && candidateStart != bestStart) {
            // the literal that begins nearer: fewer chars can be the start of a match whose literal is still to come
            return candidateStart < bestStart;
        }
        if (score(candidate) != score(best)) {
            return score(candidate) > score(best);
        }
        return candidateEnd < bestEnd;
    }

    private static int add(int a, int b) {
        return Math.min(a + b, INF);
    }

    private static @Nullable Set<String> cap(@Nullable Set<String> set) {
        return set == null || set.size() > MAX_LITERALS ? null : set;
    }

    private static @Nullable Set<String> product(Set<String> a, Set<String> b) {
        if ((long) a.size() * b.size() > MAX_LITERALS) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String x : a) {
            for (String y : b) {
                if (x.length() + y.length() > 64) {
                    return null;
                }
                out.add(x + y);
            }
        }
        return out;
    }
}
