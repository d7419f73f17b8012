package io.streamguard.loadtool;

import io.streamguard.loadtool.run.Figures;
import java.util.Locale;

/** What the tool prints while it runs: one line per point, or the whole picture of a single run. */
final class Summaries {

    private Summaries() {}

    static void printOneLine(Figures f) {
        System.out.println(String.format(
                Locale.ROOT,
                "   %.0f s: %.0f updates/s, %.0f checks/s, %.1f messages/s | update p50/p99/p99.9 %.2f/%.2f/%.2f ms "
                        + "(server p99 %.2f) | finish p99 %.2f | check p99 %.2f | server cores %.2f | "
                        + "CPU/message %.4f s | audit rows/message %.3f | 429s %d, late %d, errors %d",
                f.windowSeconds(),
                f.updatesPerSecond(),
                f.checksPerSecond(),
                f.messagesPerSecond(),
                f.updateP50(),
                f.updateP99(),
                f.updateP999(),
                f.serverUpdateP99(),
                f.finishP99(),
                f.checkP99(),
                f.serverCoresBusy(),
                f.serverCpuSecondsPerMessage(),
                f.auditRowsPerMessage(),
                f.rateLimited(),
                f.lateSends(),
                f.errors()));
    }

    static void printDetailed(Figures f) {
        System.out.println(f.description());
        line("window", "%.1f s", f.windowSeconds());
        line(
                "messages",
                "%d (%.2f/s), abandoned streams %d, blocked messages %d",
                f.messages(),
                f.messagesPerSecond(),
                f.abandonedStreams(),
                f.blockedMessages());
        line("updates", "%d (%.0f/s, offered %.0f/s)", f.updates(), f.updatesPerSecond(), f.offeredUpdatesPerSecond());
        line("checks", "%d (%.0f/s)", f.checks(), f.checksPerSecond());
        line(
                "update, client",
                "p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f ms",
                f.updateP50(),
                f.updateP99(),
                f.updateP999(),
                f.updateMax());
        line(
                "update, server",
                "p50 %.2f  p99 %.2f  p99.9 %.2f  mean %.3f ms",
                f.serverUpdateP50(),
                f.serverUpdateP99(),
                f.serverUpdateP999(),
                f.serverUpdateMean());
        line(
                "finish, client",
                "p50 %.2f  p99 %.2f  p99.9 %.2f ms (server p99 %.2f)",
                f.finishP50(),
                f.finishP99(),
                f.finishP999(),
                f.serverFinishP99());
        line(
                "check, client",
                "p50 %.2f  p99 %.2f  p99.9 %.2f ms (server mean %.2f)",
                f.checkP50(),
                f.checkP99(),
                f.checkP999(),
                f.serverCheckMean());
        line(
                "per message",
                "%.1f API calls, %.3f audit rows, %.4f server CPU s (%.4f with PostgreSQL)",
                f.apiCallsPerMessage(),
                f.auditRowsPerMessage(),
                f.serverCpuSecondsPerMessage(),
                f.serverAndDatabaseCpuSecondsPerMessage());
        line(
                "server",
                "%.2f cores busy, %.0f µs CPU per call, heap per open stream %.0f bytes (%s)",
                f.serverCoresBusy(),
                f.serverCpuMicrosPerCall(),
                f.heapBytesPerOpenStream(),
                f.memoryMethod());
        line(
                "refused",
                "429 rate_limited %d, 429 too_many_streams %d, position mismatches %d, errors %d, late %d",
                f.rateLimited(),
                f.tooManyStreams(),
                f.positionMismatches(),
                f.errors(),
                f.lateSends());
    }

    private static void line(String what, String format, Object... values) {
        System.out.println(String.format(Locale.ROOT, "  %-16s " + format, prepend(what, values)));
    }

    private static Object[] prepend(String first, Object[] rest) {
        var all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
