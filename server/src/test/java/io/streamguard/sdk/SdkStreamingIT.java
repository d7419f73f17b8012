package io.streamguard.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The SDK against the node, as a plugin uses it: answers pushed token by token from a page, over HTTP and over
 * the socket, with the server's real {@code 409} and {@code 429} provoked and recovered from; each stream ends
 * in exactly one audit row that says what {@code /v1/check} says of the whole answer.
 */
class SdkStreamingIT extends AbstractSdkIT {

    private static final int TOKENS = 3000;
    private static final int INTERVAL = 250;

    private final String codename = unique("falcon");
    private final String warnWord = unique("heron");
    private final String awsKey = "AKIA" + "Q7ZX3M5N2P4R6T8V";

    private String apiKey;
    private String warnRuleId;
    private String awsRuleId;
    private List<String> tokens;
    private List<Integer> delays;

    @BeforeAll
    void rulesKeyAndAnswer() {
        createRule(Map.of(
                "name",
                "Codename " + codename,
                "kind",
                "keyword",
                "keywords",
                List.of("project " + codename),
                "wholeWord",
                true,
                "action",
                "block",
                "clientSide",
                true));
        warnRuleId = createRule(Map.of(
                "name",
                "Bird " + warnWord,
                "kind",
                "keyword",
                "keywords",
                List.of(warnWord),
                "action",
                "warn",
                "clientSide",
                true));
        awsRuleId = createRule(Map.of(
                "name", "AWS key " + codename,
                "kind", "regex",
                "pattern", "AKIA[0-9A-Z]{16}",
                "action", "block",
                "clientSide", false));
        apiKey = newApiKey();
        Random random = new Random(3000);
        tokens = Answers.tokens(
                random,
                TOKENS,
                List.of(
                        "About project " + codename + ": the launch moves to May.",
                        "Use the key " + awsKey + " for the staging bucket."));
        delays = Answers.delays(random, TOKENS, 2, 5);
        openSdkPage();
    }

    @Test
    void aThreeThousandTokenAnswerOverHttpIsCoalescedAndAuditedOnce() {
        String user = unique("u-http-");
        JsonNode played = play(user, "http", INTERVAL, tokens, delays, Map.of());

        double duration = played.get("durationMs").asDouble();
        List<JsonNode> calls = list(played.get("calls"));
        assertThat(calls)
                .allSatisfy(call -> assertThat(call.get("status").asInt()).isBetween(200, 201));
        assertThat(calls.getFirst().get("path").asString()).isEqualTo("/v1/stream/start");
        assertThat(calls.getLast().get("path").asString()).isEqualTo("/v1/stream/finish");
        List<JsonNode> updates = calls.subList(1, calls.size() - 1);
        assertThat(updates).allSatisfy(c -> assertThat(c.get("path").asString()).isEqualTo("/v1/stream/update"));
        for (int n = 1; n < updates.size(); n++) {
            JsonNode before = updates.get(n - 1);
            JsonNode update = updates.get(n);
            assertThat(update.get("at").asDouble())
                    .as("update %d starts after update %d answered (one in flight)", n, n - 1)
                    .isGreaterThanOrEqualTo(before.get("doneAt").asDouble());
            assertThat(update.get("at").asDouble() - before.get("at").asDouble())
                    .as("ms between the starts of updates %d and %d", n - 1, n)
                    .isGreaterThanOrEqualTo(INTERVAL - 2);
        }
        assertThat(updates.getFirst().get("at").asDouble()
                        - calls.getFirst().get("at").asDouble())
                .as("ms between the start and the first update (the start counts as a call)")
                .isGreaterThanOrEqualTo(INTERVAL - 2);
        // A stream's calls start at least an interval apart, its start included: at most D / interval updates,
        // plus start and finish.
        int bound = (int) (duration / INTERVAL) + 2;
        assertThat(calls.size())
                .as("calls (start, updates, finish) of a stream of %.0f ms at an interval of %d ms", duration, INTERVAL)
                .isLessThanOrEqualTo(bound);
        assertThat(played.get("stats").get("updates").asInt()).isEqualTo(updates.size());
        assertThat(played.get("stats").get("transport").asString()).isEqualTo("http");
        assertAuditedOnceAsChecked(user, played);
        System.out.printf(
                "SDK over HTTP: %d tokens in %.0f ms, %d calls (%d updates); D / interval + 2 = %d%n",
                tokens.size(), duration, calls.size(), updates.size(), bound);
    }

