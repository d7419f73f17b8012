package io.streamguard.benchmarks;

import io.streamguard.engine.scan.CompiledRuleSet;
import io.streamguard.engine.scan.StreamScan;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one 10-char update (delta form) to a stream that already holds {@code contentLength} chars.
 * Each measured shot is a batch of {@value #BATCH} updates on a stream restored to exactly that length, so
 * the content does not drift; divide the score by the batch for the cost of one update.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 300, batchSize = UpdateCostBenchmark.BATCH)
@Measurement(iterations = 1500, batchSize = UpdateCostBenchmark.BATCH)
public class UpdateCostBenchmark {

    static final int BATCH = 100;

    @Param({"1000", "100000"})
    public int contentLength;

    private CompiledRuleSet rules;

    private byte[] saved;

    private String[] deltas;

    private StreamScan scan;

    private int next;

    @Setup(Level.Trial)
    public void prepare() {
        rules = Workload.compiled();
        StreamScan start = rules.newScan();
        start.append(rules, 0, Workload.text(contentLength, 7));
        saved = start.toBytes();
        String more = Workload.text(BATCH * 10, 8);
        deltas = new String[BATCH];
        for (int i = 0; i < BATCH; i++) {
            deltas[i] = more.substring(i * 10, i * 10 + 10);
        }
    }

    @Setup(Level.Iteration)
    public void restore() throws IOException {
        scan = StreamScan.readFrom(new DataInputStream(new ByteArrayInputStream(saved)));
        next = 0;
    }

    @Benchmark
    public int oneTenCharUpdate() {
        return scan.append(rules, scan.position(), deltas[next++ % BATCH]).position();
    }
}
