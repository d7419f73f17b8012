package io.streamguard.sdk;

import io.streamguard.engine.scan.CompiledRuleSet;
import org.teavm.jso.JSExport;

/** A compiled client-side rule set: whole-text checks and streams. */
public final class BrowserRuleSet {

    private final CompiledRuleSet rules;

    BrowserRuleSet(CompiledRuleSet rules) {
        this.rules = rules;
    }

    /** The rule-set version the set was compiled from. */
    @JSExport
    public double version() {
        return rules.version();
    }

    /** All violations of a whole text as a JSON array of {@code {ruleId, start, end, action}}, as /v1/check. */
    @JSExport
    public String check(String text) {
        return ResultJson.violations(rules.check(text));
    }

    /** A new stream over this rule set. */
    @JSExport
    public BrowserScan start() {
        return new BrowserScan(rules);
    }
}
