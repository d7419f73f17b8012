package io.streamguard.loadtool.report;

import io.streamguard.loadtool.run.Figures;
import io.streamguard.loadtool.server.ServerSetup.RulesLoaded;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The figures of one suite: the target load, the capacity steps, content lengths, numbers of open
 * streams, the streaming-versus-baseline pair and loads measured over HTTP and WebSocket alike, with what is needed to say how they were made, and the
 * server's hot methods over the measured points when they were recorded.
 */
public record SuiteResult(
        String section,
        String title,
        int nodes,
        String machine,
        String command,
        RulesLoaded rules,
        @Nullable Figures target,
        List<Figures> capacity,
        List<Figures> contentLength,
        List<Integer> contentLengthChars,
        List<Figures> openStreams,
        @Nullable Figures streaming,
        @Nullable Figures baseline,
        @Nullable String hotMethods,
        @Nullable Figures streamingPerToken,
        int tokensPerSecond,
        double idleJvmCores,
        double idleProcessTreeCores,
        List<SideBySide> transports) {

    /** One load measured over HTTP and then, the same in every other respect, over the stream socket. */
    public record SideBySide(Figures http, Figures ws) {}

    /** Server CPU per call less the share of it the idle server burns anyway (NaN without an idle figure). */
    public double netCpuMicrosPerCall(Figures f) {
        if (Double.isNaN(idleJvmCores) || f.serverCoresBusy() <= 0) {
            return Double.NaN;
        }
        return f.serverCpuMicrosPerCall() * (1 - idleJvmCores / f.serverCoresBusy());
    }

    /** Server CPU seconds per message less what the idle server burns anyway over the same time. */
    public double netCpuSecondsPerMessage(Figures f, boolean withDatabase) {
        double gross = withDatabase ? f.serverAndDatabaseCpuSecondsPerMessage() : f.serverCpuSecondsPerMessage();
        double idle = withDatabase ? idleProcessTreeCores : idleJvmCores;
        return Double.isNaN(idle) ? gross : gross - idle * f.windowSeconds() / f.messages();
    }
}
