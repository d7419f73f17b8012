package io.streamguard.engine.scan;

import java.util.Arrays;

import io.streamguard.engine.detect.Sink;
import io.streamguard.engine.regex.Dfa;
import io.streamguard.engine.regex.NfaTable;
import io.streamguard.engine.regex.PortableRegex;

/**
 * The streaming state of one regex rule: leftmost-longest, non-overlapping matches found by running the
 * rule's anchored {@link Dfa} as threads {@code (state, start)}, one per start position still alive.
 *
 * <p>Invariants. Threads are ordered by (level, start). Level 0 holds the threads that may still decide the
 * next match to report; a level with a candidate match {@code [candStart, candEnd)} keeps only threads
 * starting at or before {@code candStart} (they could make it longer or earlier), and the next level holds
 * the threads starting at or after {@code candEnd}, which matter only if that candidate stands. No two
 * threads share a DFA state: the later one has the same future and can never win. So there are at most as
 * many threads as DFA states, and each char costs at most that many table steps: linear time.
 * The level-0 candidate is reported when no level-0 thread is left.
 *
 * <p>With a prefilter, a thread starts at {@code s} only if a literal occurrence ends in
 * {@code (s, s + window]}; a start is decided once the literal scanner has passed {@code s + window}, so
 * this scan may lag up to {@code window} chars behind the text, and catches up at the end of the text.
 */
final class RegexScan {

	int simPos;

	private int[] intervals = new int[4];

	private int intervalCount;

	private int[] candStart = { -1, -1 };

	private int[] candEnd = { 0, 0 };

	private int levelCount = 1;

	private int[] threadState = new int[4];

	private int[] threadStart = new int[4];

	private int[] threadLevel = new int[4];

	private int threadCount;

	/** Nothing to do until a prefilter literal is found. */
	boolean dormant() {
		return intervalCount == 0 && idle();
	}

	/** A prefilter literal ended at {@code end}: starts in {@code [end - window, end - 1]} may match. */
	void hit(int end, int window) {
		int from = Math.max(end - window, 0);
		int to = end - 1;
		if (dormant()) {
			// nothing could start before this hit's window: skip there at once
			simPos = Math.max(simPos, from);
		}
		if (intervalCount > 0 && from <= intervals[2 * intervalCount - 1] + 1) {
			intervals[2 * intervalCount - 1] = Math.max(intervals[2 * intervalCount - 1], to);
			return;
		}
		if (2 * intervalCount + 2 > intervals.length) {
			intervals = Arrays.copyOf(intervals, intervals.length * 2);
		}
		intervals[2 * intervalCount] = from;
		intervals[2 * intervalCount + 1] = to;
		intervalCount++;
	}

	private boolean idle() {
		return threadCount == 0 && levelCount == 1 && candStart[0] < 0;
	}

	/**
	 * Runs as far as the text and the literal scan allow: {@code known} chars of {@code buf} are there and
	 * scanned for literals. With {@code finishing}, the text ends at {@code known}: everything is decided.
	 */
	void advance(PortableRegex regex, int window, char[] buf, int known, boolean finishing, Sink sink, Marks marks) {
		Dfa dfa = regex.dfa();
		NfaTable nfa = regex.nfa();
		while (simPos < known) {
			int s = simPos;
			boolean start = true;
			if (window >= 0) {
				int drop = 0;
				while (drop < intervalCount && intervals[2 * drop + 1] < s) {
					drop++;
				}
				if (drop > 0) {
					System.arraycopy(intervals, 2 * drop, intervals, 0, 2 * (intervalCount - drop));
					intervalCount -= drop;
				}
				if (intervalCount == 0 || intervals[0] > s) {
					boolean decided = finishing || intervalCount > 0 || s + window <= known || !canStart(dfa, nfa, buf, s);
					if (!decided) {
						break;
					}
					start = false;
					if (idle()) {
						int target = intervalCount > 0 ? intervals[0] : finishing ? known : known - window + 1;
						target = Math.min(target, known);
						if (target > s) {
							simPos = target;
							continue;
						}
					}
				}
			}
			if (start && window < 0 && idle()) {
				boolean[] starts = regex.startChars();
				int p = s;
				while (p < known && buf[p] < 128 && !starts[buf[p]]) {
					p++;
				}
				if (p > s) {
					simPos = p;
					continue;
				}
			}
			if (dfa != null) {
				step(dfa, buf, s, start, sink, marks);
			}
			else {
				step(nfa, buf, s, start, sink, marks);
			}
			simPos = s + 1;
		}
		if (finishing) {
			boolean prevWord = known > 0 && isAsciiWord(buf[known - 1]);
			for (int i = 0; i < threadCount; i++) {
				if (dfa != null ? dfa.acceptsAtEnd(threadState[i]) : nfa.acceptsAtEnd(threadState[i], prevWord)) {
					candidate(threadLevel[i], threadStart[i], known);
					break;
				}
			}
			atEnd(sink);
		}
	}

