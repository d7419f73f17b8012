package io.streamguard.engine.compile;

import java.util.List;

/** A rule set could not be compiled: the first invalid rule, and everything wrong with it. */
public final class InvalidRuleException extends RuntimeException {

    private final String ruleId;

    private final List<String> problems;

    public InvalidRuleException(String ruleId, List<String> problems) {
        super("rule '" + ruleId + "' is invalid: " + String.join("; ", problems));
        this.ruleId = ruleId;
        this.problems = List.copyOf(problems);
    }

    public String ruleId() {
        return ruleId;
    }

    public List<String> problems() {
        return problems;
    }
}
