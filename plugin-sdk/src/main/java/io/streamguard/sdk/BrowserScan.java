package io.streamguard.sdk;

import io.streamguard.engine.scan.CompiledRuleSet;
import io.streamguard.engine.scan.StreamScan;
import org.teavm.jso.JSExport;

/**
 * One stream scanned locally, with the server's streaming semantics: each push gives the whole text so far (a
 * page re-renders it as tokens arrive; earlier text may be rewritten), and answers as the server's stream
 * update does.
 */
public final class BrowserScan {

    private final CompiledRuleSet rules;

    private final StreamScan scan;

    BrowserScan(CompiledRuleSet rules) {
        this.rules = rules;
        this.scan = rules.newScan();
    }

    /**
     * Scans {@code textSoFar}; JSON {@code {newViolations, withdrawn, revised, position, safeOffset, action}}
     * with violations as {@code {ruleId, start, end, action}}.
     */
    @JSExport
    public String push(String textSoFar) {
        return ResultJson.update(scan.update(rules, textSoFar));
    }

    /** Ends the stream (end-anchored patterns decide now); the same JSON as {@link #push}. */
    @JSExport
    public String finish() {
        return ResultJson.update(scan.finish(rules));
    }

    /** Every violation of the stream so far, as {@link BrowserRuleSet#check}. */
    @JSExport
    public String violations() {
        return ResultJson.violations(scan.violations());
    }
}
