package io.streamguard.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleKind;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.CompiledRuleSet;
import io.streamguard.engine.scan.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The SDK's parts that need no server, run under node from the built files: its version, the local check through
 * {@code compile}, and the pure decisions of a stream (sentence ends, delta or content form, the merge of local and
 * server violations). The stream against a live node is tested in Chromium, in the server module. Also what the
 * shipped files must never contain: code built from strings (a Manifest V3 extension may not run it) and resources
 * from elsewhere.
 */
class StreamGuardScriptTest {

    private static final List<String> SHIPPED =
            List.of("streamguard-engine.js", "streamguard.js", "streamguard.d.ts", "demo.html", "demo.js", "demo.css");

    @Test
    void theBuildShipsEveryFileBesideTheEngine() {
        for (String name : SHIPPED) {
            assertThat(Node.SDK.resolve(name)).as(name).isRegularFile();
        }
    }

    @Test
    void versionIsTheProjectVersion() {
        JsonNode answer = Node.run("function main(input, out) { out(sdk.version); }", Map.of());
        assertThat(answer.asString())
                .isEqualTo(System.getProperty("sdk.expectedVersion"))
                .doesNotContain("@");
    }

    @Test
    void compileChecksAsTheServersEngineAndNamesTheRules() {
        List<RuleSpec> rules = List.of(
                RuleSpec.regex("aws", "AWS access key", "AKIA[0-9A-Z]{16}", "", Action.BLOCK),
                RuleSpec.keyword("falcon", "Project Falcon", List.of("project falcon"), false, true, Action.WARN),
                RuleSpec.detector("card", "Card number", RuleKind.CREDIT_CARD, Action.BLOCK));
        String text = "Project Falcon: export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE, card 4111 1111 1111 1111."
                + " PROJECT FALCON again, İ and projectfalcon not.";
        JsonNode answer = Node.run(
                """
                function main(input, out) {
                  const fromText = sdk.compile(input.set);
                  const fromObject = sdk.compile(JSON.parse(input.set));
                  const legacy = sdk.compile(input.legacy);
                  out({
                    version: fromText.version,
                    check: fromText.check(input.text),
                    sameFromObject: JSON.stringify(fromObject.check(input.text)) === JSON.stringify(fromText.check(input.text)),
                    legacy: legacy.check(input.text),
                  });
                }
                """,
                Map.of(
                        "set", BrowserEngineDifferentialTest.ruleSetJson(7, rules),
                        "legacy",
                                Map.of(
                                        "regex",
                                        List.of(Map.of(
                                                "id",
                                                "aws",
                                                "pattern",
                                                "AKIA[0-9A-Z]{16}",
                                                "flags",
                                                "",
                                                "action",
                                                "block"))),
                        "text", text));
        assertThat(answer.get("version").asLong()).isEqualTo(7);
        assertThat(answer.get("sameFromObject").asBoolean()).isTrue();

        CompiledRuleSet set = RuleSetCompiler.compile(7, rules);
        List<Violation> expected = set.check(text);
        assertThat(expected).hasSize(4);
        JsonNode check = answer.get("check");
        assertThat(check).hasSize(expected.size());
        for (int k = 0; k < expected.size(); k++) {
            Violation v = expected.get(k);
            JsonNode js = check.get(k);
            assertThat(js.get("ruleId").asString()).isEqualTo(v.ruleId());
            assertThat(js.get("start").asInt()).isEqualTo(v.start());
            assertThat(js.get("end").asInt()).isEqualTo(v.end());
            assertThat(js.get("action").asString()).isEqualTo(v.action().wireName());
            assertThat(js.get("source").asString()).isEqualTo("local");
            String name = rules.stream()
                    .filter(r -> r.id().equals(v.ruleId()))
                    .findFirst()
                    .orElseThrow()
                    .name();
            assertThat(js.get("ruleName").asString()).isEqualTo(name);
        }
        // today's clientRules object has no names: the violations then have none either
        assertThat(answer.get("legacy")).hasSize(1);
        assertThat(answer.get("legacy").get(0).has("ruleName")).isFalse();
        assertThat(answer.get("legacy").get(0).get("start").asInt()).isEqualTo(text.indexOf("AKIA"));
    }

