package io.streamguard.sdk;

import io.streamguard.engine.scan.ScanUpdate;
import io.streamguard.engine.scan.Violation;
import java.util.List;

/** The engine's answers as the JSON the JavaScript side parses. */
final class ResultJson {

    private ResultJson() {}

    static String violations(List<Violation> violations) {
        StringBuilder out = new StringBuilder();
        violations(out, violations);
        return out.toString();
    }

    static String update(ScanUpdate update) {
        StringBuilder out = new StringBuilder("{\"newViolations\":");
        violations(out, update.newViolations());
        out.append(",\"withdrawn\":");
        violations(out, update.withdrawn());
        out.append(",\"revised\":[");
        for (int k = 0; k < update.revised().size(); k++) {
            ScanUpdate.Revision r = update.revised().get(k);
            out.append(k == 0 ? "" : ",").append("{\"previous\":");
            violation(out, r.previous());
            out.append(",\"current\":");
            violation(out, r.current());
            out.append('}');
        }
        out.append("],\"position\":").append(update.position());
        out.append(",\"safeOffset\":").append(update.safeOffset());
        out.append(",\"action\":\"").append(update.action().wireName()).append("\"}");
        return out.toString();
    }

    private static void violations(StringBuilder out, List<Violation> violations) {
        out.append('[');
        for (int k = 0; k < violations.size(); k++) {
            if (k > 0) {
                out.append(',');
            }
            violation(out, violations.get(k));
        }
        out.append(']');
    }

    private static void violation(StringBuilder out, Violation v) {
        out.append("{\"ruleId\":");
        string(out, v.ruleId());
        out.append(",\"start\":").append(v.start());
        out.append(",\"end\":").append(v.end());
        out.append(",\"action\":\"").append(v.action().wireName()).append("\"}");
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
