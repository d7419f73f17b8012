package io.streamguard.engine.regex;

import io.streamguard.engine.unicode.UnicodeTables;
import java.util.ArrayList;
import java.util.List;

/**
 * The JavaScript form of a parsed pattern: a source and flags for {@code new RegExp(source, flags)} (never the
 * u flag) that match exactly what the engine's tree matches, leftmost-first, at the same UTF-16 offsets.
 *
 * <p>It is printed from the tree, not copied from the author's text, so that everything JavaScript lacks is
 * already translated: inline and scoped flags become case classes ({@code [kK]}), dot sets and line anchors;
 * {@code \A} and {@code \z} become anchors; group names are dropped (the tree has no captures). Lazy repeats stay
 * lazy. When every char set of the tree is closed under JavaScript's case folding and some set folds, the
 * pattern ships with the i flag and one member per case class, which reads like what the author wrote.
 */
public record ClientPattern(String source, String flags) {

    private static final CharSet DOT = CharSet.LINE_TERMINATOR.complement();

    /** A named escape and the set it stands for, tried in this order inside a class. */
    private record Named(String text, CharSet set) {}

    private static final List<Named> NAMED =
            List.of(new Named("\\w", CharSet.WORD), new Named("\\d", CharSet.DIGIT), new Named("\\s", CharSet.SPACE));

    public static ClientPattern of(Node node) {
        boolean lines = uses(node, Node.Kind.LINE_START) || uses(node, Node.Kind.LINE_END);
        boolean fold = allClosed(node) && anyFolds(node);
        String flags = (fold ? "i" : "") + (lines ? "m" : "");
        StringBuilder out = new StringBuilder();
        new Printer(fold, lines, out).print(node, false);
        return new ClientPattern(out.isEmpty() ? "(?:)" : out.toString(), flags);
    }

    private static boolean uses(Node node, Node.Kind kind) {
        return switch (node) {
            case Node.Assertion a -> a.kind() == kind;
            case Node.Concat c -> c.items().stream().anyMatch(n -> uses(n, kind));
            case Node.Alternation a -> a.alternatives().stream().anyMatch(n -> uses(n, kind));
            case Node.Repeat r -> uses(r.item(), kind);
            case Node.Chars c -> false;
            case Node.Empty e -> false;
        };
    }

    private static boolean allClosed(Node node) {
        return switch (node) {
            case Node.Chars c -> JsCaseFolding.isClosed(c.set());
            case Node.Concat c -> c.items().stream().allMatch(ClientPattern::allClosed);
            case Node.Alternation a -> a.alternatives().stream().allMatch(ClientPattern::allClosed);
            case Node.Repeat r -> allClosed(r.item());
            case Node.Assertion a -> true;
            case Node.Empty e -> true;
        };
    }

    private static boolean anyFolds(Node node) {
        return switch (node) {
            case Node.Chars c -> !isNamed(c.set()) && !reduced(c.set()).equals(c.set());
            case Node.Concat c -> c.items().stream().anyMatch(ClientPattern::anyFolds);
            case Node.Alternation a -> a.alternatives().stream().anyMatch(ClientPattern::anyFolds);
            case Node.Repeat r -> anyFolds(r.item());
            case Node.Assertion a -> false;
            case Node.Empty e -> false;
        };
    }

