package io.streamguard.engine.regex;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the portable pattern syntax into a {@link Node} tree and names every construct outside it.
 *
 * <p>The portable syntax is the part of Java's {@code java.util.regex} and JavaScript's {@code RegExp}
 * (without the u flag) that both read the same way, minus what needs backtracking, plus the RE2 forms that
 * JavaScript lacks but that translate exactly: inline and scoped flags ({@code (?i)}, {@code (?-i:…)},
 * {@code s}, {@code m}, {@code U}), {@code \A}, {@code \z} and {@code (?P<name>…)}. Flags are applied in the
 * tree (case classes, dot sets, line anchors, lazy repeats), so the tree is flag-free. Problems are
 * collected, not thrown: parsing goes on after a refused construct so that one pass names them all.
 */
final class PortableParser {

    static final int MAX_REPEAT = 1000;

    private final String p;

    /** The flags in force at {@code pos}: they change at {@code (?i)} and are restored at the group's end. */
    private boolean ignoreCase;

    private boolean dotAll;

    private boolean multiline;

    private boolean ungreedy;

    private final Set<String> problems = new LinkedHashSet<>();

    private final Set<String> groupNames = new HashSet<>();

    private int pos;

    private PortableParser(String pattern, boolean ignoreCase, boolean dotAll, boolean multiline) {
        this.p = pattern;
        this.ignoreCase = ignoreCase;
        this.dotAll = dotAll;
        this.multiline = multiline;
    }

    record Result(Node node, List<String> problems) {}

    static Result parse(String pattern, boolean ignoreCase, boolean dotAll) {
        return parse(pattern, ignoreCase, dotAll, false);
    }

    static Result parse(String pattern, boolean ignoreCase, boolean dotAll, boolean multiline) {
        PortableParser parser = new PortableParser(pattern, ignoreCase, dotAll, multiline);
        Node node = parser.alternation(0);
        while (parser.pos < pattern.length()) {
            // only an unbalanced ')' stops the alternation at depth 0
            parser.problem("unbalanced ')' at index " + parser.pos + ": remove it or escape it as \\)");
            parser.pos++;
            node = new Node.Concat(List.of(node, parser.alternation(0)));
        }
        return new Result(node, List.copyOf(parser.problems));
    }

    private void problem(String message) {
        problems.add(message);
    }

    private boolean more() {
        return pos < p.length();
    }

    private char peek() {
        return p.charAt(pos);
    }

    private boolean lookingAt(String s) {
        return p.startsWith(s, pos);
    }

    private Node alternation(int depth) {
        List<Node> alternatives = new ArrayList<>();
        alternatives.add(concat(depth));
        while (more() && peek() == '|') {
            pos++;
            alternatives.add(concat(depth));
        }
        return alternatives.size() == 1 ? alternatives.get(0) : new Node.Alternation(alternatives);
    }

    private Node concat(int depth) {
        List<Node> items = new ArrayList<>();
        while (more()) {
            char c = peek();
            if (c == '|') {
                break;
            }
            if (c == ')') {
                if (depth > 0) {
                    break;
                }
                return items.isEmpty() ? new Node.Empty() : new Node.Concat(items);
            }
            int atomStart = pos;
            Node atom = atom(depth);
            Node item = quantified(atom, atomStart);
            if (!(item instanceof Node.Empty)) {
                items.add(item);
            }
        }
        if (items.isEmpty()) {
            return new Node.Empty();
        }
        return items.size() == 1 ? items.get(0) : new Node.Concat(items);
    }

