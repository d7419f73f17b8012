package io.streamguard.api.audit;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Audit entries as RFC 4180 CSV. Cells that a spreadsheet would run as a formula are prefixed
 * with an apostrophe: an exported chat message must not become code on a reviewer's machine.
 */
final class AuditCsv {

    static final List<String> HEADER = List.of("auditId", "finishedAt", "outcome", "userId", "botId", "sessionId",
            "action", "firedRuleIds", "ruleSetVersion", "updateCount", "blockedAt", "streamId", "content");

    private AuditCsv() {
    }

    static void header(Writer out) throws IOException {
        row(out, HEADER);
    }

    static void entry(Writer out, AuditEntryView e) throws IOException {
        row(out, List.of(e.auditId().toString(), e.finishedAt().toString(), e.outcome(), e.context().userId(),
                e.context().botId(), e.context().sessionId(), e.action(), String.join(" ", e.firedRuleIds()),
                Long.toString(e.ruleSetVersion()), Integer.toString(e.updateCount()),
                e.blockedAt() == null ? "" : e.blockedAt().toString(), e.streamId() == null ? "" : e.streamId(),
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
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
