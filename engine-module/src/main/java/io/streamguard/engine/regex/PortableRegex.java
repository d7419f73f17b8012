package io.streamguard.engine.regex;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A pattern in the portable syntax, compiled for the streaming scanner: an anchored {@link Dfa} that
 * the scanner runs as threads, and an optional {@link Prefilter}.
 *
 * <p>{@link #compile} either yields a program or says, in sentences, everything that keeps the pattern
 * from being portable or from running in linear time with a bounded automaton.
 */
public final class PortableRegex {

	/** Above this many DFA states a pattern runs on its {@link NfaTable} instead. */
	public static final int MAX_DFA_STATES = 2_000;

	private static final long MAX_NFA_STATES = 50_000;

	private final String pattern;

	private final String flags;

	private final @Nullable Dfa dfa;

	private final @Nullable NfaTable nfa;

	private final @Nullable Prefilter prefilter;

	private final boolean[] startChars = new boolean[128];

	private PortableRegex(String pattern, String flags, @Nullable Dfa dfa, @Nullable NfaTable nfa,
			@Nullable Prefilter prefilter) {
		this.pattern = pattern;
		this.flags = flags;
		this.dfa = dfa;
		this.nfa = nfa;
		this.prefilter = prefilter;
		for (char c = 0; c < 128; c++) {
			for (int context = 0; context < 4 && !startChars[c]; context++) {
				boolean atStart = (context & 2) != 0;
				boolean prevWord = (context & 1) != 0;
				if (dfa != null) {
					startChars[c] = dfa.step(dfa.initial(atStart, prevWord), c) >>> 1 != Dfa.DEAD;
				}
				else {
					for (int position : nfa.initial(atStart)) {
						startChars[c] |= nfa.successorCount(nfa.step(position, nfa.classOf(c), context) >>> 1) > 0;
					}
				}
			}
		}
	}

	/** For each ASCII char, whether some match can start with it; chars from 128 up are always candidates. */
	public boolean[] startChars() {
		return startChars;
	}

	/** The outcome of compiling: a program, or the reasons there is none. */
	public sealed interface Outcome permits Compiled, Refused {
	}

	public record Compiled(PortableRegex regex) implements Outcome {
	}

	public record Refused(List<String> problems) implements Outcome {
	}

	/** Compiles {@code pattern}; {@code flags} must already be checked to be a subset of "is". */
	public static Outcome compile(String pattern, String flags) {
		boolean ignoreCase = flags.indexOf('i') >= 0;
		boolean dotAll = flags.indexOf('s') >= 0;
		PortableParser.Result parsed = PortableParser.parse(pattern, ignoreCase, dotAll);
		List<String> problems = new ArrayList<>(parsed.problems());
		if (!problems.isEmpty()) {
			return new Refused(problems);
		}
		if (Nfa.estimateSize(parsed.node()) > MAX_NFA_STATES) {
			return new Refused(List.of("the pattern is too complex (its counted repeats multiply to more than "
					+ MAX_NFA_STATES + " positions): use smaller bounds"));
		}
		Nfa nfa = Nfa.build(parsed.node());
		Dfa dfa = null;
		NfaTable table = null;
		try {
			try {
				dfa = Dfa.build(nfa, MAX_DFA_STATES);
			}
			catch (Dfa.TooLarge e) {
				table = NfaTable.build(nfa);
			}
		}
		catch (Dfa.TooLarge e) {
			return new Refused(List.of(e.getMessage()));
		}
		if (matchesEmpty(nfa)) {
			return new Refused(List.of("the pattern matches the empty string, so it would fire everywhere: "
					+ "make at least one character required (e.g. + instead of *)"));
		}
		return new Compiled(new PortableRegex(pattern, flags, dfa, table, Prefilter.of(parsed.node())));
	}

	/** Whether the pattern matches the empty string in some context: then it would fire everywhere. */
	private static boolean matchesEmpty(Nfa nfa) {
		int[] start = Dfa.pendingClosure(nfa, new int[] { nfa.start });
		for (int ctx = 0; ctx < 16; ctx++) {
			for (int s : Dfa.contextClosure(nfa, start, (ctx & 1) != 0, (ctx & 2) != 0, (ctx & 4) != 0,
					(ctx & 8) != 0)) {
				if (nfa.kind.get(s) == Nfa.MATCH) {
					return true;
				}
			}
		}
		return false;
	}

	public String pattern() {
		return pattern;
	}

	public String flags() {
		return flags;
	}

	/** The DFA, or null if it would be too large and {@link #nfa()} runs instead. */
	public @Nullable Dfa dfa() {
		return dfa;
	}

	/** The NFA table, present exactly when {@link #dfa()} is null. */
	public @Nullable NfaTable nfa() {
		return nfa;
	}

	/** States or positions a thread can be in: the size of the scratch marks a scan needs. */
	public int threadStates() {
		return dfa != null ? dfa.stateCount() : nfa.positionCount();
	}

	public @Nullable Prefilter prefilter() {
		return prefilter;
	}
}