    @Test
    void anUpdateEndsASentenceAtPunctuationOrALineBreakThenSpacesAndQuotes() {
        List<String> ends = List.of(
                "Hello.",
                "Hello. ",
                "Really?",
                "Yes!  ",
                "He said \"Stop.\"",
                "Wait…",
                "(see above.) ",
                "list:\n",
                "Done.”",
                "It is 3.");
        List<String> notEnds =
                List.of("", "Hello", "Hello, ", "a.b", "export KEY=AKIA", "3.5", "“quoted” text", "Mr. Smith");
        JsonNode answer = Node.run("""
                function main(input, out) {
                  out({ ends: input.ends.map(sdk.endsSentence), notEnds: input.notEnds.map(sdk.endsSentence) });
                }
                """, Map.of("ends", ends, "notEnds", notEnds));
        for (int k = 0; k < ends.size(); k++) {
            assertThat(answer.get("ends").get(k).asBoolean())
                    .as("%s ends a sentence", ends.get(k))
                    .isTrue();
        }
        for (int k = 0; k < notEnds.size(); k++) {
            assertThat(answer.get("notEnds").get(k).asBoolean())
                    .as("%s does not end a sentence", notEnds.get(k))
                    .isFalse();
        }
    }

    @Test
    void anUpdateSendsTheDeltaWhenTheTextExtendsWhatTheServerHasAndTheContentAfterARewrite() {
        JsonNode answer = Node.run("""
                function main(input, out) {
                  out({
                    extends: sdk.updateBody('s1', 'Hello, wor', 'Hello, world'),
                    first: sdk.updateBody('s1', '', 'Hi'),
                    rewritten: sdk.updateBody('s1', 'Hello, wor', 'Hallo, world'),
                    shortened: sdk.updateBody('s1', 'Hello, world', 'Hello'),
                    unknown: sdk.updateBody('s1', null, 'Hello'),
                    prefix: [sdk.commonPrefixLength('Hello', 'Help'), sdk.commonPrefixLength('ab', 'abc'),
                             sdk.commonPrefixLength('', 'x'), sdk.commonPrefixLength('\\uD83D\\uDE00a', '\\uD83D\\uDE00b')],
                  });
                }
                """, Map.of());
        assertThat(answer.get("extends").toString())
                .isEqualTo("{\"streamId\":\"s1\",\"delta\":\"ld\",\"position\":10}");
        assertThat(answer.get("first").toString()).isEqualTo("{\"streamId\":\"s1\",\"delta\":\"Hi\",\"position\":0}");
        assertThat(answer.get("rewritten").toString()).isEqualTo("{\"streamId\":\"s1\",\"content\":\"Hallo, world\"}");
        assertThat(answer.get("shortened").toString()).isEqualTo("{\"streamId\":\"s1\",\"content\":\"Hello\"}");
        assertThat(answer.get("unknown").toString()).isEqualTo("{\"streamId\":\"s1\",\"content\":\"Hello\"}");
        assertThat(answer.get("prefix").toString()).isEqualTo("[3,2,0,2]");
    }

    @Test
    void connectRefusesAnIntervalOrRetryDelayThatIsNotAPositiveNumber() {
        JsonNode answer = Node.run("""
                function main(input, out) {
                  const refusal = (options) => {
                    try {
                      sdk.StreamGuard.connect({ apiKey: 'k', fetch: () => null, ...options });
                      return 'accepted';
                    } catch (e) {
                      return e.name + ': ' + e.message;
                    }
                  };
                  out({
                    refused: [{ interval: '250' }, { interval: NaN }, { interval: 0 }, { interval: -5 },
                              { interval: Infinity }, { maxRetryDelay: '5000' }, { maxRetryDelay: NaN },
                              { interval: null }].map(refusal),
                    accepted: [{}, { interval: 1 }, { interval: 0.5, maxRetryDelay: 100 }, { interval: undefined }]
                              .map(refusal),
                  });
                }
                """, Map.of());
        List<String> refused = new ArrayList<>();
        answer.get("refused").forEach(r -> refused.add(r.asString()));
        assertThat(refused).hasSize(8).allSatisfy(r -> assertThat(r).startsWith("TypeError: "));
        assertThat(refused.subList(0, 5)).allSatisfy(r -> assertThat(r).contains("interval"));
        assertThat(refused.subList(5, 7)).allSatisfy(r -> assertThat(r).contains("maxRetryDelay"));
        assertThat(refused.get(7)).contains("interval");
        answer.get("accepted").forEach(a -> assertThat(a.asString()).isEqualTo("accepted"));
    }

