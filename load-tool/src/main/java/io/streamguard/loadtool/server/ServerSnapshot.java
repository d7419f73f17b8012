package io.streamguard.loadtool.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server counters the tool reads before and after a run, summed over the nodes it loads: audit rows
 * by outcome, the JVM's CPU time, heap in use, the stream timers' buckets and the HTTP timers by URI.
 * {@code processTreeCpuSeconds} also counts the embedded PostgreSQL; NaN when no process ids were given.
 */
public record ServerSnapshot(
        long takenAtNanos,
        Map<String, Double> auditRowsByOutcome,
        double jvmCpuSeconds,
        double heapUsedBytes,
        Timer update,
        Timer finish,
        Map<String, Timer> httpByUri,
        double processTreeCpuSeconds) {

    /** A timer's count, total seconds and cumulative buckets. */
    public record Timer(double count, double sumSeconds, TreeMap<Double, Double> buckets) {

        static Timer empty() {
            return new Timer(0, 0, new TreeMap<>());
        }

        Timer minus(Timer before) {
            return new Timer(
                    count - before.count, sumSeconds - before.sumSeconds, Buckets.minus(buckets, before.buckets));
        }

        Timer plus(Timer other) {
            var merged = new TreeMap<>(buckets);
            other.buckets.forEach((bound, count) -> merged.merge(bound, count, Double::sum));
            return new Timer(count + other.count, sumSeconds + other.sumSeconds, merged);
        }

        public double quantileMillis(double q) {
            return Buckets.quantile(buckets, q) * 1000;
        }

        public double meanMillis() {
            return count == 0 ? Double.NaN : sumSeconds / count * 1000;
        }
    }

    public static ServerSnapshot take(List<StreamGuardHttp> nodes, ServerProcesses processes) {
        long now = System.nanoTime();
        var audit = new HashMap<String, Double>();
        double cpu = 0;
        double heap = 0;
        Timer update = Timer.empty();
        Timer finish = Timer.empty();
        var http = new HashMap<String, Timer>();
        for (StreamGuardHttp node : nodes) {
            NodeMetrics metrics = NodeMetrics.scrape(node);
            metrics.byLabel("streamguard_audit_appended_total", "outcome")
                    .forEach((k, v) -> audit.merge(k, v, Double::sum));
            double nanos = metrics.value("process_cpu_time_ns_total");
            cpu += Double.isNaN(nanos) ? metrics.value("process_cpu_seconds_total") : nanos / 1e9;
            heap += metrics.value("jvm_memory_used_bytes", Map.of("area", "heap"));
            update = update.plus(timer(metrics, "streamguard_stream_update_seconds"));
            finish = finish.plus(timer(metrics, "streamguard_stream_finish_seconds"));
            for (String uri : List.of("/v1/check", "/v1/stream/update", "/v1/stream/finish", "/v1/stream/start")) {
                Map<String, String> labels = Map.of("uri", uri);
                var timer = new Timer(
                        zeroIfNaN(metrics.count("http_server_requests_seconds", labels)),
                        zeroIfNaN(metrics.sum("http_server_requests_seconds", labels)),
                        new TreeMap<>());
                http.merge(uri, timer, Timer::plus);
            }
        }
        return new ServerSnapshot(now, audit, cpu, heap, update, finish, http, processes.cpuSeconds());
    }

    private static Timer timer(NodeMetrics metrics, String name) {
        return new Timer(
                zeroIfNaN(metrics.count(name, Map.of())),
                zeroIfNaN(metrics.sum(name, Map.of())),
                metrics.buckets(name));
    }

    private static double zeroIfNaN(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    public double auditRows(String outcome) {
        return auditRowsByOutcome.getOrDefault(outcome, 0.0);
    }

    /** What happened on the server between {@code before} and this snapshot. */
    public ServerDelta since(ServerSnapshot before) {
        var audit = new HashMap<String, Double>();
        auditRowsByOutcome.forEach((k, v) -> audit.put(k, v - before.auditRows(k)));
        var http = new HashMap<String, Timer>();
        httpByUri.forEach(
                (uri, timer) -> http.put(uri, timer.minus(before.httpByUri.getOrDefault(uri, Timer.empty()))));
        return new ServerDelta(
                (takenAtNanos - before.takenAtNanos) / 1e9,
                audit,
                jvmCpuSeconds - before.jvmCpuSeconds,
                processTreeCpuSeconds - before.processTreeCpuSeconds,
                update.minus(before.update),
                finish.minus(before.finish),
                http);
    }

    public record ServerDelta(
            double seconds,
            Map<String, Double> auditRowsByOutcome,
            double jvmCpuSeconds,
            double processTreeCpuSeconds,
            Timer update,
            Timer finish,
            Map<String, Timer> httpByUri) {

        public double auditRows(String outcome) {
            return auditRowsByOutcome.getOrDefault(outcome, 0.0);
        }

        public double allAuditRows() {
            return auditRowsByOutcome.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
        }
    }
}