    @Test
    void aLostAnswerIsResentFromTheServersPositionAfterItsConflict() {
        String user = unique("u-409-");
        List<String> some = tokens.subList(0, 800);
        JsonNode played =
                play(user, "http", 100, some, delays.subList(0, some.size()), Map.of("loseAnswerOfUpdate", 3));

        List<JsonNode> calls = list(played.get("calls"));
        int lost = indexOf(calls, c -> c.get("lost").asBoolean());
        assertThat(lost).as("an update whose answer was lost").isNotNegative();
        assertThat(calls.subList(lost + 1, calls.size()))
                .as("calls after the lost answer")
                .anySatisfy(c -> {
                    assertThat(c.get("status").asInt()).isEqualTo(409);
                    assertThat(c.get("code").asString()).isEqualTo("position_mismatch");
                });
        JsonNode stats = played.get("stats");
        assertThat(stats.get("conflicts").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(stats.get("networkErrors").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(list(played.get("errors")))
                .as("error events")
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.get("recovered").asBoolean()).isTrue());
        assertAuditedOnceAsChecked(user, played);
    }

    @Test
    void aLostAnswerThatReportedAServerOnlyBlockNeverLetsThePageShowTheSpan() {
        String user = unique("u-lost-block-");
        Random random = new Random(16);
        List<String> some = new ArrayList<>();
        some.addAll(Answers.tokens(random, "Here is the setup you asked for, step by step. "));
        some.addAll(Answers.tokens(random, "Use the key " + awsKey + " for the staging bucket. "));
        some.addAll(Answers.tokens(random, Answers.answer(random, 1500, List.of())));
        JsonNode played = play(
                user,
                "http",
                100,
                some,
                Answers.delays(random, some.size(), 3, 6),
                Map.of("loseAnswerWithRule", awsRuleId));

        List<JsonNode> calls = list(played.get("calls"));
        assertThat(indexOf(calls, c -> c.get("lost").asBoolean()))
                .as("an update whose answer, which reported the key, was lost")
                .isNotNegative();
        assertThat(spans(played.get("violations")))
                .as("the finish's violations")
                .anyMatch(s -> s.startsWith(awsRuleId + " "));
        assertThat(list(played.get("exposed")))
                .as(
                        "chars of a block span shown unmasked, of %d snapshots",
                        played.get("snapshots").asInt())
                .isEmpty();
        assertThat(played.get("visibleAfterFinish").asInt())
                .isEqualTo(played.get("text").asString().length());
        assertAuditedOnceAsChecked(user, played);
    }

    @Test
    void aConflictAfterALostAnswerAndARewriteOfItsTextSendsTheContent() {
        String user = unique("u-lost-rewrite-");
        String decoy = "BKIA" + awsKey.substring(4);
        Random random = new Random(17);
        List<String> some = new ArrayList<>();
        some.add("Your key is " + decoy + " and more. ");
        some.addAll(Answers.tokens(random, Answers.answer(random, 1200, List.of())));
        JsonNode played = play(
                user,
                "http",
                100,
                some,
                Answers.delays(random, some.size(), 3, 6),
                Map.of("loseAnswerOfUpdate", 1, "rewriteOnFirstError", Map.of("from", decoy, "to", awsKey)));

        assertThat(played.get("rewritten").asBoolean()).isTrue();
        List<JsonNode> calls = list(played.get("calls"));
        int conflict = indexOf(calls, c -> c.get("status").asInt() == 409);
        assertThat(conflict)
                .as("a 409 after the lost answer: %s", calls.subList(0, 4))
                .isPositive();
        assertThat(calls.get(conflict + 1).get("form").asString())
                .as("the update after the 409 (the server holds the text before the rewrite)")
                .isEqualTo("content");
        assertThat(list(played.get("exposed")))
                .as("chars of a block span shown unmasked")
                .isEmpty();
        JsonNode audit = assertAuditedOnceAsChecked(user, played);
        assertThat(spans(audit.get("violations"))).anyMatch(s -> s.startsWith(awsRuleId + " "));
    }

