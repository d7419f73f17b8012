package io.streamguard.engine.regex;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An anchored deterministic automaton for one pattern, whose transitions also say whether a match ended
 * just before the char consumed.
 *
 * <p>A state stands for the pattern positions reached so far with zero-width assertions still unresolved,
 * plus whether the previous char was a word char. Assertions ({@code \b}, {@code \B}, {@code ^}, {@code $})
 * are decided at the boundary before the next char, when both neighbours are known; so a match is seen one
 * char after its end, or at the end of the text ({@link #acceptsAtEnd}). State 0 is dead.
 */
public final class Dfa {

	public static final int DEAD = 0;

	private final int classCount;

	private final byte[] asciiClass;

	private final int[] bounds;

	private final int[] boundClass;

	/** {@code (next << 1) | matchedBefore}, indexed by {@code state * classCount + class}. */
	private final int[] transitions;

	private final boolean[] acceptsAtEnd;

	private final int[] initial;

	private final int stateCount;

	private Dfa(int classCount, byte[] asciiClass, int[] bounds, int[] boundClass, int[] transitions,
			boolean[] acceptsAtEnd, int[] initial, int stateCount) {
		this.classCount = classCount;
		this.asciiClass = asciiClass;
		this.bounds = bounds;
		this.boundClass = boundClass;
		this.transitions = transitions;
		this.acceptsAtEnd = acceptsAtEnd;
		this.initial = initial;
		this.stateCount = stateCount;
	}

	/** Thrown when the automaton would exceed its state budget. */
	public static final class TooLarge extends Exception {

		TooLarge(String message) {
			super(message, null, false, false);
		}
	}

	public int stateCount() {
		return stateCount;
	}

	public int classCount() {
		return classCount;
	}

	/** The start state for a match starting at a position with the given left context. */
	public int initial(boolean atTextStart, boolean prevIsWord) {
		return initial[(atTextStart ? 2 : 0) | (prevIsWord ? 1 : 0)];
	}

	public int classOf(char c) {
		if (c < 128) {
			return asciiClass[c];
		}
		int i = Arrays.binarySearch(bounds, c);
		return boundClass[i >= 0 ? i : -i - 2];
	}

	/** The packed transition: {@code next = t >>> 1}, a match ended before {@code c} if {@code (t & 1) != 0}. */
	public int step(int state, char c) {
		return transitions[state * classCount + classOf(c)];
	}

	public boolean acceptsAtEnd(int state) {
		return acceptsAtEnd[state];
	}

	static boolean isWord(int c) {
		return c < 128 && CharSet.WORD.contains(c);
	}

	/** The char classes of an automaton: chars in one class are treated alike by every set and by \b. */
	record Alphabet(int classCount, byte[] asciiClass, int[] bounds, int[] boundClass, List<Integer> representatives) {

		int classOf(char c) {
			if (c < 128) {
				return asciiClass[c];
			}
			int i = Arrays.binarySearch(bounds, c);
			return boundClass[i >= 0 ? i : -i - 2];
		}
	}

	static Alphabet alphabet(Nfa nfa) throws TooLarge {
		List<CharSet> sets = new ArrayList<>();
		for (int i = 0; i < nfa.size(); i++) {
			if (nfa.kind.get(i) == Nfa.CHAR && !sets.contains((CharSet) nfa.payload.get(i))) {
				sets.add((CharSet) nfa.payload.get(i));
			}
		}
		sets.add(CharSet.WORD);
		TreeSet<Integer> cuts = new TreeSet<>();
		cuts.add(0);
		for (CharSet set : sets) {
			int[] r = set.ranges();
			for (int i = 0; i < r.length; i += 2) {
				cuts.add(r[i]);
				if (r[i + 1] + 1 <= 0xFFFF) {
					cuts.add(r[i + 1] + 1);
				}
			}
		}
		int[] bounds = cuts.stream().mapToInt(Integer::intValue).toArray();
		int[] boundClass = new int[bounds.length];
		Map<String, Integer> signatures = new HashMap<>();
		List<Integer> representatives = new ArrayList<>();
		for (int b = 0; b < bounds.length; b++) {
			StringBuilder sig = new StringBuilder();
			for (CharSet set : sets) {
				sig.append(set.contains(bounds[b]) ? '1' : '0');
			}
			int rep = bounds[b];
			boundClass[b] = signatures.computeIfAbsent(sig.toString(), k -> {
				representatives.add(rep);
				return representatives.size() - 1;
			});
		}
		int classCount = representatives.size();
		if (classCount > 127) {
			throw new TooLarge("the pattern distinguishes more than 127 kinds of character: merge its classes");
		}
		byte[] asciiClass = new byte[128];
		for (int c = 0; c < 128; c++) {
			int i = Arrays.binarySearch(bounds, c);
			asciiClass[c] = (byte) boundClass[i >= 0 ? i : -i - 2];
		}
		return new Alphabet(classCount, asciiClass, bounds, boundClass, representatives);
	}

	static Dfa build(Nfa nfa, int maxStates) throws TooLarge {
		Alphabet alphabet = alphabet(nfa);
		int classCount = alphabet.classCount();
		byte[] asciiClass = alphabet.asciiClass();
		int[] bounds = alphabet.bounds();
		int[] boundClass = alphabet.boundClass();
		List<Integer> representatives = alphabet.representatives();
		return buildWith(nfa, maxStates, classCount, asciiClass, bounds, boundClass, representatives);
	}

	private static Dfa buildWith(Nfa nfa, int maxStates, int classCount, byte[] asciiClass, int[] bounds,
			int[] boundClass, List<Integer> representatives) throws TooLarge {
		boolean contextWord = nfa.usesWordBoundary;
		boolean contextStart = nfa.usesTextStart;
		Map<Key, Integer> ids = new HashMap<>();
		List<Key> keys = new ArrayList<>();
		Key dead = new Key(new int[0], false, false);
		ids.put(dead, 0);
		keys.add(dead);
		int[] initial = new int[4];
		ArrayDeque<Integer> work = new ArrayDeque<>();
		for (int v = 0; v < 4; v++) {
			boolean atStart = (v & 2) != 0 && contextStart;
			boolean prevWord = (v & 1) != 0 && contextWord;
			Key key = key(nfa, pendingClosure(nfa, new int[] { nfa.start }), prevWord, atStart);
			initial[v] = intern(key, ids, keys, work, maxStates);
		}
		List<int[]> rows = new ArrayList<>();
		rows.add(new int[classCount]);
		while (!work.isEmpty()) {
			int id = work.poll();
			Key key = keys.get(id);
			int[] row = new int[classCount];
			for (int c = 0; c < classCount; c++) {
				int rep = representatives.get(c);
				boolean nextWord = isWord(rep);
				int[] resolved = contextClosure(nfa, key.states, key.prevWord, nextWord, key.atStart, false);
				boolean matched = false;
				List<Integer> stepped = new ArrayList<>();
				for (int s : resolved) {
					int k = nfa.kind.get(s);
					if (k == Nfa.MATCH) {
						matched = true;
					}
					else if (k == Nfa.CHAR && ((CharSet) nfa.payload.get(s)).contains(rep)) {
						stepped.add(nfa.out1.get(s));
					}
				}
				int[] next = pendingClosure(nfa, stepped.stream().mapToInt(Integer::intValue).toArray());
				int nextId = next.length == 0 ? 0
						: intern(key(nfa, next, contextWord && nextWord, false), ids, keys, work, maxStates);
				row[c] = (nextId << 1) | (matched ? 1 : 0);
			}
			while (rows.size() <= id) {
				rows.add(null);
			}
			rows.set(id, row);
		}
		int n = keys.size();
		int[] transitions = new int[n * classCount];
		boolean[] acceptsAtEnd = new boolean[n];
		for (int id = 0; id < n; id++) {
			System.arraycopy(rows.get(id), 0, transitions, id * classCount, classCount);
			Key key = keys.get(id);
			for (int s : contextClosure(nfa, key.states, key.prevWord, false, key.atStart, true)) {
				if (nfa.kind.get(s) == Nfa.MATCH) {
					acceptsAtEnd[id] = true;
				}
			}
		}
		return new Dfa(classCount, asciiClass, bounds, boundClass, transitions, acceptsAtEnd, initial, n);
	}

	/** A state key that keeps the left context only where a pending assertion reads it. */
	private static Key key(Nfa nfa, int[] states, boolean prevWord, boolean atStart) {
		boolean needsWord = false;
		boolean needsStart = false;
		for (int s : states) {
			if (nfa.kind.get(s) == Nfa.ASSERT) {
				Node.Kind kind = (Node.Kind) nfa.payload.get(s);
				needsWord |= kind == Node.Kind.WORD_BOUNDARY || kind == Node.Kind.NOT_WORD_BOUNDARY;
				needsStart |= kind == Node.Kind.TEXT_START;
			}
		}
		return new Key(states, prevWord && needsWord, atStart && needsStart);
	}

	/** Whether some match is empty: then the pattern would fire everywhere. */
	public boolean matchesEmpty() {
		for (int v = 0; v < 4; v++) {
			int s = initial[v];
			if (acceptsAtEnd[s]) {
				return true;
			}
			for (int c = 0; c < classCount; c++) {
				if ((transitions[s * classCount + c] & 1) != 0) {
					return true;
				}
			}
		}
		return false;
	}

	private static int intern(Key key, Map<Key, Integer> ids, List<Key> keys, ArrayDeque<Integer> work,
			int maxStates) throws TooLarge {
		Integer id = ids.get(key);
		if (id != null) {
			return id;
		}
		if (keys.size() >= maxStates) {
			throw new TooLarge("the pattern needs more than " + maxStates
					+ " automaton states: shorten its counted repeats or split it into several rules");
		}
		ids.put(key, keys.size());
		keys.add(key);
		work.add(keys.size() - 1);
		return keys.size() - 1;
	}

	/** Follows empty moves but stops at assertions, which need the next char to be decided. */
	static int[] pendingClosure(Nfa nfa, int[] from) {
		TreeSet<Integer> out = new TreeSet<>();
		ArrayDeque<Integer> stack = new ArrayDeque<>();
		for (int s : from) {
			stack.push(s);
		}
		while (!stack.isEmpty()) {
			int s = stack.pop();
			if (!out.add(s)) {
				continue;
			}
			int k = nfa.kind.get(s);
			if (k == Nfa.EPSILON) {
				stack.push(nfa.out1.get(s));
			}
			else if (k == Nfa.SPLIT) {
				stack.push(nfa.out1.get(s));
				stack.push(nfa.out2.get(s));
			}
		}
		// keep only the states that matter: chars, assertions and the match
		return out.stream().filter(s -> {
			int k = nfa.kind.get(s);
			return k == Nfa.CHAR || k == Nfa.ASSERT || k == Nfa.MATCH;
		}).mapToInt(Integer::intValue).toArray();
	}

	/** Resolves assertions in a boundary context, following empty moves; returns chars and the match. */
	static int[] contextClosure(Nfa nfa, int[] from, boolean prevWord, boolean nextWord, boolean atStart,
			boolean atEnd) {
		TreeSet<Integer> seen = new TreeSet<>();
		ArrayDeque<Integer> stack = new ArrayDeque<>();
		for (int s : from) {
			stack.push(s);
		}
		List<Integer> out = new ArrayList<>();
		while (!stack.isEmpty()) {
			int s = stack.pop();
			if (!seen.add(s)) {
				continue;
			}
			int k = nfa.kind.get(s);
			switch (k) {
				case Nfa.EPSILON -> stack.push(nfa.out1.get(s));
				case Nfa.SPLIT -> {
					stack.push(nfa.out1.get(s));
					stack.push(nfa.out2.get(s));
				}
				case Nfa.ASSERT -> {
					boolean holds = switch ((Node.Kind) nfa.payload.get(s)) {
						case WORD_BOUNDARY -> prevWord != nextWord;
						case NOT_WORD_BOUNDARY -> prevWord == nextWord;
						case TEXT_START -> atStart;
						case TEXT_END -> atEnd;
					};
					if (holds) {
						stack.push(nfa.out1.get(s));
					}
				}
				default -> out.add(s);
			}
		}
		return out.stream().mapToInt(Integer::intValue).toArray();
	}

	private record Key(int[] states, boolean prevWord, boolean atStart) {

		@Override
		public boolean equals(Object o) {
			return o instanceof Key k && k.prevWord == prevWord && k.atStart == atStart
					&& Arrays.equals(k.states, states);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(states) * 4 + (prevWord ? 1 : 0) + (atStart ? 2 : 0);
		}
	}
}
