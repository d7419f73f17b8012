package io.streamguard.engine.keyword;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Aho-Corasick automaton for all the literal strings of a rule set, as a full transition table over a
 * compact alphabet, so that a scan carries a single int across updates.
 *
 * <p>Written here rather than taken from a library: the libraries on Maven Central either expose no step
 * function (org.ahocorasick) or only through protected members (hankcs), and a DFA table is the fastest
 * form. Input and entries are compared after simple case folding ({@link #fold}); callers that need exact
 * case check the original text on a hit. The state after consuming text ending in some entry lists that
 * entry among its {@linkplain #outputs outputs}.
 */
public final class KeywordAutomaton {

	private final char[] classOf;

	private final int alphabet;

	private final int[] delta;

	private final int[] outStart;

	private final int[] outData;

	private final int[] entryLength;

	private KeywordAutomaton(char[] classOf, int alphabet, int[] delta, int[] outStart, int[] outData,
			int[] entryLength) {
		this.classOf = classOf;
		this.alphabet = alphabet;
		this.delta = delta;
		this.outStart = outStart;
		this.outData = outData;
		this.entryLength = entryLength;
	}

	/** Simple case folding of one UTF-16 unit; it never changes the length of a text. */
	public static char fold(char c) {
		return Character.toLowerCase(Character.toUpperCase(c));
	}

	public static String fold(String s) {
		char[] chars = s.toCharArray();
		for (int i = 0; i < chars.length; i++) {
			chars[i] = fold(chars[i]);
		}
		return new String(chars);
	}

	/** Builds the automaton; entry {@code i} is {@code entries.get(i)}, folded. */
	public static KeywordAutomaton build(List<String> entries) {
		Map<Character, Integer> classes = new HashMap<>();
		for (String entry : entries) {
			for (char c : fold(entry).toCharArray()) {
				classes.putIfAbsent(c, classes.size() + 1);
			}
		}
		int alphabet = classes.size() + 1;
		char[] classOf = new char[65536];
		for (int c = 0; c < 65536; c++) {
			Integer cls = classes.get(fold((char) c));
			classOf[c] = (char) (cls == null ? 0 : cls);
		}
		// trie
		List<int[]> children = new ArrayList<>();
		List<List<Integer>> outputs = new ArrayList<>();
		children.add(new int[alphabet]);
		outputs.add(new ArrayList<>());
		int[] entryLength = new int[entries.size()];
		for (int e = 0; e < entries.size(); e++) {
			String folded = fold(entries.get(e));
			entryLength[e] = folded.length();
			int s = 0;
			for (char c : folded.toCharArray()) {
				int cls = classOf[c];
				if (children.get(s)[cls] == 0) {
					children.add(new int[alphabet]);
					outputs.add(new ArrayList<>());
					children.get(s)[cls] = children.size() - 1;
				}
				s = children.get(s)[cls];
			}
			outputs.get(s).add(e);
		}
		int n = children.size();
		int[] delta = new int[n * alphabet];
		int[] fail = new int[n];
		ArrayDeque<Integer> queue = new ArrayDeque<>();
		for (int c = 0; c < alphabet; c++) {
			int child = children.get(0)[c];
			delta[c] = child;
			if (child != 0) {
				fail[child] = 0;
				queue.add(child);
			}
		}
		while (!queue.isEmpty()) {
			int s = queue.poll();
			outputs.get(s).addAll(outputs.get(fail[s]));
			for (int c = 0; c < alphabet; c++) {
				int child = children.get(s)[c];
				if (child != 0) {
					fail[child] = delta[fail[s] * alphabet + c];
					delta[s * alphabet + c] = child;
					queue.add(child);
				}
				else {
					delta[s * alphabet + c] = delta[fail[s] * alphabet + c];
				}
			}
		}
		int[] outStart = new int[n + 1];
		int total = 0;
		for (int s = 0; s < n; s++) {
			outStart[s] = total;
			total += outputs.get(s).size();
		}
		outStart[n] = total;
		int[] outData = new int[total];
		for (int s = 0; s < n; s++) {
			List<Integer> out = outputs.get(s);
			for (int i = 0; i < out.size(); i++) {
				outData[outStart[s] + i] = out.get(i);
			}
		}
		return new KeywordAutomaton(classOf, alphabet, delta, outStart, outData, entryLength);
	}

	public int initial() {
		return 0;
	}

	public int stateCount() {
		return outStart.length - 1;
	}

	public int step(int state, char c) {
		return delta[state * alphabet + classOf[c]];
	}

	/**
	 * Scans {@code buf[from, to)} from {@code state}, the hot loop of literal matching. {@code work[s]} says
	 * what a state's outputs need: bit 0, a call as soon as the state is reached; bit 1, a call once the
	 * next char is there (for checks that need one char of lookahead). {@code pending} says whether the
	 * start state still waits for its next char.
	 */
	public int run(int state, boolean pending, char[] buf, int from, int to, byte[] work, Hits hits) {
		int s = state;
		boolean waiting = pending;
		int a = alphabet;
		for (int p = from; p < to; p++) {
			if (waiting) {
				hits.next(s, p);
			}
			s = delta[s * a + classOf[buf[p]]];
			int w = work[s];
			if (w != 0) {
				if ((w & 1) != 0) {
					hits.reached(s, p + 1);
				}
				waiting = (w & 2) != 0;
			}
			else {
				waiting = false;
			}
		}
		return s;
	}

	/** Receives the work of {@link #run}. */
	public interface Hits {

		/** {@code state} was reached by the char before {@code end}. */
		void reached(int state, int end);

		/** {@code state} was reached by the char before {@code end}, and {@code buf[end]} is now there. */
		void next(int state, int end);
	}

	public int outputsFrom(int state) {
		return outStart[state];
	}

	public int outputsTo(int state) {
		return outStart[state + 1];
	}

	public int output(int index) {
		return outData[index];
	}

	public int entryLength(int entry) {
		return entryLength[entry];
	}

	public int tableBytes() {
		return delta.length * 4 + outData.length * 4 + outStart.length * 4 + classOf.length * 2;
	}

	@Override
	public String toString() {
		return "KeywordAutomaton[states=" + stateCount() + ", alphabet=" + alphabet + ", entries="
				+ entryLength.length + "]" + (Arrays.equals(entryLength, new int[0]) ? "" : "");
	}
}
