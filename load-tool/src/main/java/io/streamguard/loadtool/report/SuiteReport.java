package io.streamguard.loadtool.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.streamguard.loadtool.run.Figures;

/**
 * Renders a suite as a section of docs/performance.md: the headline against the targets, the ratios of
 * streaming to today's per-token checks, and the tables behind the charts. Every number comes from the
 * run it describes; nothing here is typed in by hand.
 */
public final class SuiteReport {

    static final double CAPACITY_P99_MILLIS = 10;

    private SuiteReport() {
    }

    /** The highest update rate whose client p99 stayed within 10 ms while the offered rate was achieved. */
    public static Optional<Figures> sustained(List<Figures> capacity) {
        return capacity.stream()
                .filter(f -> f.updateP99() <= CAPACITY_P99_MILLIS && f.errors() == 0
                        && f.updatesPerSecond() >= 0.9 * f.offeredUpdatesPerSecond())
                .max((a, b) -> Double.compare(a.updatesPerSecond(), b.updatesPerSecond()));
    }

    public static String markdown(SuiteResult suite, String chartPrefix) {
        var md = new StringBuilder();
        md.append("## ").append(suite.title()).append("\n\n");
        md.append("Measured on ").append(suite.machine()).append(". Rules: ").append(rules(suite)).append("\n\n");
        md.append("Produced by:\n\n```bash\n").append(suite.command()).append("\n```\n\n");
        targets(md, suite);
        comparison(md, suite);
        capacity(md, suite);
        contentLength(md, suite, chartPrefix);
        openStreams(md, suite, chartPrefix);
        if (suite.hotMethods() != null) {
            md.append("### Where the server's CPU goes\n\nA JFR recording (profiling settings) of the server over all ")
                    .append("measured points above, after the warm-up:\n\n").append(suite.hotMethods());
        }
        return md.toString();
    }

    private static String rules(SuiteResult suite) {
        var r = suite.rules();
        return "%s; one keyword rule with %d words, %d regex rules accepted, %d refused by the server's validator%s."
                .formatted(r.source(), r.keywords(), r.regexesAccepted(), r.regexesRefused(),
                        r.alreadyPresent() ? " (loaded by an earlier run)" : "");
    }

    private static void targets(StringBuilder md, SuiteResult suite) {
        md.append("### Against the targets\n\n| target | measured | met |\n| --- | --- | --- |\n");
        Figures t = suite.target();
        if (t != null) {
            row(md, "500 open streams × 2 updates/s: update p99 client-side < 5 ms",
                    Format.millis(t.updateP99()) + " ms at " + Format.number(t.updatesPerSecond()) + " updates/s",
                    t.updateP99() < 5);
            row(md, "… and inside the server < 2 ms", Format.millis(t.serverUpdateP99()) + " ms",
                    t.serverUpdateP99() < 2);
        }
        if (!suite.capacity().isEmpty()) {
            Optional<Figures> best = sustained(suite.capacity());
            row(md, "highest update rate with client p99 ≤ 10 ms: ≥ 5,000/s",
                    best.map(f -> Format.number(f.updatesPerSecond()) + " updates/s (p99 " + Format.millis(f.updateP99())
                            + " ms)").orElse("none of the steps"),
                    best.isPresent() && best.get().updatesPerSecond() >= 5000);
        }
        if (suite.contentLength().size() >= 2) {
            Figures small = suite.contentLength().getFirst();
            Figures large = suite.contentLength().getLast();
            double ratio = large.serverUpdateMean() / small.serverUpdateMean();
            row(md, "update cost flat in content length: " + chars(suite.contentLengthChars().getLast()) + " within 1.2x of "
                    + chars(suite.contentLengthChars().getFirst()),
                    "server mean " + Format.ratio(ratio) + ", server CPU per update "
                            + Format.ratio(large.serverCpuMicrosPerCall() / small.serverCpuMicrosPerCall())
                            + ", client p50 " + Format.ratio(large.updateP50() / small.updateP50()),
                    ratio <= 1.2);
        }
        if (suite.streaming() != null && suite.baseline() != null) {
            Figures s = suite.streaming();
            Figures b = suite.baseline();
            double ratio = b.serverCpuSecondsPerMessage() / s.serverCpuSecondsPerMessage();
            row(md, "≥ 20x less server CPU per message than the baseline", Format.ratio(ratio) + " (JVM)"
                    + (Double.isNaN(s.serverAndDatabaseCpuSecondsPerMessage()) ? ""
                            : ", " + Format.ratio(b.serverAndDatabaseCpuSecondsPerMessage()
                                    / s.serverAndDatabaseCpuSecondsPerMessage()) + " with PostgreSQL"),
                    ratio >= 20);
            row(md, "exactly one audit row per message", Format.precise(s.auditRowsPerMessage()) + " ("
                    + s.messages() + " messages)", s.auditRowsPerMessage() == 1.0);
        }
        md.append('\n');
    }