    /** Whether the set prints as {@code .}, {@code [\s\S]} or a named escape, which the i flag leaves alone. */
    private static boolean isNamed(CharSet set) {
        if (set.equals(DOT) || set.equals(CharSet.ALL)) {
            return true;
        }
        for (Named named : NAMED) {
            if (set.equals(named.set()) || set.equals(named.set().complement())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A closed set with one member per case class (the lower case of the class's canonical form where that is
     * in the class, as {@code k} for {@code k K} and {@code σ} for {@code σ ς Σ}), whose closure is the set
     * again; the set itself when no smaller one does that.
     */
    static CharSet reduced(CharSet set) {
        StringBuilder drop = new StringBuilder();
        // only chars that fold together with another can be dropped
        int[] r = JsCaseFolding.foldable().intersection(set).ranges();
        for (int i = 0; i < r.length; i += 2) {
            for (int c = r[i]; c <= r[i + 1]; c++) {
                char kept = representative((char) c);
                if (kept != c && set.contains(kept)) {
                    drop.append((char) c);
                }
            }
            if (drop.length() > 4096) {
                return set;
            }
        }
        if (drop.isEmpty()) {
            return set;
        }
        char[] chars = drop.toString().toCharArray();
        CharSet smaller = set.minus(CharSet.ofSortedChars(chars));
        return JsCaseFolding.closure(smaller).equals(set) ? smaller : set;
    }

    /** The member of c's case class that prints for the whole class. */
    private static char representative(char c) {
        char canon = JsCaseFolding.canonical(c);
        char lower = UnicodeTables.toLowerCase(canon);
        return JsCaseFolding.canonical(lower) == canon ? lower : canon;
    }

    private static final class Printer {

        private final boolean fold;

        private final boolean lines;

        private final StringBuilder out;

        Printer(boolean fold, boolean lines, StringBuilder out) {
            this.fold = fold;
            this.lines = lines;
            this.out = out;
        }

        /** Prints {@code node}; {@code atom} asks for something a quantifier can follow. */
        void print(Node node, boolean atom) {
            switch (node) {
                case Node.Chars c -> chars(c.set());
                case Node.Assertion a -> out.append(assertion(a.kind()));
                case Node.Empty e -> out.append(atom ? "(?:)" : "");
                case Node.Concat c -> {
                    if (atom) {
                        out.append("(?:");
                    }
                    for (Node item : c.items()) {
                        print(item, item instanceof Node.Alternation);
                    }
                    if (atom) {
                        out.append(')');
                    }
                }
                case Node.Alternation a -> {
                    if (atom) {
                        out.append("(?:");
                    }
                    for (int i = 0; i < a.alternatives().size(); i++) {
                        if (i > 0) {
                            out.append('|');
                        }
                        print(a.alternatives().get(i), false);
                    }
                    if (atom) {
                        out.append(')');
                    }
                }
                case Node.Repeat r -> {
                    if (atom) {
                        out.append("(?:");
                    }
                    print(r.item(), !(r.item() instanceof Node.Chars));
                    out.append(quantifier(r.min(), r.max()));
                    if (!r.greedy()) {
                        out.append('?');
                    }
                    if (atom) {
                        out.append(')');
                    }
                }
            }
        }

        private String assertion(Node.Kind kind) {
            return switch (kind) {
                // under the m flag ^ and $ mean lines; the text's own ends are said without it
                case TEXT_START -> lines ? "(?<![\\s\\S])" : "^";
                case TEXT_END -> lines ? "(?![\\s\\S])" : "$";
                case LINE_START -> "^";
                case LINE_END -> "$";
                case WORD_BOUNDARY -> "\\b";
                case NOT_WORD_BOUNDARY -> "\\B";
            };
        }

        private static String quantifier(int min, int max) {
            if (min == 0 && max == -1) {
                return "*";
            }
            if (min == 1 && max == -1) {
                return "+";
            }
            if (min == 0 && max == 1) {
                return "?";
            }
            if (max == -1) {
                return "{" + min + ",}";
            }
            return min == max ? "{" + min + "}" : "{" + min + "," + max + "}";
        }

        private void chars(CharSet target) {
            CharSet set = fold ? reduced(target) : target;
            if (set.isEmpty()) {
                out.append("[]");
                return;
            }
            if (set.single() >= 0) {
                literal((char) set.single());
                return;
            }
            if (target.equals(DOT)) {
                out.append('.');
                return;
            }
            if (target.equals(CharSet.ALL)) {
                out.append("[\\s\\S]");
                return;
            }
            for (Named named : NAMED) {
                if (target.equals(named.set())) {
                    out.append(named.text());
                    return;
                }
                if (target.equals(named.set().complement())) {
                    out.append(named.text().toUpperCase(java.util.Locale.ROOT));
                    return;
                }
            }
            String positive = classBody(set);
            CharSet complement = target.complement();
            String negative = classBody(fold ? reduced(complement) : complement);
            // a negated class only when it is much shorter: [0-9a-z] reads better than [^\W_]
            if (negative.length() + 8 < positive.length()) {
                out.append("[^").append(negative).append(']');
            } else {
                out.append('[').append(positive).append(']');
            }
        }

        private String classBody(CharSet set) {
            StringBuilder body = new StringBuilder();
            CharSet rest = set;
            List<Named> used = new ArrayList<>();
            // \d stays 0-9 inside a class: as short, and reads like the author's ranges
            for (Named named : List.of(NAMED.get(0), NAMED.get(2))) {
                if (named.set().minus(rest).isEmpty()) {
                    used.add(named);
                    rest = rest.minus(named.set());
                } else if (named.set().complement().minus(rest).isEmpty()) {
                    used.add(new Named(
                            named.text().toUpperCase(java.util.Locale.ROOT),
                            named.set().complement()));
                    rest = rest.minus(named.set().complement());
                }
            }
            for (Named named : used) {
                body.append(named.text());
            }
            int[] r = rest.ranges();
            for (int i = 0; i < r.length; i += 2) {
                int lo = r[i];
                while (lo <= r[i + 1]) {
                    int hi = Math.min(r[i + 1], pieceEnd(lo));
                    if (hi - lo >= (isAlnum(lo) ? 2 : 3)) {
                        classChar(body, lo);
                        body.append('-');
                        classChar(body, hi);
                    } else {
                        for (int c = lo; c <= hi; c++) {
                            classChar(body, c);
                        }
                    }
                    lo = hi + 1;
                }
            }
            return body.toString();
        }

        /** Ranges are cut where digits and ASCII letters begin and end, so that they read as 0-9, A-Z, a-z. */
        private static int pieceEnd(int c) {
            for (int[] run : new int[][] {
                {0, '0' - 1},
                {'0', '9'},
                {'9' + 1, 'A' - 1},
                {'A', 'Z'},
                {'Z' + 1, 'a' - 1},
                {'a', 'z'},
                {'z' + 1, 0xFFFF}
            }) {
                if (c >= run[0] && c <= run[1]) {
                    return run[1];
                }
            }
            return 0xFFFF;
        }

        private static boolean isAlnum(int c) {
            return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
        }

        private void literal(char c) {
            if ("\\^$.|?*+()[]{}/".indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else {
                plain(out, c);
            }
        }

        private static void classChar(StringBuilder body, int c) {
            if ("\\]^-[".indexOf(c) >= 0) {
                body.append('\\').append((char) c);
            } else {
                plain(body, (char) c);
            }
        }

        private static void plain(StringBuilder sb, char c) {
            if (c >= 0x20 && c < 0x7F || c >= 0xA0 && UnicodeTables.isLetterOrDigit(c) && !Character.isSurrogate(c)) {
                sb.append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\f') {
                sb.append("\\f");
            } else if (c < 0x100) {
                sb.append(String.format("\\x%02X", (int) c));
            } else {
                sb.append(String.format("\\u%04X", (int) c));
            }
        }
    }
}