    @Test
    void aFinishDoesNotWaitOutTheRetryOfAnUpdateThatFailsWhileItWaits() {
        String user = unique("u-finish-wait-");
        // update 1 is answered 503 with Retry-After: 30 after 800 ms; the answer ends (finish) at about 300 ms
        JsonNode played = play(
                user,
                "http",
                100,
                List.of("A short answer", " that ends soon."),
                List.of(0, 300),
                Map.of("unavailableUpdate", Map.of("n", 1, "afterMs", 800, "retryAfter", 30)));

        List<JsonNode> calls = list(played.get("calls"));
        assertThat(indexOf(calls, c -> c.get("status").asInt() == 503))
                .as("the 503: %s", calls)
                .isPositive();
        assertThat(played.get("finishMs").asDouble())
                .as("ms the finish took (Retry-After: 30 s)")
                .isLessThan(10_000);
        assertAuditedOnceAsChecked(user, played);
    }

    @Test
    void loneSurrogatesAndNulAreSentAsReplacementCharsAndAPairSplitOverTwoTokensArrivesWhole() {
        String user = unique("u-surrogates-");
        List<String> some =
                new ArrayList<>(List.of("Smile \uD83D", "\uDE00 now.", " A lone \uDC00 low.", " A NUL \u0000."));
        some.addAll(Answers.tokens(new Random(4), " Then " + warnWord + " flies, and a lone high \uD800 ends it."));
        some.add(" \uD83D");
        JsonNode played =
                play(user, "http", 50, some, some.stream().map(t -> 40).toList(), Map.of());

        List<JsonNode> calls = list(played.get("calls"));
        assertThat(calls)
                .allSatisfy(c -> assertThat(c.get("status").asInt()).as("%s", c).isBetween(200, 201));
        assertThat(played.get("stats").get("updates").asInt()).isGreaterThanOrEqualTo(2);
        String text = played.get("text").asString();
        String sent = text.replace("\uDC00 low", "\uFFFD low")
                .replace("\u0000", "\uFFFD")
                .replace("\uD800 ends", "\uFFFD ends")
                .replaceAll("\uD83D$", "\uFFFD");
        JsonNode audit = auditEntry(played.get("auditId").asString());
        assertThat(audit.get("content").asString()).as("the audited content").isEqualTo(sent);
        assertThat(sent).hasSameSizeAs(text).contains("\uD83D\uDE00");
        JsonNode checked = check(apiKey, context(unique("u-check-"), "check"), sent);
        assertThat(spans(audit.get("violations"))).isEqualTo(spans(checked.get("violations")));
        assertThat(spans(audit.get("violations"))).anyMatch(s -> s.startsWith(warnRuleId + " "));
    }

    @Test
    void aStreamTheNodeNoLongerKnowsIsStartedAgainWithTheWholeText() {
        String user = unique("u-gone-");
        List<String> some = tokens.subList(0, 400);
        JsonNode played = play(user, "http", 100, some, delays.subList(0, some.size()), Map.of("notFoundUpdate", 3));

        List<JsonNode> calls = list(played.get("calls"));
        int gone = indexOf(calls, c -> c.get("status").asInt() == 404);
        assertThat(gone).as("the 404").isPositive();
        String first = calls.get(gone).get("streamId").asString();
        assertThat(calls.get(gone + 1).get("path").asString()).isEqualTo("/v1/stream/start");
        assertThat(calls.get(gone + 2).get("form").asString())
                .as("the first update of the new stream")
                .isEqualTo("content");
        assertThat(played.get("streamId").asString()).isNotEqualTo(first);
        assertThat(list(played.get("errors"))).anySatisfy(e -> {
            assertThat(e.get("code").asString()).isEqualTo("stream_not_found");
            assertThat(e.get("recovered").asBoolean()).isTrue();
            assertThat(e.get("streamId").asString())
                    .isEqualTo(played.get("streamId").asString());
        });
        assertAuditedAsChecked(played);
    }

