package io.streamguard.loadtool.report;

import io.streamguard.loadtool.run.Figures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Renders a suite as a section of docs/performance.md: the headline against the targets, the ratios of
 * streaming to today's per-token checks, and the tables behind the charts. Every number comes from the
 * run it describes; nothing here is typed in by hand.
 */
public final class SuiteReport {

    static final double CAPACITY_P99_MILLIS = 10;

    private SuiteReport() {}

    /** The highest update rate whose client p99 stayed within 10 ms while the offered rate was achieved. */
    public static Optional<Figures> sustained(List<Figures> capacity) {
        return capacity.stream()
                .filter(f -> f.updateP99() <= CAPACITY_P99_MILLIS
                        && f.errors() == 0
                        && f.updatesPerSecond() >= 0.9 * f.offeredUpdatesPerSecond())
                .max((a, b) -> Double.compare(a.updatesPerSecond(), b.updatesPerSecond()));
    }

    public static String markdown(SuiteResult suite, String chartPrefix) {
        var md = new StringBuilder();
        md.append("## ").append(suite.title()).append("\n\n");
        md.append("Measured on ")
                .append(suite.machine())
                .append(". Rules: ")
                .append(rules(suite))
                .append("\n\n");
        md.append("Produced by:\n\n```bash\n").append(suite.command()).append("\n```\n\n");
        targets(md, suite);
        comparison(md, suite);
        transports(md, suite);
        capacity(md, suite);
        contentLength(md, suite, chartPrefix);
        openStreams(md, suite, chartPrefix);
        if (suite.hotMethods() != null) {
            md.append("### Where the server's CPU goes\n\nA JFR recording (profiling settings) of the server over all ")
                    .append("measured points above, after the warm-up:\n\n")
                    .append(suite.hotMethods());
        }
        return md.toString();
    }

    private static String rules(SuiteResult suite) {
        var r = suite.rules();
        return "%s; one keyword rule with %d words, %d regex rules accepted, %d refused by the server's validator%s."
                .formatted(
                        r.source(),
                        r.keywords(),
                        r.regexesAccepted(),
                        r.regexesRefused(),
                        r.alreadyPresent() ? " (loaded by an earlier run)" : "");
    }