    /** A fake node for the SDK under node: starts answer, every finish is refused with {@code refusal}. */
    private static final String FAKE_NODE = """
            const started = (idle) => new Response(JSON.stringify({
                streamId: 'st-1', ruleSetVersion: 1, clientRuleSet: { version: 1, rules: [] },
                limits: { idleTimeoutSeconds: idle, maxContentChars: 262144 } }),
              { status: 200, headers: { 'Content-Type': 'application/json' } });
            const updated = (body) => new Response(JSON.stringify({
                streamId: body.streamId, action: 'allow', safeOffset: 0, deltaViolations: [] }),
              { status: 200, headers: { 'Content-Type': 'application/json' } });
            const problem = (status, code, retryAfter) => new Response(
              JSON.stringify({ type: 'about:blank', title: code, status, code, detail: 'slow down' }),
              { status, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': retryAfter } });
            const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
            """;

    @Test
    void aHugeRetryAfterIsCappedAndAStartOrFinishThatKeepsFailingRejectsAfterFinishTimeout() {
        JsonNode answer = Node.run(FAKE_NODE + """
                async function main(input, out) {
                  const result = {};
                  for (const retryAfter of ['3000000', '3600']) {
                    const calls = { finish: 0, start: 0 };
                    const fetch = async (url, init) => {
                      const kind = url.split('/').pop();
                      calls[kind] = (calls[kind] ?? 0) + 1;
                      if (kind === 'start') return started(30);
                      if (kind === 'update') return updated(JSON.parse(init.body));
                      return problem(429, 'rate_limited', retryAfter);
                    };
                    const sg = sdk.StreamGuard.connect({ apiKey: 'k', transport: 'http', fetch,
                                                         maxRetryDelay: 200, finishTimeout: 1500 });
                    const s = await sg.start({ userId: 'u', botId: 'b', sessionId: 's' });
                    s.push('Hello there.');
                    const t0 = performance.now();
                    const settled = await Promise.race([
                      s.finish().then(() => 'resolved', (e) => e.name + ' ' + e.status + ' ' + e.code),
                      sleep(6000).then(() => 'pending')]);
                    result[retryAfter] = { settled, seconds: (performance.now() - t0) / 1000, finishCalls: calls.finish };
                    sg.close();
                  }
                  // a start refused the same way: bounded by finishTimeout as well, though it has attempts left
                  const sg = sdk.StreamGuard.connect({ apiKey: 'k', transport: 'http', maxRetryDelay: 5000,
                                                       finishTimeout: 700,
                                                       fetch: async () => problem(503, 'unavailable', '3600') });
                  const t0 = performance.now();
                  result.start = await Promise.race([
                    sg.start({ userId: 'u', botId: 'b', sessionId: 's' })
                      .then(() => 'resolved', (e) => e.name + ' ' + e.status + ' ' + e.code),
                    sleep(6000).then(() => 'pending')]);
                  result.startSeconds = (performance.now() - t0) / 1000;
                  result.refused = ['0', 'x', 'Infinity'].map((v) => {
                    try {
                      sdk.StreamGuard.connect({ apiKey: 'k', fetch: () => null, finishTimeout: v === 'x' ? v : Number(v) });
                      return 'accepted';
                    } catch (e) {
                      return e.message;
                    }
                  });
                  out(result);
                  process.exit(0);
                }
                """, Map.of());
        for (String retryAfter : List.of("3000000", "3600")) {
            JsonNode r = answer.get(retryAfter);
            assertThat(r.get("settled").asString()).as(retryAfter).isEqualTo("StreamGuardError 0 timeout");
            assertThat(r.get("seconds").asDouble()).as(retryAfter).isBetween(1.0, 4.0);
            // waits of 200 ms (not 1 ms, not an hour) within 1.5 s: a handful of tries
            assertThat(r.get("finishCalls").asInt()).as(retryAfter).isBetween(2, 12);
        }
        assertThat(answer.get("start").asString()).isEqualTo("StreamGuardError 0 timeout");
        assertThat(answer.get("startSeconds").asDouble()).isLessThan(4.0);
        answer.get("refused").forEach(r -> assertThat(r.asString()).contains("finishTimeout"));
    }