    private static void comparison(StringBuilder md, SuiteResult suite) {
        Figures s = suite.streaming();
        Figures b = suite.baseline();
        if (s == null || b == null) {
            return;
        }
        md.append("### Streaming against today's per-token checks\n\n");
        md.append("The same ").append(s.messages()).append(" answers (same seed, 1–3 KB, one in ten rewritten once), ")
                .append(s.streams()).append(" plugins at the same cadence: streaming sends token deltas to ")
                .append("`/v1/stream/update` and one `finish`; the baseline sends the whole text so far to `/v1/check` on ")
                .append("every token.\n\n");
        md.append("| per message | streaming | baseline | baseline ÷ streaming |\n| --- | --- | --- | --- |\n");
        compare(md, "API calls", s.apiCallsPerMessage(), b.apiCallsPerMessage());
        compare(md, "audit rows", s.auditRowsPerMessage(), b.auditRowsPerMessage());
        compare(md, "server CPU seconds (JVM)", s.serverCpuSecondsPerMessage(), b.serverCpuSecondsPerMessage());
        compare(md, "server CPU seconds (JVM + PostgreSQL)", s.serverAndDatabaseCpuSecondsPerMessage(),
                b.serverAndDatabaseCpuSecondsPerMessage());
        compare(md, "client p50 of one call (ms)", s.updateP50(), b.checkP50());
        compare(md, "client p99 of one call (ms)", s.updateP99(), b.checkP99());
        compare(md, "messages/s", s.messagesPerSecond(), b.messagesPerSecond());
        md.append("\nStreaming finish: p50 ").append(Format.millis(s.finishP50())).append(" ms, p99 ")
                .append(Format.millis(s.finishP99())).append(" ms, p99.9 ").append(Format.millis(s.finishP999()))
                .append(" ms.\n\n");
    }

    private static void compare(StringBuilder md, String what, double streaming, double baseline) {
        md.append("| ").append(what).append(" | ").append(Format.number(streaming)).append(" | ")
                .append(Format.number(baseline)).append(" | ").append(Format.ratio(baseline / streaming)).append(" |\n");
    }

    private static void capacity(StringBuilder md, SuiteResult suite) {
        Figures t = suite.target();
        md.append("### Throughput and latency\n\n");
        md.append("Client latency is measured by the load tool around each HTTP call; server latency is the node's ")
                .append("`streamguard.stream.update` / `.finish` timer (the cluster call), read from its histogram ")
                .append("buckets over the window, so below 1 ms it reads \"≤ 1.00\". CPU is the server JVM's process ")
                .append("CPU time over the window (cores busy = CPU seconds per second).\n\n");
        List<Figures> rows = new ArrayList<>();
        if (t != null) {
            rows.add(t);
        }
        rows.addAll(suite.capacity());
        md.append("| load | updates/s | messages/s | update p50 / p99 / p99.9 (client) | update p50 / p99 / p99.9 (server) ")
                .append("| finish p50 / p99 / p99.9 (client) | calls/message | audit rows/message | server cores busy ")
                .append("| 429s | late sends |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Figures f : rows) {
            md.append("| ").append(f.name()).append(" | ").append(Format.number(f.updatesPerSecond()))
                    .append(" of ").append(Format.number(f.offeredUpdatesPerSecond())).append(" | ")
                    .append(Format.number(f.messagesPerSecond())).append(" | ")
                    .append(triple(f.updateP50(), f.updateP99(), f.updateP999())).append(" | ")
                    .append(triple(f.serverUpdateP50(), f.serverUpdateP99(), f.serverUpdateP999())).append(" | ")
                    .append(triple(f.finishP50(), f.finishP99(), f.finishP999())).append(" | ")
                    .append(Format.number(f.apiCallsPerMessage())).append(" | ")
                    .append(Format.number(f.auditRowsPerMessage())).append(" | ")
                    .append(Format.number(f.serverCoresBusy())).append(" | ").append(f.rateLimited()).append(" | ")
                    .append(f.lateSends()).append(" |\n");
        }
        md.append("\nA time-bound run ends by finishing every open answer early, so its calls per message count ")
                .append("cut answers; the comparison above has whole answers only. Abandoned streams (one answer in ")
                .append("twenty) are never finished: the server audits them as `expired` after its idle timeout.\n\n");
    }

