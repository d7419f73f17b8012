package io.streamguard.engine.regex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An anchored deterministic automaton for one pattern, built lazily: a state and its transitions are made
 * the first time a scan reaches them (RE2's approach), so compiling costs nothing per state and patterns
 * whose full automaton would be huge (gitleaks' {@code [\w.-]{0,50}} prefixes) run on the few states real
 * text visits. Transitions also say whether a match ended just before the char consumed.
 *
 * <p>A state stands for the pattern positions reached so far with zero-width assertions still unresolved,
 * plus whether the previous char was a word char. Assertions ({@code \b}, {@code \B}, {@code ^}, {@code $})
 * are decided at the boundary before the next char, when both neighbours are known; so a match is seen one
 * char after its end, or at the end of the text. State 0 is dead.
 *
 * <p>States live in a {@link Cache} shared by every stream on every thread. A cache that grows past
 * {@link #MAX_CACHED_STATES} is retired and a fresh one takes its place; state numbers are only meaningful
 * within their cache, so a scan that moves to the new cache (or is read back from bytes) recomputes its
 * threads' states from their starts.
 */
public final class Dfa {

	public static final int DEAD = 0;

	/** States per cache before it is replaced: bounds the memory a pattern can take whatever the text. */
	public static final int MAX_CACHED_STATES = 4_000;

	private final Nfa nfa;

	private final int[] kind;

	private final int[] out1;

	private final int[] out2;

	private final CharSet[] sets;

	private final Node.Kind[] asserts;

	private final Alphabet alphabet;

	private final int classCount;

	private final boolean[] classIsWord;

	/** For each NFA state and class, whether its char set holds the class; filled per state on demand. */
	private final boolean[][] holds;

	private volatile Cache cache;

	private Dfa(Nfa nfa, Alphabet alphabet) {
		this.nfa = nfa;
		int n = nfa.size();
		this.kind = new int[n];
		this.out1 = new int[n];
		this.out2 = new int[n];
		this.sets = new CharSet[n];
		this.asserts = new Node.Kind[n];
		for (int i = 0; i < n; i++) {
			kind[i] = nfa.kind.get(i);
			out1[i] = nfa.out1.get(i);
			out2[i] = nfa.out2.get(i);
			if (kind[i] == Nfa.CHAR) {
				sets[i] = (CharSet) nfa.payload.get(i);
			}
			else if (kind[i] == Nfa.ASSERT) {
				asserts[i] = (Node.Kind) nfa.payload.get(i);
			}
		}
		this.alphabet = alphabet;
		this.classCount = alphabet.classCount();
		this.classIsWord = new boolean[classCount];
		for (int c = 0; c < classCount; c++) {
			classIsWord[c] = isWord(alphabet.representatives().get(c));
		}
		this.holds = new boolean[n][];
		this.cache = new Cache(this);
	}

	/** Thrown when the automaton could not run within its budget. */
	public static final class TooLarge extends Exception {

		TooLarge(String message) {
			super(message, null, false, false);
		}
	}

	static Dfa build(Nfa nfa) throws TooLarge {
		return new Dfa(nfa, alphabet(nfa));
	}

	public int classCount() {
		return classCount;
	}

	public int classOf(char c) {
		return alphabet.classOf(c);
	}

	/** The cache in use now; scans keep the one their state numbers belong to. */
	public Cache cache() {
		return cache;
	}

	/** States reached so far in the current cache (for tests and sizing). */
	public int cachedStates() {
		return cache.count;
	}

	private synchronized void retire(Cache full) {
		if (cache == full) {
			cache = new Cache(this);
		}
	}

	static boolean isWord(int c) {
		return c < 128 && CharSet.WORD.contains(c);
	}

	/**
	 * One generation of lazily built states. Readers need no lock: a transition, once known, never changes,
	 * and a row is complete before it is published through the volatile {@link #rows}; anything not yet
	 * visible is computed (or found) under the cache's lock.
	 */
	public static final class Cache {

		private final Dfa dfa;

		/**
		 * Per state: one entry per char class, {@code 0} for unknown, else {@code (next << 2) | (matchedBefore
		 * << 1) | 1}; then one entry, 1 if the state accepts at the end of the text.
		 */
		private volatile int[][] rows;

		private final Map<Key, Integer> ids = new HashMap<>();

		private final List<Key> keys = new ArrayList<>();

		private final int[] initial = new int[4];

		private int count;

		private volatile boolean retired;

		Cache(Dfa dfa) {
			this.dfa = dfa;
			this.rows = new int[16][];
			synchronized (this) {
				Key dead = new Key(new int[0], false, false);
				ids.put(dead, 0);
				keys.add(dead);
				rows[0] = deadRow(dfa.classCount);
				count = 1;
				int[] start = dfa.pendingClosure(new int[] { dfa.nfa.start }, 1);
				for (int v = 0; v < 4; v++) {
					boolean atStart = (v & 2) != 0 && dfa.nfa.usesTextStart;
					boolean prevWord = (v & 1) != 0 && dfa.nfa.usesWordBoundary;
					initial[v] = intern(dfa.key(start, prevWord, atStart));
				}
			}
		}

		private static int[] deadRow(int classCount) {
			int[] row = new int[classCount + 1];
			Arrays.fill(row, 0, classCount, 1);
			return row;
		}

		/** The start state for a match starting at a position with the given left context. */
		public int initial(boolean atTextStart, boolean prevIsWord) {
			return initial[(atTextStart ? 2 : 0) | (prevIsWord ? 1 : 0)];
		}

		/** The rows, to be read without a lock; a state beyond them, or a 0 entry, goes to {@link #step}. */
		public int[][] rows() {
			return rows;
		}

		public int classCount() {
			return dfa.classCount;
		}

		public int classOf(char c) {
			return dfa.alphabet.classOf(c);
		}

		/** Whether this cache has been replaced: its numbers still hold, but scans should move on. */
		public boolean retired() {
			return retired;
		}

		/** The packed transition for a class: {@code next = t >>> 2}, a match ended before it if {@code (t & 2) != 0}. */
		public int step(int state, int charClass) {
			int[][] r = rows;
			if (state < r.length) {
				int[] row = r[state];
				if (row != null && row[charClass] != 0) {
					return row[charClass];
				}
			}
			return compute(state, charClass);
		}

		public int step(int state, char c) {
			return step(state, dfa.alphabet.classOf(c));
		}

		public boolean acceptsAtEnd(int state) {
			int[][] r = rows;
			if (state < r.length && r[state] != null) {
				return r[state][dfa.classCount] != 0;
			}
			synchronized (this) {
				return rows[state][dfa.classCount] != 0;
			}
		}

		private synchronized int compute(int state, int charClass) {
			int[] row = rows[state];
			if (row[charClass] != 0) {
				return row[charClass];
			}
			Key key = keys.get(state);
			boolean nextWord = dfa.classIsWord[charClass];
			int[] resolved = dfa.contextClosure(key.states, key.prevWord, nextWord, key.atStart, false);
			boolean matched = false;
			int[] stepped = new int[resolved.length];
			int n = 0;
			for (int s : resolved) {
				if (dfa.kind[s] == Nfa.MATCH) {
					matched = true;
				}
				else if (dfa.kind[s] == Nfa.CHAR && dfa.holds(s, charClass)) {
					stepped[n++] = dfa.out1[s];
				}
			}
			int next = 0;
			if (n > 0) {
				int[] closure = dfa.pendingClosure(stepped, n);
				if (closure.length > 0) {
					next = intern(dfa.key(closure, dfa.nfa.usesWordBoundary && nextWord, false));
				}
			}
			int t = (next << 2) | (matched ? 2 : 0) | 1;
			row[charClass] = t;
			return t;
		}

		private int intern(Key key) {
			Integer id = ids.get(key);
			if (id != null) {
				return id;
			}
			int[] row = new int[dfa.classCount + 1];
			for (int s : dfa.contextClosure(key.states, key.prevWord, false, key.atStart, true)) {
				if (dfa.kind[s] == Nfa.MATCH) {
					row[dfa.classCount] = 1;
				}
			}
			int fresh = count++;
			ids.put(key, fresh);
			keys.add(key);
			int[][] r = rows;
			if (fresh >= r.length) {
				r = Arrays.copyOf(r, r.length * 2);
			}
			r[fresh] = row;
			rows = r;
			if (count >= MAX_CACHED_STATES && !retired) {
				retired = true;
				dfa.retire(this);
			}
			return fresh;
		}
	}

	private synchronized boolean holds(int s, int charClass) {
		boolean[] h = holds[s];
		if (h == null) {
			h = new boolean[classCount];
			for (int c = 0; c < classCount; c++) {
				h[c] = sets[s].contains(alphabet.representatives().get(c));
			}
			holds[s] = h;
		}
		return h[charClass];
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
		java.util.Set<CharSet> seen = new java.util.HashSet<>();
		for (int i = 0; i < nfa.size(); i++) {
			if (nfa.kind.get(i) == Nfa.CHAR && seen.add((CharSet) nfa.payload.get(i))) {
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

	/** A state key that keeps the left context only where a pending assertion reads it. */
	private Key key(int[] states, boolean prevWord, boolean atStart) {
		boolean needsWord = false;
		boolean needsStart = false;
		for (int s : states) {
			if (kind[s] == Nfa.ASSERT) {
				Node.Kind k = asserts[s];
				needsWord |= k == Node.Kind.WORD_BOUNDARY || k == Node.Kind.NOT_WORD_BOUNDARY;
				needsStart |= k == Node.Kind.TEXT_START;
			}
		}
		return new Key(states, prevWord && needsWord, atStart && needsStart);
	}

	/** Scratch for the closures; only used under a cache's lock, and caches of one Dfa share it. */
	private int[] seen = new int[0];

	private int seenEpoch;

	private int[] stack = new int[16];

	private synchronized int nextEpoch() {
		if (seen.length < kind.length) {
			seen = new int[kind.length];
			seenEpoch = 0;
		}
		return ++seenEpoch;
	}

	/** Follows empty moves but stops at assertions, which need the next char to be decided; sorted. */
	private synchronized int[] pendingClosure(int[] from, int n) {
		int epoch = nextEpoch();
		int[] out = new int[8];
		int count = 0;
		int top = 0;
		for (int i = 0; i < n; i++) {
			stack = push(stack, top++, from[i]);
		}
		while (top > 0) {
			int s = stack[--top];
			if (seen[s] == epoch) {
				continue;
			}
			seen[s] = epoch;
			int k = kind[s];
			if (k == Nfa.EPSILON) {
				stack = push(stack, top++, out1[s]);
			}
			else if (k == Nfa.SPLIT) {
				stack = push(stack, top++, out2[s]);
				stack = push(stack, top++, out1[s]);
			}
			else {
				out = push(out, count++, s);
			}
		}
		int[] result = Arrays.copyOf(out, count);
		Arrays.sort(result);
		return result;
	}

	/** Resolves assertions in a boundary context, following empty moves; returns chars and the match. */
	private synchronized int[] contextClosure(int[] from, boolean prevWord, boolean nextWord, boolean atStart,
			boolean atEnd) {
		int epoch = nextEpoch();
		int[] out = new int[8];
		int count = 0;
		int top = 0;
		for (int s : from) {
			stack = push(stack, top++, s);
		}
		while (top > 0) {
			int s = stack[--top];
			if (seen[s] == epoch) {
				continue;
			}
			seen[s] = epoch;
			switch (kind[s]) {
				case Nfa.EPSILON -> stack = push(stack, top++, out1[s]);
				case Nfa.SPLIT -> {
					stack = push(stack, top++, out2[s]);
					stack = push(stack, top++, out1[s]);
				}
				case Nfa.ASSERT -> {
					boolean holds = switch (asserts[s]) {
						case WORD_BOUNDARY -> prevWord != nextWord;
						case NOT_WORD_BOUNDARY -> prevWord == nextWord;
						case TEXT_START -> atStart;
						case TEXT_END -> atEnd;
					};
					if (holds) {
						stack = push(stack, top++, out1[s]);
					}
				}
				default -> out = push(out, count++, s);
			}
		}
		return Arrays.copyOf(out, count);
	}

	private static int[] push(int[] array, int at, int value) {
		int[] a = at < array.length ? array : Arrays.copyOf(array, array.length * 2);
		a[at] = value;
		return a;
	}

	/** Whether the pattern matches the empty string in some context: then it would fire everywhere. */
	boolean matchesEmpty() {
		int[] start = pendingClosure(new int[] { nfa.start }, 1);
		for (int ctx = 0; ctx < 16; ctx++) {
			for (int s : contextClosure(start, (ctx & 1) != 0, (ctx & 2) != 0, (ctx & 4) != 0, (ctx & 8) != 0)) {
				if (kind[s] == Nfa.MATCH) {
					return true;
				}
			}
		}
		return false;
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
