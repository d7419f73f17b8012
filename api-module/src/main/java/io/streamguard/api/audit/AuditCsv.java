package io.streamguard.api.audit;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Audit entries as RFC 4180 CSV that no spreadsheet runs as code, whatever separator it splits on:
 * every cell is quoted, so a {@code ;} or a tab inside a message stays inside its cell, and a cell
 * a spreadsheet would take for a formula (its first character after any spaces one of
 * {@code = + - @}, tab or carriage return) gets a leading apostrophe. An exported chat message must
 * not become code on a reviewer's machine.
 */
final class AuditCsv {

    static final List<String> HEADER = List.of(
            "auditId",
            "finishedAt",
            "outcome",
            "userId",
            "botId",
            "sessionId",
            "action",
            "firedRuleIds",
            "ruleSetVersion",
            "updateCount",
            "blockedAt",
            "streamId",
            "content");

    private static final String FORMULA_STARTS = "=+-@\t\r";

    private AuditCsv() {}

    static void header(Writer out) throws IOException {
        row(out, HEADER);
    }

    static void entry(Writer out, AuditEntryView e) throws IOException {
        row(
                out,
                List.of(
                        e.auditId().toString(),
                        e.finishedAt().toString(),
                        e.outcome(),
                        e.context().userId(),
                        e.context().botId(),
                        e.context().sessionId(),
                        e.action(),
                        String.join(" ", e.firedRuleIds()),
                        Long.toString(e.ruleSetVersion()),
                        Integer.toString(e.updateCount()),
                        e.blockedAt() == null ? "" : e.blockedAt().toString(),
                        e.streamId() == null ? "" : e.streamId(),
                        e.content()));
    }

    private static void row(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(i)));
        }
        out.write("\r\n");
    }

    static String cell(String value) {
        String safe = startsLikeAFormula(value) ? "'" + value : value;
        return '"' + safe.replace("\"", "\"\"") + '"';
    }

    private static boolean startsLikeAFormula(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (FORMULA_STARTS.indexOf(c) >= 0) {
                return true;
            }
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                return false;
            }
        }
        return false;
    }
}