	private void step(Dfa dfa, char[] buf, int s, boolean start, Sink sink, Marks marks) {
		char c = buf[s];
		if (threadCount > 0) {
			int epoch = marks.next();
			int[] mark = marks.array;
			int kept = 0;
			int n = threadCount;
			for (int i = 0; i < n; i++) {
				int t = dfa.step(threadState[i], c);
				int level = threadLevel[i];
				int next = t >>> 1;
				boolean accepted = (t & 1) != 0;
				if (next != Dfa.DEAD && mark[next] != epoch) {
					mark[next] = epoch;
					threadState[kept] = next;
					threadStart[kept] = threadStart[i];
					threadLevel[kept] = level;
					kept++;
				}
				if (accepted) {
					candidate(level, threadStart[i], s);
					break;
				}
			}
			threadCount = kept;
		}
		if (start) {
			boolean prevWord = s > 0 && isAsciiWord(buf[s - 1]);
			int t = dfa.step(dfa.initial(s == 0, prevWord), c);
			int next = t >>> 1;
			if (next != Dfa.DEAD && (threadCount == 0 || !marks.isMarked(next))) {
				add(next, s, levelCount - 1);
			}
		}
		emitReady(sink);
	}

	/** One char for NFA threads: a thread may fork, so survivors go to a second set of arrays. */
	private void step(NfaTable nfa, char[] buf, int s, boolean start, Sink sink, Marks marks) {
		char c = buf[s];
		boolean prevWord = s > 0 && isAsciiWord(buf[s - 1]);
		int context = (prevWord ? 1 : 0) | (s == 0 ? 2 : 0);
		int charClass = nfa.classOf(c);
		if (threadCount == 0 && !start) {
			return;
		}
		int epoch = marks.next();
		int[] mark = marks.array;
		int n = threadCount;
		int[] oldState = threadState;
		int[] oldStart = threadStart;
		int[] oldLevel = threadLevel;
		threadState = spareState.length >= oldState.length ? spareState : new int[oldState.length];
		threadStart = spareStart.length >= oldState.length ? spareStart : new int[oldState.length];
		threadLevel = spareLevel.length >= oldState.length ? spareLevel : new int[oldState.length];
		threadCount = 0;
		for (int i = 0; i < n; i++) {
			int t = nfa.step(oldState[i], charClass, context);
			int offset = t >>> 1;
			int count = nfa.successorCount(offset);
			for (int k = 0; k < count; k++) {
				int next = nfa.successor(offset, k);
				if (mark[next] != epoch) {
					mark[next] = epoch;
					add(next, oldStart[i], oldLevel[i]);
				}
			}
			if ((t & 1) != 0) {
				candidate(oldLevel[i], oldStart[i], s);
				break;
			}
		}
		if (start) {
			for (int position : nfa.initial(s == 0)) {
				int offset = nfa.step(position, charClass, context) >>> 1;
				int count = nfa.successorCount(offset);
				for (int k = 0; k < count; k++) {
					int next = nfa.successor(offset, k);
					if (mark[next] != epoch) {
						mark[next] = epoch;
						add(next, s, levelCount - 1);
					}
				}
			}
		}
		spareState = oldState;
		spareStart = oldStart;
		spareLevel = oldLevel;
		emitReady(sink);
	}

	private int[] spareState = new int[0];

	private int[] spareStart = new int[0];

	private int[] spareLevel = new int[0];

	/** Whether a match could start at {@code s} at all, whatever the prefilter says. */
	private static boolean canStart(Dfa dfa, NfaTable nfa, char[] buf, int s) {
		boolean prevWord = s > 0 && isAsciiWord(buf[s - 1]);
		if (dfa != null) {
			return dfa.step(dfa.initial(s == 0, prevWord), buf[s]) >>> 1 != Dfa.DEAD;
		}
		int charClass = nfa.classOf(buf[s]);
		int context = (prevWord ? 1 : 0) | (s == 0 ? 2 : 0);
		for (int position : nfa.initial(s == 0)) {
			if (nfa.successorCount(nfa.step(position, charClass, context) >>> 1) > 0) {
				return true;
			}
		}
		return false;
	}