    private static void contentLength(StringBuilder md, SuiteResult suite, String chartPrefix) {
        if (suite.contentLength().isEmpty()) {
            return;
        }
        String png = chartPrefix + "-content-length.png";
        md.append("### Cost against content length\n\nEach stream first receives the given amount of text in 8 KB ")
                .append("chunks (not measured), then token deltas at the same cadence as the target load.\n\n");
        md.append("| content held by each stream | updates/s | update p50 / p99 / p99.9 (client) | update mean / p99 ")
                .append("(server) | server CPU µs per update | finish p99 (client) |\n")
                .append("| --- | --- | --- | --- | --- | --- |\n");
        for (int i = 0; i < suite.contentLength().size(); i++) {
            Figures f = suite.contentLength().get(i);
            md.append("| ").append(chars(suite.contentLengthChars().get(i))).append(" | ")
                    .append(Format.number(f.updatesPerSecond())).append(" | ")
                    .append(triple(f.updateP50(), f.updateP99(), f.updateP999())).append(" | ")
                    .append(Format.millis(f.serverUpdateMean())).append(" / ").append(Format.millis(f.serverUpdateP99()))
                    .append(" | ").append(Format.number(f.serverCpuMicrosPerCall())).append(" | ")
                    .append(Format.millis(f.finishP99())).append(" |\n");
        }
        md.append("\n![Update latency against content length](").append(Path.of(png).getFileName()).append(")\n\n");
    }

    private static void openStreams(StringBuilder md, SuiteResult suite, String chartPrefix) {
        if (suite.openStreams().isEmpty()) {
            return;
        }
        String png = chartPrefix + "-open-streams.png";
        md.append("### Cost against open streams\n\nThe same total of updates per second, spread over more or fewer ")
                .append("open streams, each holding about 1 KB before measuring. Memory per open stream = (heap in use ")
                .append("with the streams open − heap before they opened) ÷ streams, both read as ")
                .append(suite.openStreams().getLast().memoryMethod()).append(".\n\n");
        md.append("| open streams | updates/s | update p50 / p99 / p99.9 (client) | update p99 (server) ")
                .append("| server CPU µs per update | server cores busy | heap per open stream |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Figures f : suite.openStreams()) {
            md.append("| ").append(String.format(Locale.ROOT, "%,d", f.streams())).append(" | ")
                    .append(Format.number(f.updatesPerSecond())).append(" | ")
                    .append(triple(f.updateP50(), f.updateP99(), f.updateP999())).append(" | ")
                    .append(Format.millis(f.serverUpdateP99())).append(" | ")
                    .append(Format.number(f.serverCpuMicrosPerCall())).append(" | ")
                    .append(Format.number(f.serverCoresBusy())).append(" | ")
                    .append(Format.kilobytes(f.heapBytesPerOpenStream())).append(" |\n");
        }
        md.append("\n![Update latency against open streams](").append(Path.of(png).getFileName()).append(")\n\n");
    }

    public static void charts(SuiteResult suite, Path chartPrefix) {
        if (!suite.contentLength().isEmpty()) {
            List<Figures> points = suite.contentLength();
            double[] kilobytes = suite.contentLengthChars().stream().mapToDouble(c -> c / 1024.0).toArray();
            Charts.write(Path.of(chartPrefix + "-content-length.png"), "Update latency against content length ("
                    + suite.title() + ")", "content held by the stream (KB)", "ms", points,
                    kilobytes, true, List.of(
                            new Charts.Line("client p50", Figures::updateP50),
                            new Charts.Line("client p99", Figures::updateP99),
                            new Charts.Line("server mean", Figures::serverUpdateMean),
                            new Charts.Line("server CPU per update (×10 µs)", f -> f.serverCpuMicrosPerCall() / 10)));
        }
        if (!suite.openStreams().isEmpty()) {
            Charts.write(Path.of(chartPrefix + "-open-streams.png"), "Update latency against open streams ("
                    + suite.title() + ")", "open streams", "ms", suite.openStreams(),
                    suite.openStreams().stream().mapToDouble(Figures::streams).toArray(), true, List.of(
                            new Charts.Line("client p50", Figures::updateP50),
                            new Charts.Line("client p99", Figures::updateP99),
                            new Charts.Line("server p99", Figures::serverUpdateP99),
                            new Charts.Line("server CPU per update (×10 µs)", f -> f.serverCpuMicrosPerCall() / 10)));
        }
    }

    private static String triple(double p50, double p99, double p999) {
        return Format.millis(p50) + " / " + Format.millis(p99) + " / " + Format.millis(p999);
    }

    private static String chars(int chars) {
        return chars >= 1024 ? chars / 1024 + " KB" : chars + " chars";
    }

    private static void row(StringBuilder md, String target, String measured, boolean met) {
        md.append("| ").append(target).append(" | ").append(measured).append(" | ").append(met ? "yes" : "**no**")
                .append(" |\n");
    }
}