    private static void targets(StringBuilder md, SuiteResult suite) {
        md.append("### Against the targets\n\n| target | measured | met |\n| --- | --- | --- |\n");
        Figures t = suite.target();
        if (t != null) {
            row(
                    md,
                    "500 open streams × 2 updates/s: update p99 client-side < 5 ms",
                    Format.millis(t.updateP99()) + " ms at " + Format.number(t.updatesPerSecond()) + " updates/s",
                    t.updateP99() < 5);
            row(
                    md,
                    "… and inside the server < 2 ms",
                    Format.millis(t.serverUpdateP99()) + " ms",
                    t.serverUpdateP99() < 2);
        }
        if (!suite.capacity().isEmpty()) {
            // The target load is a step of the same ladder (500 streams, same answers, a lower rate).
            var steps = new ArrayList<Figures>(suite.capacity());
            if (suite.target() != null) {
                steps.add(suite.target());
            }
            Optional<Figures> best = sustained(steps);
            row(
                    md,
                    "highest update rate with client p99 ≤ 10 ms: ≥ 5,000/s",
                    best.map(f -> Format.number(f.updatesPerSecond()) + " updates/s (p99 "
                                    + Format.millis(f.updateP99()) + " ms)")
                            .orElse("none of the steps"),
                    best.isPresent() && best.get().updatesPerSecond() >= 5000);
        }
        if (suite.contentLength().size() >= 2) {
            Figures small = suite.contentLength().getFirst();
            Figures large = suite.contentLength().getLast();
            double ratio = large.serverUpdateMean() / small.serverUpdateMean();
            double cpu = large.updatePhaseCpuMicrosPerUpdate() / small.updatePhaseCpuMicrosPerUpdate();
            row(
                    md,
                    "update cost flat in content length: "
                            + chars(suite.contentLengthChars().getLast()) + " within 1.2x of "
                            + chars(suite.contentLengthChars().getFirst()),
                    "update path: server mean " + Format.ratio(ratio) + ", server CPU per update " + Format.ratio(cpu)
                            + ", client p50 " + Format.ratio(large.updateP50() / small.updateP50())
                            + " (finish, not part of the target: server mean "
                            + Format.ratio(large.serverFinishMean() / small.serverFinishMean()) + ")",
                    ratio <= 1.2 && cpu <= 1.2);
        }
        if (suite.streaming() != null && suite.baseline() != null) {
            Figures s = suite.streaming();
            Figures b = suite.baseline();
            double ratio = suite.netCpuSecondsPerMessage(b, false) / suite.netCpuSecondsPerMessage(s, false);
            row(
                    md,
                    "≥ 20x less server CPU per message than the baseline",
                    Format.ratio(ratio)
                            + " (JVM, net of the idle server)"
                            + (Double.isNaN(s.serverAndDatabaseCpuSecondsPerMessage())
                                    ? ""
                                    : ", "
                                            + Format.ratio(suite.netCpuSecondsPerMessage(b, true)
                                                    / suite.netCpuSecondsPerMessage(s, true))
                                            + " with PostgreSQL")
                            + "; gross "
                            + Format.ratio(b.serverCpuSecondsPerMessage() / s.serverCpuSecondsPerMessage()),
                    ratio >= 20);
            row(
                    md,
                    "exactly one audit row per message",
                    Format.precise(s.auditRowsPerMessage()) + " (" + s.messages() + " messages)",
                    s.auditRowsPerMessage() == 1.0);
            row(
                    md,
                    "API calls per message (plugin RFE: about 20 today, 3 wanted)",
                    Format.number(s.apiCallsPerMessage())
                            + " streaming at " + s.tokensPerUpdate() + " tokens per update, against "
                            + Format.number(b.apiCallsPerMessage()) + " for the baseline ("
                            + Format.ratio(b.apiCallsPerMessage() / s.apiCallsPerMessage()) + " fewer)",
                    s.apiCallsPerMessage() <= 3);
        }
        md.append('\n');
    }