	private static boolean isAsciiWord(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
	}

	/** A thread of {@code level} matched {@code [start, end)}: it is that level's best candidate. */
	private void candidate(int level, int start, int end) {
		candStart[level] = start;
		candEnd[level] = end;
		levelCount = level + 2;
		if (candStart.length < levelCount) {
			candStart = Arrays.copyOf(candStart, levelCount * 2);
			candEnd = Arrays.copyOf(candEnd, levelCount * 2);
		}
		candStart[level + 1] = -1;
		candEnd[level + 1] = 0;
	}

	private void add(int state, int start, int level) {
		if (threadCount == threadState.length) {
			threadState = Arrays.copyOf(threadState, threadCount * 2);
			threadStart = Arrays.copyOf(threadStart, threadCount * 2);
			threadLevel = Arrays.copyOf(threadLevel, threadCount * 2);
		}
		threadState[threadCount] = state;
		threadStart[threadCount] = start;
		threadLevel[threadCount] = level;
		threadCount++;
	}

	private void emitReady(Sink sink) {
		while (candStart[0] >= 0 && (threadCount == 0 || threadLevel[0] != 0)) {
			sink.match(candStart[0], candEnd[0]);
			System.arraycopy(candStart, 1, candStart, 0, levelCount - 1);
			System.arraycopy(candEnd, 1, candEnd, 0, levelCount - 1);
			levelCount--;
			candStart[levelCount] = -1;
			for (int i = 0; i < threadCount; i++) {
				threadLevel[i]--;
			}
		}
	}

	private void atEnd(Sink sink) {
		threadCount = 0;
		for (int level = 0; level < levelCount; level++) {
			if (candStart[level] >= 0) {
				sink.match(candStart[level], candEnd[level]);
			}
		}
		levelCount = 1;
		candStart[0] = -1;
	}

	int[] save() {
		int[] s = new int[4 + 2 * intervalCount + 2 * levelCount + 3 * threadCount];
		int i = 0;
		s[i++] = simPos;
		s[i++] = intervalCount;
		for (int k = 0; k < 2 * intervalCount; k++) {
			s[i++] = intervals[k];
		}
		s[i++] = levelCount;
		for (int k = 0; k < levelCount; k++) {
			s[i++] = candStart[k];
			s[i++] = candEnd[k];
		}
		s[i++] = threadCount;
		for (int k = 0; k < threadCount; k++) {
			s[i++] = threadState[k];
			s[i++] = threadStart[k];
			s[i++] = threadLevel[k];
		}
		return s;
	}

	static RegexScan restore(int[] s) {
		RegexScan r = new RegexScan();
		int i = 0;
		r.simPos = s[i++];
		r.intervalCount = s[i++];
		r.intervals = new int[Math.max(4, 2 * r.intervalCount)];
		for (int k = 0; k < 2 * r.intervalCount; k++) {
			r.intervals[k] = s[i++];
		}
		r.levelCount = s[i++];
		r.candStart = new int[Math.max(2, r.levelCount + 1)];
		r.candEnd = new int[r.candStart.length];
		Arrays.fill(r.candStart, -1);
		for (int k = 0; k < r.levelCount; k++) {
			r.candStart[k] = s[i++];
			r.candEnd[k] = s[i++];
		}
		r.threadCount = s[i++];
		int cap = Math.max(4, r.threadCount);
		r.threadState = new int[cap];
		r.threadStart = new int[cap];
		r.threadLevel = new int[cap];
		for (int k = 0; k < r.threadCount; k++) {
			r.threadState[k] = s[i++];
			r.threadStart[k] = s[i++];
			r.threadLevel[k] = s[i++];
		}
		return r;
	}

	RegexScan copy() {
		return restore(save());
	}

	/** Scratch marks for deduplicating threads by DFA state within one step; never serialized. */
	static final class Marks {

		final int[] array;

		private int epoch;

		Marks(int size) {
			this.array = new int[size];
		}

		int next() {
			if (++epoch == Integer.MAX_VALUE) {
				Arrays.fill(array, 0);
				epoch = 1;
			}
			return epoch;
		}

		boolean isMarked(int state) {
			return array[state] == epoch;
		}
	}
}
