package io.streamguard.loadtool.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PerformanceDocTest {

    private static final String ENGINE = "# Performance\n\n## Engine\n\nJMH figures.\n";

    @Test
    void aNewSectionIsAppendedAfterTheOthers() {
        String merged = PerformanceDoc.merge(ENGINE, "one-node", "## Load: one node\n\nfigures");

        assertThat(merged).startsWith(ENGINE.strip()).contains("<!-- load-tool:one-node:begin -->\n## Load: one node");
    }

    @Test
    void aSectionIsReplacedInPlaceAndTheOthersStayIntact() {
        String once = PerformanceDoc.merge(ENGINE, "one-node", "old figures") + "\n## Notes\n\nby hand\n";

        String twice = PerformanceDoc.merge(once, "one-node", "new figures");

        assertThat(twice)
                .contains("## Engine\n\nJMH figures.")
                .contains("new figures")
                .doesNotContain("old figures")
                .endsWith("## Notes\n\nby hand\n");
    }
}