    private static void comparison(StringBuilder md, SuiteResult suite) {
        Figures s = suite.streaming();
        Figures b = suite.baseline();
        if (s == null || b == null) {
            return;
        }
        Figures t = suite.streamingPerToken();
        md.append("### Streaming against today's per-token checks\n\n");
        md.append("The same ")
                .append(s.messages())
                .append(" answers (same seed, 1–3 KB, one in ten rewritten once), ")
                .append(s.streams())
                .append(" plugins, each answer streaming at ")
                .append(suite.tokensPerSecond())
                .append(" tokens/s, measured one run after the other in the same suite. The streaming plugin gathers ")
                .append(s.tokensPerUpdate())
                .append(" tokens and sends them as one delta to `/v1/stream/update` (")
                .append(Format.number(s.offeredUpdatesPerSecond() / s.streams()))
                .append(" updates/s per stream, one every ")
                .append(Format.number(1000 * s.streams() / s.offeredUpdatesPerSecond()))
                .append(" ms), then one `finish`; the baseline (today's plugin) sends the whole text so far to ")
                .append("`/v1/check` on every token. The per-token streaming row is for reference: a plugin that ")
                .append("sends every token as an update.\n\n");
        md.append("| per message | streaming, ")
                .append(s.tokensPerUpdate())
                .append(" tokens per update")
                .append(t == null ? "" : " | streaming, one token per update")
                .append(" | baseline | baseline ÷ streaming")
                .append(t == null ? "" : " | baseline ÷ per-token streaming")
                .append(" |\n| --- | --- | --- | --- |")
                .append(t == null ? "" : " --- | --- |")
                .append('\n');
        compare(
                md,
                "API calls",
                s.apiCallsPerMessage(),
                t == null ? null : t.apiCallsPerMessage(),
                b.apiCallsPerMessage());
        compare(
                md,
                "audit rows",
                s.auditRowsPerMessage(),
                t == null ? null : t.auditRowsPerMessage(),
                b.auditRowsPerMessage());
        compare(
                md,
                "server CPU seconds (JVM)",
                s.serverCpuSecondsPerMessage(),
                t == null ? null : t.serverCpuSecondsPerMessage(),
                b.serverCpuSecondsPerMessage());
        compare(
                md,
                "server CPU seconds (JVM + PostgreSQL)",
                s.serverAndDatabaseCpuSecondsPerMessage(),
                t == null ? null : t.serverAndDatabaseCpuSecondsPerMessage(),
                b.serverAndDatabaseCpuSecondsPerMessage());
        compare(
                md,
                "server CPU seconds (JVM), net of the idle server",
                suite.netCpuSecondsPerMessage(s, false),
                t == null ? null : suite.netCpuSecondsPerMessage(t, false),
                suite.netCpuSecondsPerMessage(b, false));
        compare(
                md,
                "server CPU seconds (JVM + PostgreSQL), net of the idle server",
                suite.netCpuSecondsPerMessage(s, true),
                t == null ? null : suite.netCpuSecondsPerMessage(t, true),
                suite.netCpuSecondsPerMessage(b, true));
        compare(md, "client p50 of one call (ms)", s.updateP50(), t == null ? null : t.updateP50(), b.checkP50());
        compare(md, "client p99 of one call (ms)", s.updateP99(), t == null ? null : t.updateP99(), b.checkP99());
        compare(md, "client p99.9 of one call (ms)", s.updateP999(), t == null ? null : t.updateP999(), b.checkP999());
        compare(
                md,
                "messages/s (plugins at the answers' pace)",
                s.messagesPerSecond(),
                t == null ? null : t.messagesPerSecond(),
                b.messagesPerSecond());
        md.append("\nStreaming finish (client): p50 ")
                .append(Format.millis(s.finishP50()))
                .append(" ms, p99 ")
                .append(Format.millis(s.finishP99()))
                .append(" ms, p99.9 ")
                .append(Format.millis(s.finishP999()))
                .append(" ms. Messages/s is set by the answers' pace (the same in all three) unless the server ")
                .append("falls behind; ratios above 1 favour streaming. CPU is the server's over the whole run, ")
                .append("divided by its messages; \"net\" subtracts what the same server burnt idle (timers, metrics, ")
                .append("Hazelcast, the database) over the same time, measured just before: ")
                .append(Format.number(suite.idleJvmCores()))
                .append(" cores (JVM), ")
                .append(Format.number(suite.idleProcessTreeCores()))
                .append(" with PostgreSQL. At the pace of a ")
                .append("real answer the streaming plugin keeps the server mostly idle, so the gross figure is ")
                .append("mostly that background.\n\n");
    }

    /** Each load of the "socket" scenario over HTTP and over the stream socket, one row each. */
    private static void transports(StringBuilder md, SuiteResult suite) {
        if (suite.transports().isEmpty()) {
            return;
        }
        md.append("### HTTP and WebSocket side by side\n\n");
        md.append("The same loads (same seed, same answers, same cadence), one run over HTTP (a request per call) and ")
                .append("one over the stream socket `/v1/stream/ws` (one WebSocket per plugin, a frame per call, see ")
                .append("websocket.md). Client latency is the time from sending a request or frame to reading its ")
                .append("whole answer. Over WebSocket the plugin makes one connection: the frames per message are ")
                .append("the calls it would have made over HTTP.\n\n");
        md.append(
                        "| load | transport | updates/s (offered) | update p50 / p99 / p99.9 ms (client) | finish p50 / p99 ms ")
                .append(
                        "(client) | server CPU per call (µs) | the same net of idle (µs) | server CPU s per message (JVM, ")
                .append("net of idle) | API calls per message | errors |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (SuiteResult.SideBySide pair : suite.transports()) {
            transportRow(
                    md, suite, pair.http(), "HTTP", Format.number(pair.http().apiCallsPerMessage()));
            transportRow(
                    md,
                    suite,
                    pair.ws(),
                    "WebSocket",
                    "1 socket (" + Format.number(pair.ws().apiCallsPerMessage()) + " frames)");
        }
        md.append('\n');
    }