    private Node quantified(Node atom, int atomStart) {
        Node result = atom;
        boolean quantifiedOnce = false;
        while (more()) {
            char c = peek();
            int min;
            int max;
            int quantStart = pos;
            if (c == '*') {
                min = 0;
                max = -1;
                pos++;
            } else if (c == '+') {
                min = 1;
                max = -1;
                pos++;
            } else if (c == '?') {
                min = 0;
                max = 1;
                pos++;
            } else if (c == '{') {
                int[] counted = counted();
                if (counted == null) {
                    return result;
                }
                min = counted[0];
                max = counted[1];
            } else {
                return result;
            }
            String quantifier = p.substring(quantStart, pos);
            if (quantifiedOnce) {
                problem("a quantifier cannot follow another quantifier ('" + p.substring(atomStart, pos)
                        + "'): wrap the quantified part in (?:…) first");
            }
            if (atom instanceof Node.Assertion || atom instanceof Node.Empty) {
                problem("the quantifier '" + quantifier + "' applies to nothing that consumes text: remove it");
            } else if (max != min && canMatchEmpty(atom)) {
                // JavaScript refuses a round that matches nothing beyond the minimum and backtracks into it;
                // Java and RE2 accept it: the two would find different matches
                problem("'" + p.substring(atomStart, pos) + "' repeats something that can match nothing, which "
                        + "JavaScript and the engine would match differently: make the repeated part require a char "
                        + "(e.g. (?:a+)? rather than (?:a*)?)");
            }
            boolean greedy = !ungreedy;
            if (more() && peek() == '?') {
                pos++;
                greedy = ungreedy;
            } else if (more() && peek() == '+') {
                pos++;
                problem("possessive quantifier '" + quantifier + "+' is not supported: JavaScript has none; "
                        + "drop the trailing +");
            }
            result = new Node.Repeat(result, min, max, greedy);
            quantifiedOnce = true;
        }
        return result;
    }

    /** Reads {n}, {n,} or {n,m} at pos; null (pos unchanged) when the brace does not start one. */
    private int @Nullable [] counted() {
        int i = pos + 1;
        int n = 0;
        int digits = 0;
        while (i < p.length() && Character.isDigit(p.charAt(i)) && p.charAt(i) < 128) {
            n = Math.min(n * 10 + (p.charAt(i) - '0'), 1_000_000);
            i++;
            digits++;
        }
        if (digits == 0) {
            problem("'{' at index " + pos + " does not start a counted repeat like {2,5}: "
                    + "Java rejects it and JavaScript reads it as a literal; write \\{ for a literal brace");
            return null;
        }
        int m = n;
        if (i < p.length() && p.charAt(i) == ',') {
            i++;
            int mDigits = 0;
            m = 0;
            while (i < p.length() && Character.isDigit(p.charAt(i)) && p.charAt(i) < 128) {
                m = Math.min(m * 10 + (p.charAt(i) - '0'), 1_000_000);
                i++;
                mDigits++;
            }
            if (mDigits == 0) {
                m = -1;
            }
        }
        if (i >= p.length() || p.charAt(i) != '}') {
            problem("'{' at index " + pos + " does not start a counted repeat like {2,5}: "
                    + "Java rejects it and JavaScript reads it as a literal; write \\{ for a literal brace");
            return null;
        }
        String text = p.substring(pos, i + 1);
        pos = i + 1;
        if (m != -1 && m < n) {
            problem("counted repeat " + text + " has its bounds in the wrong order: write {" + m + "," + n + "}");
            m = n;
        }
        if (n > MAX_REPEAT || m > MAX_REPEAT) {
            problem("counted repeat " + text + " is too large: at most " + MAX_REPEAT
                    + " repetitions are allowed; use a smaller bound or an open one like {20,}");
            n = Math.min(n, MAX_REPEAT);
            m = m == -1 ? -1 : Math.min(m, MAX_REPEAT);
        }
        return new int[] {n, m};
    }