    @Test
    void keepAlivesStopAWholeIdleTimeoutAfterTheLastPushAndNoTimerKeepsNodeAlive() {
        JsonNode answer = Node.run(FAKE_NODE + """
                async function main(input, out) {
                  const keepAlives = [];
                  let t0 = 0;
                  const fetch = async (url, init) => {
                    const kind = url.split('/').pop();
                    if (kind === 'start') return started(0.4);
                    const body = JSON.parse(init.body);
                    if (body.delta === '') keepAlives.push(performance.now() - t0);
                    return updated(body);
                  };
                  const sg = sdk.StreamGuard.connect({ apiKey: 'k', transport: 'http', fetch, interval: 20 });
                  const s = await sg.start({ userId: 'u', botId: 'b', sessionId: 's' });
                  t0 = performance.now();
                  // a page that pushes for a second (keep-alives go on meanwhile), then forgets the stream
                  let text = '';
                  for (let i = 0; i < 10; i++) {
                    text += 'word ';
                    s.push(text);
                    await sleep(100);
                  }
                  const whilePushing = keepAlives.length;
                  await sleep(3000);
                  const timers = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
                  out({ keepAlives, timers, whilePushing });
                  process.exit(0);
                }
                """, Map.of());
        List<Double> keepAlives = new ArrayList<>();
        answer.get("keepAlives").forEach(t -> keepAlives.add(t.asDouble()));
        // idle timeout 0.4 s: none later than a whole idle timeout after the last push (at about 1 s)
        assertThat(keepAlives).allSatisfy(t -> assertThat(t).isLessThan(1000 + 400 + 150));
        assertThat(keepAlives.size()).isLessThanOrEqualTo(4);
        // an unfinished stream holds no timer that would keep node running
        assertThat(answer.get("timers").asInt()).isZero();
    }

    @Test
    void aConflictTrustsTheServersPrefixOnlyWhenEveryTextItMayHoldAgreesWithTheCurrentOne() {
        JsonNode answer = Node.run("""
                function main(input, out) {
                  const f = sdk.serverTextAfterConflict;
                  out({
                    lostThenExtended: f(14, 'abc 123456789 and more', '', ['abc 123456789 ', 'abc 123456789 and']),
                    lostThenRewritten: f(14, 'abc zebracorn ', '', ['abc 123456789 ', 'abc zebracorn ']),
                    rewrittenAfterPosition: f(4, 'abc zebracorn ', '', ['abc 123456789 ', 'abc zebracorn ']),
                    acknowledgedOnly: f(5, 'Hello, world', 'Hello', []),
                    unknown: f(3, 'abc', null, ['abc']),
                    beyondText: f(9, 'abc', 'abc', ['abcdefghij']),
                    noCandidateLongEnough: f(9, 'abcdefghijk', 'abc', ['abcd']),
                  });
                }
                """, Map.of());
        assertThat(answer.get("lostThenExtended").asString()).isEqualTo("abc 123456789 ");
        assertThat(answer.get("lostThenRewritten").isNull()).isTrue();
        assertThat(answer.get("rewrittenAfterPosition").asString()).isEqualTo("abc ");
        assertThat(answer.get("acknowledgedOnly").asString()).isEqualTo("Hello");
        assertThat(answer.get("unknown").isNull()).isTrue();
        assertThat(answer.get("beyondText").isNull()).isTrue();
        assertThat(answer.get("noCandidateLongEnough").isNull()).isTrue();
    }

