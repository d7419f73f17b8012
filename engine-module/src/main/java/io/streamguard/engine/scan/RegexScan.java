package io.streamguard.engine.scan;

import java.util.Arrays;

import io.streamguard.engine.detect.Sink;
import io.streamguard.engine.regex.Dfa;
import io.streamguard.engine.regex.PortableRegex;

import org.jspecify.annotations.Nullable;

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
 *
 * <p>Thread states are numbers in the automaton's lazily built {@link Dfa.Cache}, which differ between JVMs
 * and between cache generations; so they are not serialized: a thread's state is a function of its start and
 * the text, and is recomputed from those when the scan meets a cache it has not used before.
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

	/** The cache {@link #threadState} numbers belong to; null after deserialization. */
	private Dfa.@Nullable Cache cache;

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
		Dfa.Cache dfa = cache;
		if (dfa == null || dfa.retired()) {
			dfa = rebase(regex.dfa().cache(), buf);
		}
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
					boolean decided = finishing || intervalCount > 0 || s + window <= known || !canStart(dfa, buf, s);
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
				int p = s;
				if (p == 0) {
					while (p < known && buf[p] < 128 && !regex.startChars()[buf[p]]) {
						p++;
					}
				}
				if (p > 0) {
					boolean[] afterWord = regex.startCharsAfter()[1];
					boolean[] afterOther = regex.startCharsAfter()[0];
					while (p < known) {
						char c = buf[p];
						if (c >= 128 || (isAsciiWord(buf[p - 1]) ? afterWord : afterOther)[c]) {
							break;
						}
						p++;
					}
				}
				if (p > s) {
					simPos = p;
					continue;
				}
			}
			step(dfa, buf, s, start, sink, marks);
			simPos = s + 1;
		}
		if (finishing) {
			for (int i = 0; i < threadCount; i++) {
				if (dfa.acceptsAtEnd(threadState[i])) {
					candidate(threadLevel[i], threadStart[i], known);
					break;
				}
			}
			atEnd(sink);
		}
	}

	/** Moves the threads to {@code to}: each state is recomputed by running its start over the text since. */
	private Dfa.Cache rebase(Dfa.Cache to, char[] buf) {
		for (int i = 0; i < threadCount; i++) {
			int start = threadStart[i];
			int state = to.initial(start == 0, start > 0 && isAsciiWord(buf[start - 1]));
			for (int p = start; p < simPos; p++) {
				state = to.step(state, buf[p]) >>> 2;
			}
			threadState[i] = state;
		}
		cache = to;
		return to;
	}

	private void step(Dfa.Cache dfa, char[] buf, int s, boolean start, Sink sink, Marks marks) {
		int charClass = dfa.classOf(buf[s]);
		int epoch = marks.next();
		if (threadCount > 0) {
			int[] mark = marks.array;
			int kept = 0;
			int n = threadCount;
			for (int i = 0; i < n; i++) {
				int t = dfa.step(threadState[i], charClass);
				int level = threadLevel[i];
				int next = t >>> 2;
				if (next != Dfa.DEAD) {
					if (next >= mark.length) {
						mark = marks.grow(next);
					}
					if (mark[next] != epoch) {
						mark[next] = epoch;
						threadState[kept] = next;
						threadStart[kept] = threadStart[i];
						threadLevel[kept] = level;
						kept++;
					}
				}
				if ((t & 2) != 0) {
					candidate(level, threadStart[i], s);
					break;
				}
			}
			threadCount = kept;
		}
		if (start) {
			boolean prevWord = s > 0 && isAsciiWord(buf[s - 1]);
			int next = dfa.step(dfa.initial(s == 0, prevWord), charClass) >>> 2;
			if (next != Dfa.DEAD && (threadCount == 0 || !marks.isMarked(next))) {
				add(next, s, levelCount - 1);
			}
		}
		emitReady(sink);
	}

	/** Whether a match could start at {@code s} at all, whatever the prefilter says. */
	private static boolean canStart(Dfa.Cache dfa, char[] buf, int s) {
		boolean prevWord = s > 0 && isAsciiWord(buf[s - 1]);
		return dfa.step(dfa.initial(s == 0, prevWord), buf[s]) >>> 2 != Dfa.DEAD;
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
		int[] s = new int[4 + 2 * intervalCount + 2 * levelCount + 2 * threadCount];
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
			r.threadStart[k] = s[i++];
			r.threadLevel[k] = s[i++];
		}
		return r;
	}

	RegexScan copy() {
		RegexScan r = new RegexScan();
		r.simPos = simPos;
		r.intervals = Arrays.copyOf(intervals, Math.max(4, 2 * intervalCount));
		r.intervalCount = intervalCount;
		r.candStart = candStart.clone();
		r.candEnd = candEnd.clone();
		r.levelCount = levelCount;
		int cap = Math.max(4, threadCount);
		r.threadState = Arrays.copyOf(threadState, cap);
		r.threadStart = Arrays.copyOf(threadStart, cap);
		r.threadLevel = Arrays.copyOf(threadLevel, cap);
		r.threadCount = threadCount;
		r.cache = cache;
		return r;
	}

	/** Scratch marks for deduplicating threads by DFA state within one step; never serialized. */
	static final class Marks {

		int[] array;

		private int epoch;

		Marks(int size) {
			this.array = new int[size];
		}

		/** Room for {@code state}: the lazily built automaton gains states while it runs. */
		int[] grow(int state) {
			array = Arrays.copyOf(array, Math.max(state + 1, array.length * 2));
			return array;
		}

		int next() {
			if (++epoch == Integer.MAX_VALUE) {
				Arrays.fill(array, 0);
				epoch = 1;
			}
			return epoch;
		}

		boolean isMarked(int state) {
			return state < array.length && array[state] == epoch;
		}
	}
}
