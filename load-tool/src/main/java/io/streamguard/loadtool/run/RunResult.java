package io.streamguard.loadtool.run;

import io.streamguard.loadtool.run.Latencies.Call;
import io.streamguard.loadtool.run.Latencies.Summary;
import io.streamguard.loadtool.server.ServerSnapshot.ServerDelta;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Everything one measurement point produced, before it is boiled down to {@link Figures}. */
public record RunResult(
        Load load,
        double windowSeconds,
        Counts.Totals counts,
        Map<Call, Summary> latencies,
        ServerDelta server,
        double heapPerOpenStreamBytes,
        String memoryMethod,
        @Nullable ServerDelta updatePhase,
        @Nullable ServerDelta finishPhase,
        long windowStartEpochMillis,
        long windowEndEpochMillis,
        double loadToolCpuSeconds) {

    public Figures figures() {
        Counts.Totals c = counts;
        double messages = c.messages();
        double updates = c.updates() + c.rewrites();
        double work = updates + c.checks();
        double auditRows = server.auditRows("finished") + server.auditRows("checked");
        Summary update = latency(Call.UPDATE);
        Summary finish = latency(Call.FINISH);
        Summary check = latency(Call.CHECK);
        var httpCheck = server.httpByUri().get("/v1/check");
        return new Figures(
                load.name(),
                load.describe(),
                round(windowSeconds, 1),
                load.streams(),
                load.updatesPerSecond() > 0 ? load.streams() * load.updatesPerSecond() : Double.NaN,
                c.messages(),
                per(c.messagesInWindow(), windowSeconds),
                (long) updates,
                per(updates, windowSeconds),
                c.checks(),
                per(c.checks(), windowSeconds),
                per(c.calls(), messages),
                per(auditRows, messages),
                server.auditRows("expired"),
                c.abandoned(),
                c.blockedMessages(),
                update.p50Millis(),
                update.p99Millis(),
                update.p999Millis(),
                update.maxMillis(),
                latency(Call.REWRITE).p99Millis(),
                finish.p50Millis(),
                finish.p99Millis(),
                finish.p999Millis(),
                check.p50Millis(),
                check.p99Millis(),
                check.p999Millis(),
                server.update().quantileMillis(0.5),
                server.update().quantileMillis(0.99),
                server.update().quantileMillis(0.999),
                server.update().meanMillis(),
                server.finish().quantileMillis(0.99),
                httpCheck == null ? Double.NaN : httpCheck.meanMillis(),
                per(server.jvmCpuSeconds(), windowSeconds),
                per(server.jvmCpuSeconds(), messages),
                per(server.processTreeCpuSeconds(), messages),
                per(server.jvmCpuSeconds() * 1e6, work),
                heapPerOpenStreamBytes,
                memoryMethod,
                c.rateLimited(),
                c.tooManyStreams(),
                c.positionMismatches(),
                c.errors(),
                c.late(),
                load.tokensPerUpdate(),
                updatePhase == null
                        ? Double.NaN
                        : per(
                                updatePhase.jvmCpuSeconds() * 1e6,
                                updatePhase.update().count()),
                finishPhase == null
                        ? Double.NaN
                        : per(
                                finishPhase.jvmCpuSeconds() * 1e3,
                                finishPhase.finish().count()),
                finishPhase == null
                        ? Double.NaN
                        : per(
                                finishPhase.processTreeCpuSeconds() * 1e3,
                                finishPhase.finish().count()),
                finishPhase == null ? Double.NaN : finishPhase.finish().count(),
                server.finish().meanMillis(),
                server.finish().quantileMillis(0.5),
                windowStartEpochMillis,
                windowEndEpochMillis,
                per(loadToolCpuSeconds, updatePhase == null ? server.seconds() : updatePhase.seconds()));
    }

    private Summary latency(Call call) {
        Summary summary = latencies.get(call);
        if (summary == null) {
            throw new IllegalStateException("no latencies of " + call + " in this result");
        }
        return summary;
    }

    private static double per(double amount, double unit) {
        return unit <= 0 ? Double.NaN : amount / unit;
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
