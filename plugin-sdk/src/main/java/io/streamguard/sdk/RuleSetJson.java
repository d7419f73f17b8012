package io.streamguard.sdk;

import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleKind;
import io.streamguard.engine.rules.RuleSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The client-side rule set in its compact JSON form, read into the engine's own {@link RuleSpec}s:
 * {@code {"version": 7, "rules": [{"id", "kind", "pattern", "flags", "keywords", "caseSensitive", "wholeWord",
 * "action"}, …]}}. {@code kind} and {@code action} are the wire names ({@code regex}, {@code keyword},
 * {@code credit_card}, {@code iban}, {@code secret}; {@code allow}, {@code warn}, {@code block}). The
 * {@code clientRules} object of {@code /v1/stream/start} is read as it is too: {@code {"regex": [{id, pattern,
 * flags, action}], "keywords": [{id, keywords, caseSensitive, wholeWord, action, …}]}} (other fields ignored). A hand-written
 * reader, because no JSON library compiles to JavaScript and the browser's own {@code JSON} would leave the JVM
 * side of the differential test without one.
 */
public final class RuleSetJson {

    public record RuleSet(long version, List<RuleSpec> rules) {}

    private final String s;

    private int i;

    private RuleSetJson(String s) {
        this.s = s;
    }

    /** @throws IllegalArgumentException if {@code json} is not a rule set in the compact form */
    public static RuleSet parse(String json) {
        RuleSetJson reader = new RuleSetJson(json);
        Object value = reader.value();
        reader.space();
        if (reader.i != json.length()) {
            throw reader.error("text after the rule set");
        }
        if (!(value instanceof Map<?, ?> set)) {
            throw new IllegalArgumentException("a rule set is a JSON object with \"version\" and \"rules\"");
        }
        long version = set.get("version") instanceof Double d ? d.longValue() : 0;
        List<RuleSpec> rules = new ArrayList<>();
        if (set.get("rules") instanceof List<?> list) {
            read(list, null, rules);
        } else if (set.get("regex") instanceof List<?> || set.get("keywords") instanceof List<?>) {
            // today's clientRules of /v1/stream/start as they are
            if (set.get("regex") instanceof List<?> regex) {
                read(regex, RuleKind.REGEX, rules);
            }
            if (set.get("keywords") instanceof List<?> keywords) {
                read(keywords, RuleKind.KEYWORD, rules);
            }
        } else {
            throw new IllegalArgumentException(
                    "a rule set needs \"rules\" (or the clientRules arrays \"regex\" and \"keywords\")");
        }
        return new RuleSet(version, rules);
    }

    private static void read(List<?> items, @Nullable RuleKind kind, List<RuleSpec> into) {
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> rule)) {
                throw new IllegalArgumentException("each rule is a JSON object");
            }
            into.add(rule(rule, kind));
        }
    }

    private static RuleSpec rule(Map<?, ?> rule, @Nullable RuleKind impliedKind) {
        String id = string(rule, "id", null);
        RuleKind kind = impliedKind != null ? impliedKind : RuleKind.fromWire(string(rule, "kind", null));
        Action action = Action.fromWire(string(rule, "action", "block"));
        String name = string(rule, "name", id);
        List<String> keywords = new ArrayList<>();
        if (rule.get("keywords") instanceof List<?> list) {
            for (Object k : list) {
                if (!(k instanceof String keyword)) {
                    throw new IllegalArgumentException("rule " + id + ": keywords are strings");
                }
                keywords.add(keyword);
            }
        }
        return switch (kind) {
            case REGEX -> RuleSpec.regex(id, name, string(rule, "pattern", null), string(rule, "flags", ""), action);
            case KEYWORD ->
                RuleSpec.keyword(
                        id, name, keywords, bool(rule, "caseSensitive", false), bool(rule, "wholeWord", false), action);
            case SECRET -> RuleSpec.secret(id, name, keywords, action);
            case CREDIT_CARD, IBAN -> RuleSpec.detector(id, name, kind, action);
        };
    }

    private static String string(Map<?, ?> rule, String key, @Nullable String fallback) {
        Object value = rule.get(key);
        if (value instanceof String s) {
            return s;
        }
        if (value == null && fallback != null) {
            return fallback;
        }
        throw new IllegalArgumentException("a rule needs \"" + key + "\" as a string");
    }

    private static boolean bool(Map<?, ?> rule, String key, boolean fallback) {
        return rule.get(key) instanceof Boolean b ? b : fallback;
    }

    private @Nullable Object value() {
        space();
        if (i >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{' -> {
                i++;
                Map<String, @Nullable Object> map = new LinkedHashMap<>();
                space();
                if (peek('}')) {
                    return map;
                }
                do {
                    space();
                    String key = string();
                    space();
                    expect(':');
                    map.put(key, value());
                    space();
                } while (peek(','));
                expect('}');
                return map;
            }
            case '[' -> {
                i++;
                List<@Nullable Object> list = new ArrayList<>();
                space();
                if (peek(']')) {
                    return list;
                }
                do {
                    list.add(value());
                    space();
                } while (peek(','));
                expect(']');
                return list;
            }
            case '"' -> {
                return string();
            }
            default -> {
                if (s.startsWith("true", i)) {
                    i += 4;
                    return Boolean.TRUE;
                }
                if (s.startsWith("false", i)) {
                    i += 5;
                    return Boolean.FALSE;
                }
                if (s.startsWith("null", i)) {
                    i += 4;
                    return null;
                }
                int start = i;
                while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                    i++;
                }
                if (start == i) {
                    throw error("unexpected '" + c + "'");
                }
                return Double.parseDouble(s.substring(start, i));
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            char e = s.charAt(i++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 4 > s.length()) {
                        throw error("short \\u escape");
                    }
                    out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
    }

    private void space() {
        while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
    }

    private boolean peek(char c) {
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("rule set JSON, at char " + i + ": " + what);
    }
}