    private Node atom(int depth) {
        char c = p.charAt(pos);
        switch (c) {
            case '(':
                return group(depth);
            case '[':
                return new Node.Chars(charClass());
            case '.':
                pos++;
                return new Node.Chars(dotAll ? CharSet.ALL : CharSet.LINE_TERMINATOR.complement());
            case '^':
                pos++;
                return new Node.Assertion(multiline ? Node.Kind.LINE_START : Node.Kind.TEXT_START);
            case '$':
                pos++;
                return new Node.Assertion(multiline ? Node.Kind.LINE_END : Node.Kind.TEXT_END);
            case '\\':
                return escape();
            case '*':
            case '+':
            case '?':
                pos++;
                problem("the quantifier '" + c + "' at index " + (pos - 1) + " has nothing to repeat: escape it as \\"
                        + c + " for a literal");
                return new Node.Empty();
            case '{':
                if (counted() != null) {
                    problem("the counted repeat at index " + pos + " has nothing to repeat: escape the brace as \\{");
                    return new Node.Empty();
                }
                pos++;
                return literal('{');
            default:
                pos++;
                return literal(c);
        }
    }

    private Node literal(char c) {
        return new Node.Chars(caseVariants(CharSet.of(c)));
    }

    /** Under i, every char that JavaScript's folding (no u flag) makes equal to a member. */
    private CharSet caseVariants(CharSet set) {
        return ignoreCase ? JsCaseFolding.closure(set) : set;
    }

