package io.streamguard.engine.rules;

import java.util.Locale;

/** The kinds of rule the engine runs; regexes and keywords are authored, the others are built-in detectors. */
public enum RuleKind {
    KEYWORD,
    REGEX,
    CREDIT_CARD,
    IBAN,
    SECRET;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RuleKind fromWire(String s) {
        for (RuleKind kind : values()) {
            if (kind.wireName().equals(s)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "unknown rule kind '" + s + "': expected keyword, regex, credit_card, iban or secret");
    }
}