    @Test
    void whatIsSentIsWellFormedWithTheSameOffsetsAndATrailingHighSurrogateWaitsForItsPair() {
        JsonNode answer = Node.run("""
                function main(input, out) {
                  const f = sdk.wellFormed;
                  const codes = (s) => [...s].map((c) => c.codePointAt(0).toString(16));
                  out({
                    plain: f('Hello', false),
                    pair: codes(f('a\\uD83D\\uDE00b', false)),
                    trailingHigh: codes(f('a\\uD83D', false)),
                    trailingHighFinal: codes(f('a\\uD83D', true)),
                    loneLow: codes(f('a\\uDE00b', false)),
                    loneHigh: codes(f('a\\uD83Db', false)),
                    nul: codes(f('a\\u0000b', true)),
                    reversed: codes(f('\\uDE00\\uD83D', true)),
                  });
                }
                """, Map.of());
        assertThat(answer.get("plain").asString()).isEqualTo("Hello");
        assertThat(answer.get("pair").toString()).isEqualTo("[\"61\",\"1f600\",\"62\"]");
        assertThat(answer.get("trailingHigh").toString()).isEqualTo("[\"61\"]");
        assertThat(answer.get("trailingHighFinal").toString()).isEqualTo("[\"61\",\"fffd\"]");
        assertThat(answer.get("loneLow").toString()).isEqualTo("[\"61\",\"fffd\",\"62\"]");
        assertThat(answer.get("loneHigh").toString()).isEqualTo("[\"61\",\"fffd\",\"62\"]");
        assertThat(answer.get("nul").toString()).isEqualTo("[\"61\",\"fffd\",\"62\"]");
        assertThat(answer.get("reversed").toString()).isEqualTo("[\"fffd\",\"fffd\"]");
    }

    @Test
    void aStreamIsCheckedWithTheRuleSetOfTheVersionItsStartAnswerNames() {
        String v1 = BrowserEngineDifferentialTest.ruleSetJson(
                1, List.of(RuleSpec.keyword("one", "One", List.of("alpha"), false, false, Action.BLOCK)));
        String v2 = BrowserEngineDifferentialTest.ruleSetJson(
                2, List.of(RuleSpec.keyword("two", "Two", List.of("beta"), false, false, Action.BLOCK)));
        JsonNode answer = Node.run("""
                function main(input, out) {
                  const cache = new sdk.RuleSetCache();
                  const ids = (entry) => entry.rules.check('alpha beta').map((v) => v.ruleId);
                  const first = cache.rulesFor({ ruleSetVersion: 1, clientRuleSet: JSON.parse(input.v1) });
                  // a start that sent version 1 is answered after another start cached version 2
                  const second = cache.rulesFor({ ruleSetVersion: 2, clientRuleSet: JSON.parse(input.v2) });
                  const raced = cache.rulesFor({ ruleSetVersion: 1, clientRuleSet: null,
                                                 clientRules: { regex: [], keywords: [] } });
                  // a null set for a version not cached: the answer's clientRules
                  const unknown = cache.rulesFor({ ruleSetVersion: 3, clientRuleSet: null, clientRules: {
                      regex: [], keywords: [{ id: 'three', keywords: ['beta'], caseSensitive: false,
                                              wholeWord: false, action: 'warn' }] } });
                  out({ first: ids(first), second: ids(second), raced: ids(raced), unknown: ids(unknown),
                        version: cache.version });
                }
                """, Map.of("v1", v1, "v2", v2));
        assertThat(answer.get("first").toString()).isEqualTo("[\"one\"]");
        assertThat(answer.get("second").toString()).isEqualTo("[\"two\"]");
        assertThat(answer.get("raced").toString()).isEqualTo("[\"one\"]");
        assertThat(answer.get("unknown").toString()).isEqualTo("[\"three\"]");
        assertThat(answer.get("version").asInt()).isEqualTo(2);
    }