    private static void transportRow(StringBuilder md, SuiteResult suite, Figures f, String transport, String calls) {
        md.append("| ")
                .append(f.name())
                .append(" | ")
                .append(transport)
                .append(" | ")
                .append(Format.number(f.updatesPerSecond()))
                .append(" (")
                .append(Format.number(f.offeredUpdatesPerSecond()))
                .append(") | ")
                .append(triple(f.updateP50(), f.updateP99(), f.updateP999()))
                .append(" | ")
                .append(Format.millis(f.finishP50()))
                .append(" / ")
                .append(Format.millis(f.finishP99()))
                .append(" | ")
                .append(Format.number(f.serverCpuMicrosPerCall()))
                .append(" | ")
                .append(Double.isNaN(suite.netCpuMicrosPerCall(f)) ? "–" : Format.number(suite.netCpuMicrosPerCall(f)))
                .append(" | ")
                .append(f.messages() > 0 ? Format.precise(suite.netCpuSecondsPerMessage(f, false)) : "–")
                .append(" | ")
                .append(calls)
                .append(" | ")
                .append(f.errors())
                .append(" |\n");
    }

    private static void compare(
            StringBuilder md, String what, double streaming, @Nullable Double perToken, double baseline) {
        md.append("| ")
                .append(what)
                .append(" | ")
                .append(Format.number(streaming))
                .append(" | ");
        if (perToken != null) {
            md.append(Format.number(perToken)).append(" | ");
        }
        md.append(Format.number(baseline)).append(" | ").append(Format.ratio(baseline / streaming));
        if (perToken != null) {
            md.append(" | ").append(Format.ratio(baseline / perToken));
        }
        md.append(" |\n");
    }

    private static void capacity(StringBuilder md, SuiteResult suite) {
        Figures t = suite.target();
        md.append("### Throughput and latency\n\n");
        md.append("Client latency is measured by the load tool around each HTTP call; server latency is the node's ")
                .append("`streamguard.stream.update` / `.finish` timer (the cluster call), read from its histogram ")
                .append("buckets over the window, so below 1 ms it reads \"≤ 1.00\". CPU is the server JVM's process ")
                .append("CPU time over the window (cores busy = CPU seconds per second); the load tool's own CPU ")
                .append("over the same window is beside it, as both share the machine's cores.\n\n");
        List<Figures> rows = new ArrayList<>();
        if (t != null) {
            rows.add(t);
        }
        rows.addAll(suite.capacity());
        md.append(
                        "| load | updates/s | messages/s | update p50 / p99 / p99.9 (client) | update p50 / p99 / p99.9 (server) ")
                .append("| finish p50 / p99 / p99.9 (client) | calls/message | audit rows/message | server cores busy ")
                .append("| load tool cores busy | 429s | late sends |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Figures f : rows) {
            md.append("| ")
                    .append(f.name())
                    .append(" | ")
                    .append(Format.number(f.updatesPerSecond()))
                    .append(" of ")
                    .append(Format.number(f.offeredUpdatesPerSecond()))
                    .append(" | ")
                    .append(Format.number(f.messagesPerSecond()))
                    .append(" | ")
                    .append(triple(f.updateP50(), f.updateP99(), f.updateP999()))
                    .append(" | ")
                    .append(triple(f.serverUpdateP50(), f.serverUpdateP99(), f.serverUpdateP999()))
                    .append(" | ")
                    .append(triple(f.finishP50(), f.finishP99(), f.finishP999()))
                    .append(" | ")
                    .append(Format.number(f.apiCallsPerMessage()))
                    .append(" | ")
                    .append(Format.number(f.auditRowsPerMessage()))
                    .append(" | ")
                    .append(Format.number(f.serverCoresBusy()))
                    .append(" | ")
                    .append(Format.number(f.loadToolCoresBusy()))
                    .append(" | ")
                    .append(f.rateLimited())
                    .append(" | ")
                    .append(f.lateSends())
                    .append(" |\n");
        }
        md.append("\nEvery stream sends ")
                .append(rows.isEmpty() ? "" : rows.getFirst().tokensPerUpdate())
                .append(
                        " tokens per update; a higher rate per stream is a faster answer, so messages/s grows with it. ")
                .append("Messages/s counts the answers finished inside the window. A time-bound run ends by ")
                .append("finishing every open answer early (after the window), so its calls per message count cut ")
                .append("answers; the comparison above has whole answers only. Abandoned streams (one answer in ")
                .append("twenty) are never finished: the server audits them as `expired` after its idle timeout.\n\n");
    }

