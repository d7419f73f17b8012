package io.streamguard.engine.scan;

import io.streamguard.engine.keyword.KeywordAutomaton;
import io.streamguard.engine.regex.AutomatonMemory;

/**
 * The engine's limits for one node (one JVM): the memory of lazily built automata, per pattern and across
 * every pattern of every rule-set version, and the work one call of a scan may do. Set once at start by the
 * host; {@link #DEFAULTS} otherwise.
 *
 * @param workPerScan steps one {@code update}, {@code append} or {@code finish} may take (a step is a thread
 *        moved over a char, an NFA position visited or a char through the literal automaton)
 * @param automatonBytesPerPattern cache bytes one pattern may hold before its cache is cleared
 * @param automatonStatesPerPattern cached states one pattern may hold before its cache is cleared
 * @param automatonBytesPerNode cache bytes all patterns together may hold
 * @param keywordDenseBytes bytes of full transition rows the keyword automaton of one rule set may have; the
 *        states beyond them keep only their own edges
 * @param keywordAutomatonBytes bytes the keyword automaton of one rule set may take in all; a rule change
 *        that needs more is refused when saved
 */
public record EngineLimits(
        long workPerScan,
        long automatonBytesPerPattern,
        int automatonStatesPerPattern,
        long automatonBytesPerNode,
        long keywordDenseBytes,
        long keywordAutomatonBytes) {

    /**
     * About five seconds of one core at the NFA's pace (about 100 million steps a second); a realistic rule set
     * checks the largest content (262,144 chars) in under a million.
     */
    public static final long DEFAULT_WORK_PER_SCAN = 500_000_000L;

    public static final EngineLimits DEFAULTS = new EngineLimits(
            DEFAULT_WORK_PER_SCAN,
            AutomatonMemory.DEFAULT_BYTES_PER_PATTERN,
            AutomatonMemory.DEFAULT_STATES_PER_PATTERN,
            AutomatonMemory.DEFAULT_BYTES_PER_NODE,
            KeywordAutomaton.DEFAULT_DENSE_BYTES,
            KeywordAutomaton.DEFAULT_MAX_BYTES);

    private static volatile EngineLimits current = DEFAULTS;

    public EngineLimits {
        if (workPerScan < 1_000_000) {
            throw new IllegalArgumentException("workPerScan must be at least 1,000,000: " + workPerScan);
        }
        if (keywordDenseBytes < 1 << 20 || keywordAutomatonBytes < keywordDenseBytes) {
            throw new IllegalArgumentException("need 1 MiB <= keywordDenseBytes <= keywordAutomatonBytes: "
                    + keywordDenseBytes + ", " + keywordAutomatonBytes);
        }
    }

    /** Makes {@code limits} those of this node. */
    public static void apply(EngineLimits limits) {
        AutomatonMemory.configure(
                limits.automatonBytesPerPattern(), limits.automatonStatesPerPattern(), limits.automatonBytesPerNode());
        KeywordAutomaton.configure(limits.keywordDenseBytes(), limits.keywordAutomatonBytes());
        current = limits;
    }

    public static EngineLimits current() {
        return current;
    }
}
