package io.streamguard.engine.scan;

/**
 * A call of a scan needed more work than its budget ({@link EngineLimits#workPerScan()}): the text is too
 * costly to check with these rules. The scan is left as it was before the call.
 */
public final class ScanBudgetExceededException extends RuntimeException {

    private final long budget;

    public ScanBudgetExceededException(long budget) {
        super("the scan needed more than its budget of " + budget + " steps", null, false, false);
        this.budget = budget;
    }

    public long budget() {
        return budget;
    }
}