    private static void contentLength(StringBuilder md, SuiteResult suite, String chartPrefix) {
        if (suite.contentLength().isEmpty()) {
            return;
        }
        String png = chartPrefix + "-content-length.png";
        md.append("### Cost against content length\n\nEach stream first receives the given amount of text in 8 KB ")
                .append(
                        "chunks (not measured), then deltas at the same cadence as the target load; its answer is long ")
                .append("enough that none finishes inside the window. The **update path** (left) is the window alone: ")
                .append("its server CPU is read when the window closes. The **finish** (right) comes after it, when ")
                .append("every plugin finishes its answer: the server hashes the whole message and appends it to ")
                .append("the audit once, so its cost grows with the content by design; its CPU is read apart.\n\n");
        md.append("| content held by each stream | updates/s | update p50 / p99 / p99.9 (client) | update mean / p99 ")
                .append("(server) | server CPU µs per update | finish mean / p50 (server) | finish p50 / p99 (client) ")
                .append("| server CPU ms per finish (JVM / with PostgreSQL) |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (int i = 0; i < suite.contentLength().size(); i++) {
            Figures f = suite.contentLength().get(i);
            md.append("| ")
                    .append(chars(suite.contentLengthChars().get(i)))
                    .append(" | ")
                    .append(Format.number(f.updatesPerSecond()))
                    .append(" | ")
                    .append(triple(f.updateP50(), f.updateP99(), f.updateP999()))
                    .append(" | ")
                    .append(Format.millis(f.serverUpdateMean()))
                    .append(" / ")
                    .append(Format.millis(f.serverUpdateP99()))
                    .append(" | ")
                    .append(Format.number(f.updatePhaseCpuMicrosPerUpdate()))
                    .append(" | ")
                    .append(Format.millis(f.serverFinishMean()))
                    .append(" / ")
                    .append(Format.millis(f.serverFinishP50()))
                    .append(" | ")
                    .append(Format.millis(f.finishP50()))
                    .append(" / ")
                    .append(Format.millis(f.finishP99()))
                    .append(" | ")
                    .append(Format.number(f.finishPhaseCpuMillisPerFinish()))
                    .append(" / ")
                    .append(Format.number(f.finishPhaseCpuWithDatabaseMillisPerFinish()))
                    .append(" |\n");
        }
        md.append("\n![Update latency against content length](")
                .append(Path.of(png).getFileName())
                .append(")\n\n");
    }

