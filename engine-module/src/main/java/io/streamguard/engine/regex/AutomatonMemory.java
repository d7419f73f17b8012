package io.streamguard.engine.regex;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory budget of lazily built automata: per pattern (a {@link Dfa.Cache} that would grow past it is
 * cleared) and across every pattern of every rule-set version in this JVM (a cache that cannot reserve its
 * next state from the shared budget is cleared too). A cache's bytes are returned to the shared budget when
 * it is cleared, or when its automaton is no longer reachable.
 *
 * <p>Bytes are estimates of what a state costs on the heap: its transition row, its NFA positions and the
 * map entry that finds it.
 */
public final class AutomatonMemory {

    /** Defaults: 2 MiB or 10,000 states per pattern, 64 MiB for all patterns together. */
    public static final long DEFAULT_BYTES_PER_PATTERN = 2L << 20;

    public static final int DEFAULT_STATES_PER_PATTERN = 10_000;

    public static final long DEFAULT_BYTES_PER_NODE = 64L << 20;

    private static volatile long bytesPerPattern = DEFAULT_BYTES_PER_PATTERN;

    private static volatile int statesPerPattern = DEFAULT_STATES_PER_PATTERN;

    private static volatile long bytesPerNode = DEFAULT_BYTES_PER_NODE;

    private static final AtomicLong USED = new AtomicLong();

    private AutomatonMemory() {}

    /** Sets the budgets; caches already over a new, lower budget are cleared when they next grow. */
    public static void configure(long bytesPerPattern, int statesPerPattern, long bytesPerNode) {
        if (bytesPerPattern < 64 * 1024 || statesPerPattern < 64 || bytesPerNode < bytesPerPattern) {
            throw new IllegalArgumentException("automaton budgets too small: " + bytesPerPattern + " bytes and "
                    + statesPerPattern + " states per pattern, " + bytesPerNode + " bytes per node");
        }
        AutomatonMemory.bytesPerPattern = bytesPerPattern;
        AutomatonMemory.statesPerPattern = statesPerPattern;
        AutomatonMemory.bytesPerNode = bytesPerNode;
    }

    public static long bytesPerPattern() {
        return bytesPerPattern;
    }

    public static int statesPerPattern() {
        return statesPerPattern;
    }

    public static long bytesPerNode() {
        return bytesPerNode;
    }

    /** The bytes held now by the caches of every pattern. */
    public static long usedBytes() {
        return USED.get();
    }

    /** Takes {@code bytes} from the shared budget, or nothing if they would exceed it. */
    static boolean reserve(long bytes) {
        long limit = bytesPerNode;
        while (true) {
            long used = USED.get();
            if (used + bytes > limit) {
                return false;
            }
            if (USED.compareAndSet(used, used + bytes)) {
                return true;
            }
        }
    }

    /** Takes {@code bytes} even beyond the budget: for the few start states every fresh cache needs. */
    static void force(long bytes) {
        USED.addAndGet(bytes);
    }

    static void release(long bytes) {
        USED.addAndGet(-bytes);
    }

    /** The estimated heap cost of a state with {@code positions} NFA positions and {@code classes} classes. */
    static long stateBytes(int positions, int classes) {
        // row (header + one int per class and one for the end), positions array, key, map entry, boxed id
        return 16 + 4L * (classes + 1) + 16 + 4L * positions + 24 + 48 + 16;
    }
}
