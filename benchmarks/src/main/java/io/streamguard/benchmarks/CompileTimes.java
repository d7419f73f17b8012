package io.streamguard.benchmarks;

import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.CompiledRuleSet;
import io.streamguard.engine.scan.StreamScan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prints how long compiling takes: the whole realistic rule set (what a node does when the first stream of a
 * new rule-set version starts, and that request waits) and single gitleaks rules (what the console's test
 * bench does on each keystroke), cold and after warm-up, plus the first scan of 100 KB on a fresh compile
 * (whatever is built lazily is paid there). Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.streamguard.benchmarks.CompileTimes}.
 */
public final class CompileTimes {

    private CompileTimes() {}

    public static void main(String[] args) {
        List<RuleSpec> rules = Workload.rules();
        String text = Workload.text(100_000, 42);
        long t0 = System.nanoTime();
        RuleSetCompiler.compile(1, rules);
        System.out.printf(
                "full set (%d rules), first compile in this JVM: %,d ms%n",
                rules.size(), (System.nanoTime() - t0) / 1_000_000);
        int runs = 5;
        long[] full = new long[runs];
        long[] firstScan = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            CompiledRuleSet compiled = RuleSetCompiler.compile(2 + i, rules);
            full[i] = System.nanoTime() - t;
            t = System.nanoTime();
            StreamScan scan = compiled.newScan();
            for (int p = 0; p < text.length(); p += 20) {
                scan.append(compiled, p, text.substring(p, Math.min(text.length(), p + 20)));
            }
            scan.finish(compiled);
            firstScan[i] = System.nanoTime() - t;
        }
        System.out.printf(
                "full set, warm compile: median %,d ms (min %,d, max %,d)%n",
                median(full) / 1_000_000,
                Arrays.stream(full).min().getAsLong() / 1_000_000,
                Arrays.stream(full).max().getAsLong() / 1_000_000);
        System.out.printf(
                "first 100 KB scanned on a fresh compile (20-char updates): median %,d ms%n",
                median(firstScan) / 1_000_000);
        List<RuleSpec> regexes = rules.stream().filter(r -> r.pattern() != null).toList();
        List<Long> single = new ArrayList<>();
        String slowest = "";
        long slowestTime = 0;
        for (int round = 0; round < 3; round++) {
            single.clear();
            for (RuleSpec rule : regexes) {
                long t = System.nanoTime();
                RuleSetCompiler.compile(1, List.of(rule));
                long d = System.nanoTime() - t;
                single.add(d);
                if (round == 2 && d > slowestTime) {
                    slowestTime = d;
                    slowest = rule.id();
                }
            }
        }
        long[] s = single.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                "single regex rule (%d rules, warm): median %.2f ms, p90 %.2f ms, max %.2f ms (%s)%n",
                s.length, s[s.length / 2] / 1e6, s[s.length * 9 / 10] / 1e6, s[s.length - 1] / 1e6, slowest);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