    private static void openStreams(StringBuilder md, SuiteResult suite, String chartPrefix) {
        if (suite.openStreams().isEmpty()) {
            return;
        }
        String png = chartPrefix + "-open-streams.png";
        md.append("### Cost against open streams\n\nThe same total of updates per second, spread over more or fewer ")
                .append(
                        "open streams, each holding about 1 KB before measuring. Memory per open stream = (heap in use ")
                .append("with the streams open − heap before they opened) ÷ streams, both read as ")
                .append(suite.openStreams().getLast().memoryMethod())
                .append(".\n\n");
        md.append("Server CPU per update is read over the window alone (every finish comes after it).\n\n");
        md.append("| open streams | updates/s | update p50 / p99 / p99.9 (client) | update p99 (server) ")
                .append("| server CPU µs per update | server cores busy | heap per open stream |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Figures f : suite.openStreams()) {
            md.append("| ")
                    .append(String.format(Locale.ROOT, "%,d", f.streams()))
                    .append(" | ")
                    .append(Format.number(f.updatesPerSecond()))
                    .append(" | ")
                    .append(triple(f.updateP50(), f.updateP99(), f.updateP999()))
                    .append(" | ")
                    .append(Format.millis(f.serverUpdateP99()))
                    .append(" | ")
                    .append(Format.number(f.updatePhaseCpuMicrosPerUpdate()))
                    .append(" | ")
                    .append(Format.number(f.serverCoresBusy()))
                    .append(" | ")
                    .append(Format.kilobytes(f.heapBytesPerOpenStream()))
                    .append(" |\n");
        }
        md.append("\n![Update latency against open streams](")
                .append(Path.of(png).getFileName())
                .append(")\n\n");
    }

    public static void charts(SuiteResult suite, Path chartPrefix) {
        if (!suite.contentLength().isEmpty()) {
            List<Figures> points = suite.contentLength();
            double[] kilobytes = suite.contentLengthChars().stream()
                    .mapToDouble(c -> c / 1024.0)
                    .toArray();
            Charts.write(
                    Path.of(chartPrefix + "-content-length.png"),
                    "Update latency against content length (" + suite.title() + ")",
                    "content held by the stream (KB)",
                    "ms",
                    points,
                    kilobytes,
                    true,
                    List.of(
                            new Charts.Line("client p50", Figures::updateP50),
                            new Charts.Line("client p99", Figures::updateP99),
                            new Charts.Line("update, server mean", Figures::serverUpdateMean),
                            new Charts.Line(
                                    "update, server CPU (×100 µs)", f -> f.updatePhaseCpuMicrosPerUpdate() / 100),
                            new Charts.Line("finish, server mean", Figures::serverFinishMean)));
        }
        if (!suite.openStreams().isEmpty()) {
            Charts.write(
                    Path.of(chartPrefix + "-open-streams.png"),
                    "Update latency against open streams (" + suite.title() + ")",
                    "open streams",
                    "ms",
                    suite.openStreams(),
                    suite.openStreams().stream().mapToDouble(Figures::streams).toArray(),
                    true,
                    List.of(
                            new Charts.Line("client p50", Figures::updateP50),
                            new Charts.Line("client p99", Figures::updateP99),
                            new Charts.Line("server p99", Figures::serverUpdateP99),
                            new Charts.Line(
                                    "server CPU per update (×100 µs)", f -> f.updatePhaseCpuMicrosPerUpdate() / 100)));
        }
    }

    private static String triple(double p50, double p99, double p999) {
        return Format.millis(p50) + " / " + Format.millis(p99) + " / " + Format.millis(p999);
    }

    private static String chars(int chars) {
        return chars >= 1024 ? chars / 1024 + " KB" : chars + " chars";
    }

    private static void row(StringBuilder md, String target, String measured, boolean met) {
        md.append("| ")
                .append(target)
                .append(" | ")
                .append(measured)
                .append(" | ")
                .append(met ? "yes" : "**no**")
                .append(" |\n");
    }
}
