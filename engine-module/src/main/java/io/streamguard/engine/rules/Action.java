package io.streamguard.engine.rules;

import java.util.Locale;

/** What a rule asks for when it fires, ordered from least to most severe. */
public enum Action {
    ALLOW,
    WARN,
    BLOCK;

    public static Action mostSevere(Action a, Action b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Action fromWire(String s) {
        for (Action action : values()) {
            if (action.wireName().equals(s)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown action '" + s + "': expected allow, warn or block");
    }
}