    /**
     * A paused page (a slow model) keeps its stream alive with empty deltas, but only for an idle timeout after its
     * last push: a stream the page forgot must expire (and be audited) rather than hold an open-stream slot for ever.
     */
    @Test
    void aPausedPageKeepsItsStreamAliveWithEmptyDeltasForOneIdleTimeoutAfterItsLastPush() {
        String user = unique("u-paused-");
        List<String> some = tokens.subList(0, 40);
        JsonNode played = play(
                user,
                "http",
                100,
                some,
                delays.subList(0, some.size()),
                Map.of("idleTimeoutSeconds", 1, "pause", Map.of("afterToken", 20, "ms", 2500)));

        List<JsonNode> updates = list(played.get("calls")).stream()
                .filter(c -> c.get("path").asString().equals("/v1/stream/update"))
                .toList();
        List<JsonNode> keptAlive = updates.stream()
                .filter(c ->
                        c.get("deltaLength").isInt() && c.get("deltaLength").asInt() == 0)
                .toList();
        assertThat(keptAlive)
                .as("empty deltas during a pause of 2.5 s with an idle timeout of 1 s")
                .isNotEmpty()
                .hasSizeLessThanOrEqualTo(2)
                .allSatisfy(c -> assertThat(c.get("status").asInt()).isEqualTo(200));
        // each within the idle timeout of the last update that carried text (sent after the last push)
        for (JsonNode empty : keptAlive) {
            double lastText = updates.stream()
                    .filter(c -> !(c.get("deltaLength").isInt()
                            && c.get("deltaLength").asInt() == 0))
                    .mapToDouble(c -> c.get("at").asDouble())
                    .filter(at -> at < empty.get("at").asDouble())
                    .max()
                    .orElseThrow();
            assertThat(empty.get("at").asDouble() - lastText)
                    .as("an empty delta after the last push")
                    .isLessThan(1000);
        }
        assertAuditedOnceAsChecked(user, played);
    }

    @Test
    void anAnswerBeyondTheContentLimitStopsUpdatesAndTheFinishAuditsTheLimitsWorth() {
        String user = unique("u-large-");
        int max = start(apiKey, context(unique("u-limits-"), "limits"))
                .get("limits")
                .get("maxContentChars")
                .asInt();
        List<String> some = List.of("About project " + codename + ". ", "x".repeat(max), " and the rest.");
        JsonNode played =
                play(user, "http", 100, some, List.of(0, 300, 300), Map.of("finishAgainWith", "another text"));

        assertThat(list(played.get("errors"))).anySatisfy(e -> {
            assertThat(e.get("status").asInt()).isEqualTo(413);
            assertThat(e.get("recovered").asBoolean()).isFalse();
        });
        String text = played.get("text").asString();
        JsonNode audit = auditEntry(played.get("auditId").asString());
        assertThat(audit.get("content").asString()).as("the audited content").isEqualTo(text.substring(0, max));
        assertThat(played.get("visibleAfterFinish").asInt())
                .as("what the page shows after finish (server hold-back)")
                .isEqualTo(max);
        assertThat(played.get("again").get("same").asString())
                .isEqualTo(played.get("auditId").asString());
        assertThat(played.get("again").get("other").asString()).startsWith("rejected: ");
    }

