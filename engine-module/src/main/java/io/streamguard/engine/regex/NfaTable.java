package io.streamguard.engine.regex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The automaton used when a pattern's {@link Dfa} would be too large: threads are single NFA positions
 * instead of DFA states, and one step may fork a thread. Every (position, char class, left context) has its
 * successor list precomputed, so a step is a table look-up plus a short loop.
 *
 * <p>Positions are the pattern's chars, pending assertions and its end, numbered from 1; 0 is unused. Left
 * context is {@code (prevIsWord ? 1 : 0) | (atTextStart ? 2 : 0)}.
 */
public final class NfaTable {

	private final Dfa.Alphabet alphabet;

	/** For {@code ((position * classCount + class) * 4 + context)}: {@code (offset << 1) | matchedBefore}. */
	private final int[] index;

	/** Successor lists: a count, then the positions. */
	private final int[] successors;

	private final boolean[] acceptsAtEnd;

	private final int[][] initial;

	private final int positionCount;

	private NfaTable(Dfa.Alphabet alphabet, int[] index, int[] successors, boolean[] acceptsAtEnd, int[][] initial,
			int positionCount) {
		this.alphabet = alphabet;
		this.index = index;
		this.successors = successors;
		this.acceptsAtEnd = acceptsAtEnd;
		this.initial = initial;
		this.positionCount = positionCount;
	}

	static NfaTable build(Nfa nfa) throws Dfa.TooLarge {
		Dfa.Alphabet alphabet = Dfa.alphabet(nfa);
		int classes = alphabet.classCount();
		Map<Integer, Integer> ids = new HashMap<>();
		List<Integer> nodes = new ArrayList<>();
		nodes.add(-1);
		for (int i = 0; i < nfa.size(); i++) {
			int k = nfa.kind.get(i);
			if (k == Nfa.CHAR || k == Nfa.ASSERT || k == Nfa.MATCH) {
				ids.put(i, nodes.size());
				nodes.add(i);
			}
		}
		int n = nodes.size();
		if ((long) n * classes * 4 > 8_000_000) {
			throw new Dfa.TooLarge("the pattern is too large to run: shorten its counted repeats");
		}
		int[] index = new int[n * classes * 4];
		List<Integer> data = new ArrayList<>();
		Map<List<Integer>, Integer> shared = new HashMap<>();
		boolean[] acceptsAtEnd = new boolean[n * 2];
		for (int id = 1; id < n; id++) {
			int node = nodes.get(id);
			for (int ctx = 0; ctx < 4; ctx++) {
				boolean prevWord = (ctx & 1) != 0;
				boolean atStart = (ctx & 2) != 0;
				for (int c = 0; c < classes; c++) {
					int rep = alphabet.representatives().get(c);
					int[] resolved = Dfa.contextClosure(nfa, new int[] { node }, prevWord, Dfa.isWord(rep), atStart,
							false);
					boolean matched = false;
					List<Integer> stepped = new ArrayList<>();
					for (int r : resolved) {
						int k = nfa.kind.get(r);
						if (k == Nfa.MATCH) {
							matched = true;
						}
						else if (k == Nfa.CHAR && ((CharSet) nfa.payload.get(r)).contains(rep)) {
							stepped.add(nfa.out1.get(r));
						}
					}
					List<Integer> next = new ArrayList<>();
					for (int p : Dfa.pendingClosure(nfa, stepped.stream().mapToInt(Integer::intValue).toArray())) {
						next.add(ids.get(p));
					}
					Integer offset = shared.get(next);
					if (offset == null) {
						offset = data.size();
						data.add(next.size());
						data.addAll(next);
						shared.put(next, offset);
					}
					index[(id * classes + c) * 4 + ctx] = (offset << 1) | (matched ? 1 : 0);
				}
			}
			for (int prev = 0; prev < 2; prev++) {
				for (int r : Dfa.contextClosure(nfa, new int[] { node }, prev == 1, false, false, true)) {
					acceptsAtEnd[id * 2 + prev] |= nfa.kind.get(r) == Nfa.MATCH;
				}
			}
		}
		int[][] initial = new int[4][];
		int[] start = Dfa.pendingClosure(nfa, new int[] { nfa.start });
		for (int ctx = 0; ctx < 4; ctx++) {
			initial[ctx] = new int[start.length];
			for (int i = 0; i < start.length; i++) {
				initial[ctx][i] = ids.get(start[i]);
			}
		}
		int[] successors = data.stream().mapToInt(Integer::intValue).toArray();
		return new NfaTable(alphabet, index, successors, acceptsAtEnd, initial, n);
	}

	public int positionCount() {
		return positionCount;
	}

	public int classOf(char c) {
		return alphabet.classOf(c);
	}

	/** {@code (offset << 1) | matchedBefore}; the successors are {@link #successors()} from offset. */
	public int step(int position, int charClass, int context) {
		return index[(position * alphabet.classCount() + charClass) * 4 + context];
	}

	/** At {@code offset}: a count, then that many positions. Shared, never to be written. */
	int[] successors() {
		return successors;
	}

	public int successorCount(int offset) {
		return successors[offset];
	}

	public int successor(int offset, int i) {
		return successors[offset + 1 + i];
	}

	/** Whether a thread at {@code position} has a match ending at the end of the text (left context given). */
	public boolean acceptsAtEnd(int position, boolean prevIsWord) {
		return acceptsAtEnd[position * 2 + (prevIsWord ? 1 : 0)];
	}

	public int[] initial(boolean atTextStart) {
		return initial[atTextStart ? 2 : 0];
	}
}