    private Node group(int depth) {
        int start = pos;
        boolean savedIgnoreCase = ignoreCase;
        boolean savedDotAll = dotAll;
        boolean savedMultiline = multiline;
        boolean savedUngreedy = ungreedy;
        pos++; // (
        if (lookingAt("?")) {
            if (lookingAt("?:")) {
                pos += 2;
            } else if (lookingAt("?=") || lookingAt("?!")) {
                problem("lookahead " + p.substring(start, pos + 2)
                        + "…) is not supported: it needs backtracking; match the following text explicitly "
                        + "or drop the condition");
                pos += 2;
            } else if (lookingAt("?<=") || lookingAt("?<!")) {
                problem("lookbehind " + p.substring(start, pos + 3)
                        + "…) is not supported: it needs backtracking; match the preceding text explicitly "
                        + "or drop the condition");
                pos += 3;
            } else if (lookingAt("?P=") || lookingAt("?P>")) {
                problem("backreferences and recursion (" + p.substring(start, pos + 3)
                        + "…) are not supported: they need backtracking; match the text explicitly");
                int close = p.indexOf(')', pos);
                pos = close < 0 ? p.length() : close + 1;
                return new Node.Empty();
            } else if (lookingAt("?P<") || lookingAt("?<")) {
                int nameStart = pos + (lookingAt("?P<") ? 3 : 2);
                int close = p.indexOf('>', nameStart);
                String name = close < 0 ? "" : p.substring(nameStart, close);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    problem("group name '" + name + "' is not portable: use ASCII letters, digits and '_', "
                            + "not starting with a digit");
                } else if (!groupNames.add(name)) {
                    problem("the group name '" + name + "' is used twice: JavaScript and Java refuse duplicate "
                            + "names; rename one or write (?:…)");
                }
                pos = close < 0 ? p.length() : close + 1;
            } else if (lookingAt("?>")) {
                problem("atomic group (?>…) is not supported: JavaScript has none; write (?:…)");
                pos += 2;
            } else if (lookingAt("?#")) {
                problem("comment group (?#…) is not supported in JavaScript: remove it");
                int close = p.indexOf(')', pos);
                pos = close < 0 ? p.length() : close + 1;
                return new Node.Empty();
            } else {
                int i = pos + 1;
                while (i < p.length() && (Character.isLetter(p.charAt(i)) || p.charAt(i) == '-')) {
                    i++;
                }
                String flags = p.substring(pos + 1, i);
                boolean closes = i < p.length() && p.charAt(i) == ')';
                if (closes || i < p.length() && p.charAt(i) == ':') {
                    applyFlags(flags, start);
                    pos = i + 1;
                    if (closes) {
                        // (?i) holds to the end of the enclosing group, as in RE2, Java and Perl
                        return new Node.Empty();
                    }
                } else {
                    problem("'(?' at index " + start + " starts no known group: write (?:…) for a group or \\(? "
                            + "for literal characters");
                    pos++;
                }
            }
        }
        Node inner = alternation(depth + 1);
        if (more() && peek() == ')') {
            pos++;
        } else {
            problem("the group opened at index " + start + " is never closed: add ')'");
        }
        ignoreCase = savedIgnoreCase;
        dotAll = savedDotAll;
        multiline = savedMultiline;
        ungreedy = savedUngreedy;
        return inner;
    }

    /** Applies RE2's flag syntax {@code xyz}, {@code -xyz} or {@code xy-z} (flags i, m, s, U). */
    private void applyFlags(String flags, int start) {
        int dash = flags.indexOf('-');
        if (flags.isEmpty() || flags.equals("-") || flags.endsWith("-") || dash != flags.lastIndexOf('-')) {
            problem("the flag group at index " + start + " names no flags to set or clear: write e.g. (?i) or "
                    + "(?-i:…)");
            return;
        }
        for (int k = 0; k < flags.length(); k++) {
            char f = flags.charAt(k);
            boolean on = dash < 0 || k < dash;
            switch (f) {
                case '-' -> {}
                case 'i' -> ignoreCase = on;
                case 's' -> dotAll = on;
                case 'm' -> multiline = on;
                case 'U' -> ungreedy = on;
                default ->
                    problem("unknown inline flag '" + f + "' at index " + start
                            + ": the inline flags are i, m, s and U (RE2's set)");
            }
        }
    }

    private Node escape() {
        int start = pos;
        pos++;
        if (!more()) {
            problem("the pattern ends with a lone backslash: remove it or write \\\\");
            return new Node.Empty();
        }
        char c = p.charAt(pos++);
        switch (c) {
            case 'A':
                return new Node.Assertion(Node.Kind.TEXT_START);
            case 'z':
                return new Node.Assertion(Node.Kind.TEXT_END);
            case 'b':
                return new Node.Assertion(Node.Kind.WORD_BOUNDARY);
            case 'B':
                return new Node.Assertion(Node.Kind.NOT_WORD_BOUNDARY);
            default:
                CharSet set = escapeSet(c, start, false);
                return new Node.Chars(set.isEmpty() ? set : caseVariants(set));
        }
    }

    /** The set named by the escape whose letter {@code c} was just read. */
    private CharSet escapeSet(char c, int start, boolean inClass) {
        switch (c) {
            case 'd':
                return CharSet.DIGIT;
            case 'D':
                return CharSet.DIGIT.complement();
            case 'w':
                return CharSet.WORD;
            case 'W':
                return CharSet.WORD.complement();
            case 's':
                return CharSet.SPACE;
            case 'S':
                return CharSet.SPACE.complement();
            case 't':
                return CharSet.of('\t');
            case 'n':
                return CharSet.of('\n');
            case 'r':
                return CharSet.of('\r');
            case 'f':
                return CharSet.of('\f');
            case 'x': {
                int v = hex(2);
                if (v < 0) {
                    problem("\\x at index " + start + " needs exactly two hex digits, like \\x2F");
                    return CharSet.EMPTY;
                }
                return CharSet.of((char) v);
            }
            case 'u': {
                if (more() && peek() == '{') {
                    problem("\\u{…} needs JavaScript's u flag and Java reads it differently: write \\uHHHH");
                    int close = p.indexOf('}', pos);
                    pos = close < 0 ? p.length() : close + 1;
                    return CharSet.EMPTY;
                }
                int v = hex(4);
                if (v < 0) {
                    problem("\\u at index " + start + " needs exactly four hex digits, like \\u00E9");
                    return CharSet.EMPTY;
                }
                return CharSet.of((char) v);
            }
            case 'z':
            case 'A':
                problem("\\" + c + " inside a class is not an anchor: remove it from the class");
                return CharSet.EMPTY;
            case 'Z':
            case 'G':
                problem("\\" + c + " is not portable: Java reads it as an anchor, JavaScript as the letter " + c
                        + "; use \\z or $ for the end of the text, or drop it");
                return CharSet.EMPTY;
            case 'v':
                problem("\\v means a vertical-space class in Java but only \\x0B in JavaScript: write \\x0B or the "
                        + "characters you mean");
                return CharSet.EMPTY;
            case 'b':
                problem("\\b inside a character class means backspace in JavaScript and is an error in Java: "
                        + "write \\x08, or use \\b outside the class for a word boundary");
                return CharSet.EMPTY;
            case 'B':
                problem("\\B inside a character class is not portable: remove it");
                return CharSet.EMPTY;
            case 'Q':
            case 'E':
                problem("quoting with \\Q…\\E is Java-only: escape each special character with a backslash instead");
                return CharSet.EMPTY;
            case 'p':
            case 'P':
                problem("Unicode property \\" + c + "{…} needs JavaScript's u flag: list the characters, "
                        + "e.g. [A-Za-z] for ASCII letters");
                if (more() && peek() == '{') {
                    int close = p.indexOf('}', pos);
                    pos = close < 0 ? p.length() : close + 1;
                }
                return CharSet.EMPTY;
            case 'k':
                problem("backreferences (\\k<name>) are not supported: they need backtracking; "
                        + "match the text explicitly");
                if (more() && peek() == '<') {
                    int close = p.indexOf('>', pos);
                    pos = close < 0 ? p.length() : close + 1;
                }
                return CharSet.EMPTY;
            case 'c':
                problem("control escape \\c is not portable: write \\xHH");
                if (more()) {
                    pos++;
                }
                return CharSet.EMPTY;
            case '0':
                problem("\\0 is NUL in JavaScript but an octal escape in Java: write \\x00");
                while (more() && peek() >= '0' && peek() <= '7') {
                    pos++;
                }
                return CharSet.EMPTY;
            default:
                if (c >= '1' && c <= '9') {
                    if (inClass) {
                        problem("\\" + c + " inside a class is an octal escape in JavaScript and an error in Java: "
                                + "write \\xHH");
                    } else {
                        problem("backreferences (\\" + c + ") are not supported: they need backtracking; "
                                + "match the text explicitly");
                    }
                    while (more() && Character.isDigit(peek())) {
                        pos++;
                    }
                    return CharSet.EMPTY;
                }
                if (Character.isLetterOrDigit(c) || c == '_') {
                    problem("unknown escape \\" + c + ": Java rejects it and JavaScript reads it as '" + c
                            + "'; write the character without the backslash, or one of \\d \\w \\s \\b \\t \\n \\r \\f "
                            + "\\xHH \\uHHHH");
                    return CharSet.EMPTY;
                }
                return CharSet.of(c);
        }
    }

    private int hex(int digits) {
        if (pos + digits > p.length()) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < digits; i++) {
            int d = Character.digit(p.charAt(pos + i), 16);
            if (d < 0 || p.charAt(pos + i) >= 128) {
                return -1;
            }
            v = v * 16 + d;
        }
        pos += digits;
        return v;
    }

    private CharSet charClass() {
        int start = pos;
        pos++; // [
        boolean negated = false;
        if (more() && peek() == '^') {
            negated = true;
            pos++;
        }
        CharSet set = CharSet.EMPTY;
        boolean first = true;
        while (true) {
            if (!more()) {
                problem("the character class opened at index " + start + " is never closed: add ']'");
                break;
            }
            char c = peek();
            if (c == ']' && !first) {
                pos++;
                break;
            }
            if (c == ']') {
                problem(
                        negated
                                ? "[^] is not portable (any character in JavaScript, an error in Java): write [\\s\\S]"
                                : "[] is not portable (matches nothing in JavaScript, an error in Java): remove it");
                pos++;
                break;
            }
            first = false;
            if (c == '[') {
                problem(
                        lookingAt("[:")
                                ? "POSIX classes like [[:alnum:]] mean different things in Java and JavaScript; "
                                        + "write the characters, e.g. [A-Za-z0-9]"
                                : "an unescaped '[' inside a class is a nested class in Java and a literal in JavaScript: write \\[");
                if (lookingAt("[:")) {
                    int close = p.indexOf(":]", pos);
                    pos = close < 0 ? pos + 1 : close + 2;
                } else {
                    pos++;
                }
                continue;
            }
            if (c == '&' && lookingAt("&&")) {
                problem("'&&' inside a class is an intersection in Java and two literal '&' in JavaScript: "
                        + "write \\&\\& or the intended set");
                pos += 2;
                continue;
            }
            int itemStart = pos;
            int lo = classAtom();
            if (lo == -2) {
                continue; // an error, already reported
            }
            if (lo == -1) {
                // a class escape like \d: not a range endpoint
                CharSet escaped = lastEscapeSet;
                if (more() && peek() == '-' && pos + 1 < p.length() && p.charAt(pos + 1) != ']') {
                    problem("'" + p.substring(itemStart, pos) + "-' inside a class is not portable: "
                            + "put the hyphen last or escape it as \\-");
                    pos++;
                }
                set = set.union(escaped);
                continue;
            }
            if (more() && peek() == '-' && pos + 1 < p.length() && p.charAt(pos + 1) != ']') {
                pos++;
                int rangeStart = pos;
                int hi = classAtom();
                if (hi == -2) {
                    continue;
                }
                if (hi == -1) {
                    problem("a range cannot end in a class escape like '" + p.substring(rangeStart, pos)
                            + "': put the hyphen last or escape it as \\-");
                    set = set.union(CharSet.of((char) lo))
                            .union(CharSet.of('-'))
                            .union(lastEscapeSet);
                    continue;
                }
                if (hi < lo) {
                    problem("the range " + p.substring(itemStart, pos) + " is out of order: write the smaller "
                            + "character first");
                    continue;
                }
                set = set.union(CharSet.range(lo, hi));
            } else {
                set = set.union(CharSet.of((char) lo));
            }
        }
        // JavaScript folds before it negates: [^a] under i matches neither a nor A
        set = caseVariants(set);
        return negated ? set.complement() : set;
    }

    private CharSet lastEscapeSet = CharSet.EMPTY;

    /** A class member: its char, -1 for a class escape (set in lastEscapeSet), -2 for an error. */
    private int classAtom() {
        char c = p.charAt(pos);
        if (c != '\\') {
            pos++;
            return c;
        }
        int start = pos;
        pos++;
        if (!more()) {
            problem("the pattern ends with a lone backslash: remove it or write \\\\");
            return -2;
        }
        char e = p.charAt(pos++);
        switch (e) {
            case 'd', 'D', 'w', 'W', 's', 'S' -> {
                lastEscapeSet = escapeSet(e, start, true);
                return -1;
            }
            default -> {
                int before = problems.size();
                CharSet set = escapeSet(e, start, true);
                if (problems.size() > before || set.isEmpty()) {
                    return -2;
                }
                // case variants are applied by the caller, once, for the whole class
                return set.single();
            }
        }
    }

    /** Whether {@code node} can match the empty string. */
    private static boolean canMatchEmpty(Node node) {
        return switch (node) {
            case Node.Chars c -> false;
            case Node.Empty e -> true;
            case Node.Assertion a -> true;
            case Node.Concat c -> c.items().stream().allMatch(PortableParser::canMatchEmpty);
            case Node.Alternation a -> a.alternatives().stream().anyMatch(PortableParser::canMatchEmpty);
            case Node.Repeat r -> r.min() == 0 || canMatchEmpty(r.item());
        };
    }
}
