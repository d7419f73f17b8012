package io.streamguard.loadtool.run;

/**
 * One measurement point as numbers, the row that the summary, the JSON report, the tables and the charts
 * show. Latencies are milliseconds ("client": measured by the tool around the HTTP call; "server": the
 * node's own timer of the cluster call, from its histogram buckets over the window). NaN: not measured.
 * The update phase is the time-bound window itself; the finish phase is what follows it, when each
 * plugin finishes the answer it is in: their CPU is read apart, so that the cost of an update and the
 * cost of a finish (hashing and storing the whole message in the audit) are not mixed.
 */
public record Figures(
        String name,
        String description,
        double windowSeconds,
        int streams,
        double offeredUpdatesPerSecond,
        long messages,
        double messagesPerSecond,
        long updates,
        double updatesPerSecond,
        long checks,
        double checksPerSecond,
        double apiCallsPerMessage,
        double auditRowsPerMessage,
        double expiredAuditRows,
        long abandonedStreams,
        long blockedMessages,
        double updateP50,
        double updateP99,
        double updateP999,
        double updateMax,
        double rewriteP99,
        double finishP50,
        double finishP99,
        double finishP999,
        double checkP50,
        double checkP99,
        double checkP999,
        double serverUpdateP50,
        double serverUpdateP99,
        double serverUpdateP999,
        double serverUpdateMean,
        double serverFinishP99,
        double serverCheckMean,
        double serverCoresBusy,
        double serverCpuSecondsPerMessage,
        double serverAndDatabaseCpuSecondsPerMessage,
        double serverCpuMicrosPerCall,
        double heapBytesPerOpenStream,
        String memoryMethod,
        long rateLimited,
        long tooManyStreams,
        long positionMismatches,
        long errors,
        long lateSends,
        int tokensPerUpdate,
        double updatePhaseCpuMicrosPerUpdate,
        double finishPhaseCpuMillisPerFinish,
        double finishPhaseCpuWithDatabaseMillisPerFinish,
        double finishPhaseFinishes,
        double serverFinishMean,
        double serverFinishP50,
        long windowStartEpochMillis,
        long windowEndEpochMillis,
        double loadToolCoresBusy) {

    /** Updates (or checks, for the baseline) per second, whichever the plugins sent. */
    public double callsPerSecond() {
        return updatesPerSecond + checksPerSecond;
    }

    public double p99() {
        return checks > 0 ? checkP99 : updateP99;
    }
}
