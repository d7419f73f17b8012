package io.streamguard.sdk;

import io.streamguard.engine.compile.RuleSetCompiler;
import org.teavm.jso.JSExport;

/**
 * What the compiled script exports: {@code compile(ruleSetJson)} gives a {@link BrowserRuleSet}, the server's
 * own automata for the client-side rules. Rules that do not compile throw, naming their problems.
 */
public final class BrowserEngine {

    private BrowserEngine() {}

    @JSExport
    public static BrowserRuleSet compile(String ruleSetJson) {
        RuleSetJson.RuleSet set = RuleSetJson.parse(ruleSetJson);
        return new BrowserRuleSet(RuleSetCompiler.compile(set.version(), set.rules()));
    }
}