    @Test
    void anAnswerThatNeverComesCountsAsLostAfterTheRequestTimeout() {
        String user = unique("u-hang-");
        Random random = new Random(18);
        List<String> some = new ArrayList<>();
        some.addAll(Answers.tokens(random, "First a harmless sentence or two, then the key. "));
        some.addAll(Answers.tokens(random, "Use " + awsKey + " for the staging bucket. "));
        some.addAll(Answers.tokens(random, Answers.answer(random, 1500, List.of())));
        JsonNode played = play(
                user,
                "http",
                100,
                some,
                Answers.delays(random, some.size(), 3, 6),
                Map.of("hangUpdate", 2, "requestTimeout", 1000));

        assertThat(list(played.get("calls")))
                .anySatisfy(c -> assertThat(c.get("lost").asBoolean()).isTrue());
        assertThat(list(played.get("errors"))).anySatisfy(e -> {
            assertThat(e.get("code").asString()).isEqualTo("network_error");
            assertThat(e.get("recovered").asBoolean()).isTrue();
        });
        assertThat(list(played.get("exposed")))
                .as("chars of a block span shown unmasked")
                .isEmpty();
        assertAuditedOnceAsChecked(user, played);
    }

    @Test
    void aRateLimitIsWaitedOutAsRetryAfterSaysAndNothingIsLost() {
        String user = unique("u-429-");
        List<Integer> everyMillisecond = new ArrayList<>();
        tokens.forEach(t -> everyMillisecond.add(1));
        JsonNode played = play(
                user,
                "http",
                5,
                tokens.subList(0, 1000),
                everyMillisecond.subList(0, 1000),
                Map.of("untilRateLimited", Map.of("afterMs", 2500, "maxMs", 30_000)));

        List<JsonNode> calls = list(played.get("calls"));
        int limited = indexOf(calls, c -> c.get("status").asInt() == 429);
        assertThat(limited).as("a 429 from the server (%d calls)", calls.size()).isNotNegative();
        int waitedOut = 0;
        for (int n = limited; n < calls.size() - 1; n++) {
            JsonNode refusal = calls.get(n);
            if (refusal.get("status").asInt() != 429) {
                continue;
            }
            assertThat(refusal.get("code").asString()).isEqualTo("rate_limited");
            assertThat(refusal.get("retryAfter").isString()).as("Retry-After").isTrue();
            double retryAfterMs = Double.parseDouble(refusal.get("retryAfter").asString()) * 1000;
            JsonNode next = calls.get(n + 1);
            if (next.get("path").asString().equals(refusal.get("path").asString())) {
                // the resend (a finish meanwhile carries the whole text at once instead)
                assertThat(next.get("at").asDouble() - refusal.get("doneAt").asDouble())
                        .as(
                                "ms from a 429 to the resend (Retry-After: %s)",
                                refusal.get("retryAfter").asString())
                        .isGreaterThanOrEqualTo(retryAfterMs - 20);
                waitedOut++;
            }
        }
        assertThat(waitedOut)
                .as(
                        "429s waited out before the resend; calls from the first 429 on: %s",
                        calls.subList(limited, Math.min(calls.size(), limited + 4)))
                .isPositive();
        assertThat(played.get("stats").get("rateLimited").asInt()).isGreaterThanOrEqualTo(1);
        assertAuditedOnceAsChecked(user, played);
        System.out.printf(
                "SDK at an interval of 5 ms: %.0f ms, %d calls, %d answered 429 (Retry-After %s), %d updates%n",
                played.get("durationMs").asDouble(),
                calls.size(),
                calls.stream().filter(c -> c.get("status").asInt() == 429).count(),
                calls.get(limited).get("retryAfter").asString(),
                played.get("stats").get("updates").asInt());
    }

    @Test
    void aRewriteOfEarlierTextIsSentAsContentAndAuditedAsTheFinalText() {
        String user = unique("u-rewrite-");
        String sentence = " The weather is fine today.";
        List<String> some = new ArrayList<>(tokens.subList(0, 200));
        some.add(sentence);
        some.addAll(tokens.subList(200, 500));
        Map<String, Object> rewrite = Map.of(
                "afterToken", 400, "waitMs", 3 * INTERVAL, "from", sentence, "to", " The " + warnWord + " is back.");
        JsonNode played =
                play(user, "http", INTERVAL, some, delays.subList(0, some.size()), Map.of("rewrite", rewrite));

        assertThat(played.get("rewritten").asBoolean()).isTrue();
        List<JsonNode> calls = list(played.get("calls"));
        int firstContent = indexOf(calls, c -> form(c, "content"));
        assertThat(firstContent).as("an update in the content form").isNotNegative();
        assertThat(indexOf(calls, c -> form(c, "delta")))
                .as("deltas before the rewrite")
                .isBetween(0, firstContent);
        JsonNode audit = assertAuditedOnceAsChecked(user, played);
        assertThat(spans(audit.get("violations")))
                .as("the rewrite's new violation")
                .anyMatch(s -> s.startsWith(warnRuleId + " "));
    }