    @Test
    void aRuleTheEngineCannotCompileIsDroppedAndTheOthersStillCheck() {
        JsonNode answer = Node.run(
                """
                function main(input, out) {
                  const set = JSON.parse(input.set);
                  set.rules.push({ id: 'future', name: 'From a newer node', kind: 'sentiment', pattern: null,
                                   flags: '', keywords: [], caseSensitive: false, wholeWord: false, action: 'block' });
                  set.rules.push({ id: 'flag', name: 'New flag', kind: 'regex', pattern: 'x', flags: 'Q',
                                   keywords: [], caseSensitive: false, wholeWord: false, action: 'block' });
                  let strict;
                  try { sdk.compile(set); strict = 'compiled'; } catch (e) { strict = 'threw'; }
                  const lenient = sdk.compileLenient(set);
                  const cache = new sdk.RuleSetCache();
                  const cached = cache.rulesFor({ ruleSetVersion: 5, clientRuleSet: set });
                  out({ strict, dropped: lenient.dropped.map((d) => d.ruleId),
                        detail: lenient.dropped.every((d) => typeof d.detail === 'string' && d.detail.length > 0),
                        check: lenient.rules.check('say alpha now').map((v) => v.ruleId),
                        cached: cached.dropped.length });
                }
                """,
                Map.of(
                        "set",
                        BrowserEngineDifferentialTest.ruleSetJson(
                                5,
                                List.of(RuleSpec.keyword(
                                        "one", "One", List.of("alpha"), false, false, Action.BLOCK)))));
        assertThat(answer.get("strict").asString()).isEqualTo("threw");
        assertThat(answer.get("dropped").toString()).isEqualTo("[\"future\",\"flag\"]");
        assertThat(answer.get("detail").asBoolean()).isTrue();
        assertThat(answer.get("check").toString()).isEqualTo("[\"one\"]");
        assertThat(answer.get("cached").asInt()).isEqualTo(2);
    }

    @Test
    void localAndServerViolationsMergeOnePerRuleAndSpanInTextOrder() {
        JsonNode answer = Node.run("""
                function main(input, out) {
                  const local = [
                    { ruleId: 'aws', action: 'block', start: 30, end: 50, source: 'local' },
                    { ruleId: 'falcon', ruleName: 'Project Falcon', action: 'warn', start: 0, end: 14, source: 'local' },
                  ];
                  const server = [
                    { ruleId: 'aws', ruleName: 'AWS access key', action: 'block', start: 30, end: 50, source: 'server' },
                    { ruleId: 'falcon', ruleName: 'Project Falcon', action: 'warn', start: 0, end: 14, source: 'server' },
                    { ruleId: 'bucket', ruleName: 'Release bucket', action: 'block', start: 60, end: 74, source: 'server' },
                    { ruleId: 'aws', ruleName: 'AWS access key', action: 'block', start: 30, end: 49, source: 'server' },
                  ];
                  out(sdk.mergeViolations(local, server));
                }
                """, Map.of());
        assertThat(answer.toString())
                .isEqualTo("["
                        + "{\"ruleId\":\"falcon\",\"ruleName\":\"Project Falcon\",\"action\":\"warn\",\"start\":0,\"end\":14,"
                        + "\"source\":\"local\"},"
                        + "{\"ruleId\":\"aws\",\"ruleName\":\"AWS access key\",\"action\":\"block\",\"start\":30,"
                        + "\"end\":49,\"source\":\"server\"},"
                        + "{\"ruleId\":\"aws\",\"action\":\"block\",\"start\":30,\"end\":50,\"source\":\"local\","
                        + "\"ruleName\":\"AWS access key\"},"
                        + "{\"ruleId\":\"bucket\",\"ruleName\":\"Release bucket\",\"action\":\"block\",\"start\":60,"
                        + "\"end\":74,\"source\":\"server\"}]");
    }

    /** A Manifest V3 extension copies these files into its package, where code built from strings may not run. */
    @Test
    void theShippedScriptsBuildNoCodeFromStringsAndLoadNothingFromElsewhere() throws IOException {
        Pattern codeFromStrings = Pattern.compile(
                "\\beval\\s*\\(|new\\s+Function\\b|\\bFunction\\s*\\(|set(?:Timeout|Interval)\\s*\\(\\s*['\"`]"
                        + "|\\bimport\\s*\\(|importScripts");
        Pattern remote = Pattern.compile("https?://|//cdn|@import|url\\(");
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(Node.SDK)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                String content = Files.readString(file, StandardCharsets.UTF_8);
                if (name.endsWith(".js") && codeFromStrings.matcher(content).find()) {
                    problems.add(name + " builds code from strings: " + match(codeFromStrings, content));
                }
                if (name.startsWith("demo") && remote.matcher(content).find()) {
                    problems.add(name + " loads from elsewhere: " + match(remote, content));
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static String match(Pattern pattern, String content) {
        var m = pattern.matcher(content);
        m.find();
        return content.substring(Math.max(0, m.start() - 40), Math.min(content.length(), m.end() + 40));
    }
}
