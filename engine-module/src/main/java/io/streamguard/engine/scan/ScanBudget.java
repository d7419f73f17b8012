package io.streamguard.engine.scan;

/**
 * The work one call of a scan may do, counted in steps (a thread over a char, an NFA position visited, a
 * char through the literal automaton), not in time: the same call on the same state costs about the same
 * on every node. Checked as the scan goes, so a call that would run too long ends early.
 */
final class ScanBudget {

    private long limit = Long.MAX_VALUE;

    private long spent;

    /** Starts a call that may do {@code limit} steps ({@code Long.MAX_VALUE}: any number). */
    void reset(long limit) {
        this.limit = limit;
        this.spent = 0;
    }

    long spent() {
        return spent;
    }

    void spend(long work) {
        spent += work;
        if (spent > limit) {
            exceeded();
        }
    }

    private void exceeded() {
        throw new ScanBudgetExceededException(limit);
    }
}