    @Test
    void theSameAnswerOverTheSocketTakesOneSocketAndIsAuditedOnce() {
        String user = unique("u-socket-");
        JsonNode played = play(user, "socket", INTERVAL, tokens, delays, Map.of());

        assertThat(played.get("sockets").asInt()).isEqualTo(1);
        assertThat(played.get("stats").get("transport").asString()).isEqualTo("socket");
        assertThat(list(played.get("calls")))
                .as("HTTP calls to the stream API")
                .noneMatch(c -> c.get("path").asString().startsWith("/v1/stream/"));
        double duration = played.get("durationMs").asDouble();
        assertThat(played.get("stats").get("updates").asInt()).isPositive().isLessThanOrEqualTo((int)
                (duration / INTERVAL));
        assertAuditedOnceAsChecked(user, played);
        System.out.printf(
                "SDK over the socket: %d tokens in %.0f ms, %d updates%n",
                tokens.size(), duration, played.get("stats").get("updates").asInt());
    }

    private JsonNode play(
            String user,
            String transport,
            int interval,
            List<String> tokens,
            List<Integer> delays,
            Map<String, Object> extra) {
        Map<String, Object> input = new LinkedHashMap<>(extra);
        input.put("apiKey", apiKey);
        input.put("transport", transport);
        input.put("interval", interval);
        input.put("tokens", tokens);
        input.put("delays", delays);
        input.put("context", context(user, "tab-1"));
        return call("play", input);
    }

    /**
     * Exactly one audit row for the stream; its content is the whole text, and its action and violations are
     * those of {@code /v1/check} of that text, as are the finish answer's. Answers the row.
     */
    private JsonNode assertAuditedOnceAsChecked(String user, JsonNode played) {
        List<JsonNode> rows = auditRowsOf(user);
        assertThat(rows).as("audit rows of the stream's user").hasSize(1);
        assertThat(rows.getFirst().get("streamId").asString())
                .isEqualTo(played.get("streamId").asString());
        return assertAuditedAsChecked(played);
    }

    /**
     * The stream's audit row holds the whole text, and its action and violations are those of {@code /v1/check}
     * of that text, as are the finish answer's. Answers the row.
     */
    private JsonNode assertAuditedAsChecked(JsonNode played) {
        String text = played.get("text").asString();
        JsonNode audit = auditEntry(played.get("auditId").asString());
        assertThat(audit.get("streamId").asString())
                .isEqualTo(played.get("streamId").asString());
        assertThat(audit.get("content").asString()).as("the audited content").isEqualTo(text);

        JsonNode checked = check(apiKey, context(unique("u-check-"), "check"), text);
        assertThat(audit.get("action").asString())
                .isEqualTo(checked.get("action").asString());
        assertThat(spans(audit.get("violations"))).isEqualTo(spans(checked.get("violations")));
        assertThat(played.get("action").asString())
                .isEqualTo(checked.get("action").asString());
        assertThat(spans(played.get("violations"))).isEqualTo(spans(checked.get("violations")));
        return audit;
    }

    private static boolean form(JsonNode call, String form) {
        return call.get("form").isString() && call.get("form").asString().equals(form);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    private static int indexOf(List<JsonNode> nodes, java.util.function.Predicate<JsonNode> test) {
        for (int n = 0; n < nodes.size(); n++) {
            if (test.test(nodes.get(n))) {
                return n;
            }
        }
        return -1;
    }
}
