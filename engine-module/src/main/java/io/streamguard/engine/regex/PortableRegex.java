package io.streamguard.engine.regex;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A pattern in the portable syntax, compiled for the streaming scanner: an anchored, lazily built {@link Dfa}
 * that the scanner runs as threads, and an optional {@link Prefilter}.
 *
 * <p>{@link #compile} either yields a program or says, in sentences, everything that keeps the pattern
 * from being portable or from running in linear time with a bounded automaton.
 */
public final class PortableRegex {

    /**
     * Above this many automaton positions (counted repeats expanded) a pattern is refused: a scan that steps
     * the NFA directly, when the cached automaton does not pay off, does up to about this much work per char.
     */
    public static final long MAX_NFA_STATES = 10_000;

    /** Above this many (position, char class) pairs a pattern is refused: a cache row per state would be too wide. */
    private static final long MAX_POSITION_CLASSES = 2_000_000;

    private final String pattern;

    private final String flags;

    private final Dfa dfa;

    private final @Nullable Prefilter prefilter;

    private final Node tree;

    /** Printed on first use: only client-side rules need it. */
    private volatile @Nullable ClientPattern client;

    private final boolean[] startChars = new boolean[128];

    /** Per left context, {@code [prevIsWord ? 1 : 0][c]}: most rules begin with \b, so mid-word chars cannot start. */
    private final boolean[][] startCharsAfter = new boolean[2][128];

    private PortableRegex(String pattern, String flags, Node tree, Dfa dfa, @Nullable Prefilter prefilter) {
        this.pattern = pattern;
        this.flags = flags;
        this.tree = tree;
        this.dfa = dfa;
        this.prefilter = prefilter;
        for (char c = 0; c < 128; c++) {
            int charClass = dfa.classOf(c);
            for (int context = 0; context < 4 && !startChars[c]; context++) {
                startChars[c] = dfa.canStart((context & 2) != 0, (context & 1) != 0, charClass);
            }
            for (int prevWord = 0; prevWord < 2; prevWord++) {
                startCharsAfter[prevWord][c] = dfa.canStart(false, prevWord == 1, charClass);
            }
        }
    }

    /** For each ASCII char not at the start of the text, whether some match can start with it after a char that is (1) or is not (0) an ASCII word char. */
    public boolean[][] startCharsAfter() {
        return startCharsAfter;
    }

    /** For each ASCII char, whether some match can start with it; chars from 128 up are always candidates. */
    public boolean[] startChars() {
        return startChars;
    }

    /** The outcome of compiling: a program, or the reasons there is none. */
    public sealed interface Outcome permits Compiled, Refused {}

    public record Compiled(PortableRegex regex) implements Outcome {}

    public record Refused(List<String> problems) implements Outcome {}

    /** Compiles {@code pattern}; {@code flags} must already be checked to be a subset of "ims". */
    public static Outcome compile(String pattern, String flags) {
        PortableParser.Result parsed = parse(pattern, flags);
        List<String> problems = new ArrayList<>(parsed.problems());
        if (!problems.isEmpty()) {
            return new Refused(problems);
        }
        long size = Nfa.estimateSize(parsed.node());
        if (size > MAX_NFA_STATES) {
            return new Refused(List.of(String.format(
                    Locale.ROOT,
                    "the pattern is too large: its counted repeats "
                            + "expand to %,d automaton positions, more than %,d; use smaller bounds (e.g. {1,50} rather "
                            + "than {1,1000}), nest fewer counted repeats, or split the pattern into several rules",
                    size,
                    MAX_NFA_STATES)));
        }
        Nfa nfa = Nfa.build(parsed.node());
        Dfa dfa;
        try {
            dfa = Dfa.build(nfa);
        } catch (Dfa.TooLarge e) {
            return new Refused(List.of(e.getMessage()));
        }
        if ((long) nfa.positionCount() * dfa.classCount() > MAX_POSITION_CLASSES) {
            return new Refused(List.of("the pattern is too large to run: shorten its counted repeats"));
        }
        if (dfa.matchesEmpty()) {
            return new Refused(List.of("the pattern matches the empty string, so it would fire everywhere: "
                    + "make at least one character required (e.g. + instead of *)"));
        }
        return new Compiled(new PortableRegex(pattern, flags, parsed.node(), dfa, Prefilter.of(parsed.node())));
    }

    static PortableParser.Result parse(String pattern, String flags) {
        return PortableParser.parse(pattern, flags.indexOf('i') >= 0, flags.indexOf('s') >= 0, flags.indexOf('m') >= 0);
    }

    /** The flag-free syntax tree the engine runs. */
    public Node tree() {
        return tree;
    }

    /** The pattern to ship to JavaScript: {@code new RegExp(clientPattern(), clientFlags())} means the same. */
    public String clientPattern() {
        return client().source();
    }

    /** The flags to ship with {@link #clientPattern()}: a subset of "im", never u. */
    public String clientFlags() {
        return client().flags();
    }

    private ClientPattern client() {
        ClientPattern printed = client;
        if (printed == null) {
            printed = ClientPattern.of(tree);
            client = printed;
        }
        return printed;
    }

    public String pattern() {
        return pattern;
    }

    public String flags() {
        return flags;
    }

    /** The lazily built automaton, shared by every stream of every rule set that holds this pattern. */
    public Dfa dfa() {
        return dfa;
    }

    public @Nullable Prefilter prefilter() {
        return prefilter;
    }
}
