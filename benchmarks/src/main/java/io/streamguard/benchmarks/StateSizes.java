package io.streamguard.benchmarks;

import io.streamguard.engine.scan.CompiledRuleSet;
import io.streamguard.engine.scan.StreamScan;

/**
 * Prints the serialized size of a stream's scan state for the realistic rule set, with and without its
 * content, at 1 KB and 100 KB of content. Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.streamguard.benchmarks.StateSizes}.
 */
public final class StateSizes {

    private StateSizes() {}

    public static void main(String[] args) {
        CompiledRuleSet rules = Workload.compiled();
        System.out.printf(
                "rule set: %d rules (%d regexes, %d of them prefiltered), %d literal-automaton states%n",
                rules.rules().size(), rules.regexCount(), rules.prefilteredRegexCount(), rules.literalStates());
        System.out.println(
                "| content | matcher state | state without content (incl. checkpoints, violations) | total serialized |");
        System.out.println("| --- | --- | --- | --- |");
        for (int length : new int[] {1_000, 100_000}) {
            StreamScan scan = rules.newScan();
            String text = Workload.text(length, 7);
            for (int i = 0; i < length; i += 20) {
                scan.append(rules, i, text.substring(i, Math.min(length, i + 20)));
            }
            System.out.printf(
                    "| %,d chars | %,d B | %,d B | %,d B |%n",
                    length, scan.matcherStateBytes(), scan.stateBytesExcludingContent(), scan.toBytes().length);
        }
    }
}
