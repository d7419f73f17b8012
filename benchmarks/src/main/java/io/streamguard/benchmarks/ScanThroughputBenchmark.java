package io.streamguard.benchmarks;

import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.CompiledRuleSet;
import io.streamguard.engine.scan.StreamScan;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Chars scanned per second when a stream arrives in 20-char updates, for the realistic rule set. The score
 * is in chars per microsecond, which is millions of chars (about MB of English text) per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScanThroughputBenchmark {

    static final int TEXT = 2_000_000;

    static final int BASELINE_TEXT = 20_000;

    private CompiledRuleSet rules;

    private String text;

    private String[] updates;

    private List<Pattern> javaPatterns;

    @Setup
    public void setUp() {
        rules = Workload.compiled();
        text = Workload.text(TEXT, 42);
        updates = new String[(TEXT + 19) / 20];
        for (int i = 0; i < updates.length; i++) {
            updates[i] = text.substring(i * 20, Math.min(TEXT, i * 20 + 20));
        }
        // the naive alternative runs what java.util.regex reads (it does not read RE2's inline flags or (?P<name>…))
        javaPatterns = Workload.rules().stream()
                .filter(r -> r.pattern() != null)
                .flatMap((RuleSpec r) -> {
                    try {
                        return java.util.stream.Stream.of(
                                Pattern.compile(r.pattern(), r.hasFlag('i') ? Pattern.CASE_INSENSITIVE : 0));
                    } catch (java.util.regex.PatternSyntaxException e) {
                        return java.util.stream.Stream.empty();
                    }
                })
                .toList();
    }

    @Benchmark
    @OperationsPerInvocation(TEXT)
    public int engineIn20CharUpdates() {
        StreamScan scan = rules.newScan();
        int position = 0;
        for (String update : updates) {
            scan.append(rules, position, update);
            position += update.length();
        }
        return scan.finish(rules).position() + scan.violations().size();
    }

    /**
     * The naive alternative: on each 20-char update, every regex re-runs over the last 256 chars plus the
     * update (and matches longer than that window are missed). Run over a shorter text: it is slow.
     */
    @Benchmark
    @OperationsPerInvocation(BASELINE_TEXT)
    public int javaRegexRescanningA256CharWindow() {
        int found = 0;
        for (int end = 20; end <= BASELINE_TEXT; end += 20) {
            int from = Math.max(0, end - 276);
            for (Pattern pattern : javaPatterns) {
                var matcher = pattern.matcher(text).region(from, end);
                while (matcher.find()) {
                    found++;
                }
            }
        }
        return found;
    }
}
