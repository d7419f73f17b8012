package io.streamguard.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditCsvTest {

    @Test
    void everyCellIsQuotedAndQuotesAreDoubled() {
        assertThat(AuditCsv.cell("")).isEqualTo("\"\"");
        assertThat(AuditCsv.cell("plain")).isEqualTo("\"plain\"");
        assertThat(AuditCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    }

    @Test
    void aSeparatorFollowedByAFormulaStaysInsideOneQuotedCell() {
        assertThat(AuditCsv.cell("x;=1+1;y")).isEqualTo("\"x;=1+1;y\"");
        assertThat(AuditCsv.cell("x,=1+1")).isEqualTo("\"x,=1+1\"");
        assertThat(AuditCsv.cell("a\t@b")).isEqualTo("\"a\t@b\"");
    }

    @Test
    void aCellThatStartsLikeAFormulaAfterAnySpacesGetsAnApostrophe() {
        for (String formula :
                new String[] {"=1+1", "+1", "-1", "@SUM(A1)", "\t=cmd", "\r=cmd", "  =1", "\n=1", "\u00a0=1"}) {
            assertThat(AuditCsv.cell(formula)).as(formula).isEqualTo("\"'" + formula + "\"");
        }
        assertThat(AuditCsv.cell("  x=1")).isEqualTo("\"  x=1\"");
        assertThat(AuditCsv.cell("   ")).isEqualTo("\"   \"");
    }
}
