// What the SDK's browser tests run in a page of the node: they inject this script, then call window.sgTest's
// functions with JSON (which keeps every UTF-16 unit, lone surrogates included) and read JSON back.
window.sgTest = (() => {
    const realFetch = window.fetch.bind(window);
    let sg;

    const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
    const plain = v => [v.ruleId, v.start, v.end, v.action];

    async function load() {
        sg = await import('/sdk/streamguard.js');
        return { version: sg.version, exports: Object.keys(sg).sort() };
    }

    /**
     * A fetch for options.fetch that logs every call (path, body form, status, code, Retry-After, times) and can
     * lose one answer: the update reaches the server and is taken there, then the SDK gets a TypeError, as on a
     * network that drops the answer. The answer lost is the one of the n-th update (`loseAnswerOfUpdate`), or the
     * first one that reports a violation of the rule `loseAnswerWithRule`.
     */
    function recordingFetch(loseAnswerOfUpdate, loseAnswerWithRule, unavailableUpdate, gone = {}) {
        const log = [];
        let updates = 0;
        let lost = false;
        const wrapped = async (input, init) => {
            const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
            const path = new URL(url, location.href).pathname;
            const entry = { path, at: performance.now(), doneAt: 0, form: null, position: null, status: 0, code: null,
                            retryAfter: null, lost: false };
            if (init && typeof init.body === 'string') {
                try {
                    const body = JSON.parse(init.body);
                    entry.form = 'content' in body ? 'content' : 'delta' in body ? 'delta'
                        : 'finalContent' in body ? 'finalContent' : null;
                    entry.position = body.position === undefined ? null : body.position;
                    entry.clientRuleSetVersion = body.clientRuleSetVersion === undefined ? null
                        : body.clientRuleSetVersion;
                } catch (e) {
                    entry.form = 'unreadable';
                }
            }
            log.push(entry);
            const isUpdate = path.endsWith('/v1/stream/update');
            if (isUpdate) {
                updates++;
            }
            let response;
            if (isUpdate && gone.hangUpdate && updates === gone.hangUpdate) {
                // the update reaches the node and is taken there; its answer never comes
                await realFetch(input, init);
                entry.lost = true;
                entry.status = -1;
                return new Promise(() => {});
            }
            if (isUpdate && gone.notFoundUpdate && updates === gone.notFoundUpdate) {
                // the node no longer knows the stream (restarted; or it expired): what it answers then
                response = new Response(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404,
                                                         code: 'stream_not_found', detail: 'no such stream' }),
                    { status: 404, headers: { 'Content-Type': 'application/problem+json' } });
            } else if (isUpdate && unavailableUpdate && updates === unavailableUpdate.n) {
                // a proxy in front of the node: the update never reaches it, a 503 comes back late
                await sleep(unavailableUpdate.afterMs);
                response = new Response('<html>busy</html>', { status: 503,
                    headers: { 'Retry-After': String(unavailableUpdate.retryAfter), 'Content-Type': 'text/html' } });
            } else {
                response = await realFetch(input, init);
                if (gone.idleTimeoutSeconds && path.endsWith('/v1/stream/start') && response.ok) {
                    // a node with a short idle timeout
                    const answer = await response.json();
                    answer.limits.idleTimeoutSeconds = gone.idleTimeoutSeconds;
                    response = new Response(JSON.stringify(answer), { status: response.status,
                        headers: { 'Content-Type': 'application/json' } });
                }
            }
            if (isUpdate && init && typeof init.body === 'string') {
                entry.deltaLength = JSON.parse(init.body).delta?.length ?? null;
                entry.streamId = JSON.parse(init.body).streamId;
            }
            entry.doneAt = performance.now();
            entry.status = response.status;
            entry.retryAfter = response.headers.get('Retry-After');
            if (response.status >= 400) {
                try {
                    entry.code = (await response.clone().json()).code;
                } catch (e) {
                    entry.code = 'unreadable';
                }
            }
            let reportsRule = false;
            if (isUpdate && !lost && loseAnswerWithRule && response.ok) {
                const answer = await response.clone().json();
                reportsRule = [...(answer.deltaViolations || []), ...(answer.revisedViolations || [])]
                    .some(v => v.ruleId === loseAnswerWithRule);
            }
            if (isUpdate && !lost && response.ok
                    && (reportsRule || loseAnswerOfUpdate && updates >= loseAnswerOfUpdate)) {
                lost = true;
                entry.lost = true;
                await response.text();
                throw new TypeError('Failed to fetch');
            }
            return response;
        };
        return { fetch: wrapped, log };
    }

    /**
     * The differential: one rule set's local checks of every text, then streams pushed at the given cuts (the
     * text so far each time, synchronously, so no server answer comes between two pushes) and finished.
     */
    async function differential(input) {
        const d = JSON.parse(input);
        const rules = sg.compile(d.ruleSet);
        const t0 = performance.now();
        const checks = d.texts.map(text => rules.check(text).map(plain));
        const checkMs = performance.now() - t0;
        const fetched = recordingFetch(0);
        const guard = sg.StreamGuard.connect({ apiKey: d.apiKey, transport: 'http', interval: 60000,
                                                holdBack: 'none', fetch: fetched.fetch });
        const streams = [];
        try {
            for (const s of d.streams) {
                const stream = await guard.start(d.context);
                const pushes = s.cuts.map(cut => stream.push(s.text.slice(0, cut)).newViolations.map(plain));
                // still synchronous: no server answer has been applied, so these are the local ones
                const local = stream.violations.map(plain);
                const finished = await stream.finish();
                streams.push({ ruleSetVersion: stream.ruleSetVersion, pushes, local, action: finished.action,
                               finished: finished.violations.map(plain), auditId: finished.auditId });
            }
        } finally {
            guard.close();
        }
        const failed = fetched.log.filter(e => e.status >= 400).map(e => e.path + ' ' + e.status + ' ' + e.code);
        const starts = fetched.log.filter(e => e.path.endsWith('/v1/stream/start'))
            .map(e => e.clientRuleSetVersion);
        return { version: rules.version, checks, checkMs, streams, failed, starts };
    }

    /** Patterns that backtracking engines take exponential time on, each over its text, timed in the page. */
    function catastrophic(input) {
        const d = JSON.parse(input);
        return d.cases.map(c => {
            const rules = sg.compile(c.ruleSet);
            const t0 = performance.now();
            const violations = rules.check(c.text).map(plain);
            return { violations, ms: performance.now() - t0 };
        });
    }

    /** A large text checked once for its answer, then `rounds` times against the clock. */
    function throughput(input) {
        const d = JSON.parse(input);
        const t0 = performance.now();
        const rules = sg.compile(d.ruleSet);
        const compileMs = performance.now() - t0;
        const violations = rules.check(d.text).map(plain);
        const t1 = performance.now();
        for (let i = 0; i < d.rounds; i++) {
            rules.check(d.text);
        }
        const ms = performance.now() - t1;
        return { violations, compileMs, ms, charsPerSecond: d.rounds * d.text.length / (ms / 1000) };
    }

    /**
     * One answer played into a stream token by token on a schedule (token i is pushed `delays[i]` ms after token
     * i - 1), optionally rewritten after a token, then finished; every call and socket counted.
     */
    async function play(input) {
        const d = JSON.parse(input);
        const fetched = recordingFetch(d.loseAnswerOfUpdate || 0, d.loseAnswerWithRule || null,
                                       d.unavailableUpdate || null,
                                       { notFoundUpdate: d.notFoundUpdate, idleTimeoutSeconds: d.idleTimeoutSeconds,
                                         hangUpdate: d.hangUpdate });
        const RealWebSocket = window.WebSocket;
        let sockets = 0;
        window.WebSocket = class extends RealWebSocket {
            constructor(...args) {
                super(...args);
                sockets++;
            }
        };
        const options = { apiKey: d.apiKey, transport: d.transport, fetch: fetched.fetch };
        if (d.interval !== undefined) {
            options.interval = d.interval;
        }
        if (d.requestTimeout !== undefined) {
            options.requestTimeout = d.requestTimeout;
        }
        const guard = sg.StreamGuard.connect(options);
        const errors = [];
        const verdicts = [];
        try {
            const t0 = performance.now();
            const stream = await guard.start(d.context);
            // What a page shows after every change: the visible text, with the block spans known then masked.
            const snapshots = [];
            const snapshot = () => {
                const blocks = stream.violations.filter(v => v.action === 'block').map(v => [v.start, v.end]);
                const last = snapshots[snapshots.length - 1];
                if (last === undefined || last.visible !== stream.visibleLength
                        || JSON.stringify(last.blocks) !== JSON.stringify(blocks)) {
                    snapshots.push({ visible: stream.visibleLength, blocks });
                }
            };
            stream.on('safeOffset', snapshot);
            stream.on('violation', snapshot);
            let text = '';
            let due = performance.now();
            let rewritten = false;
            stream.on('error', e => errors.push(e));
            stream.on('verdict', e => verdicts.push(e));
            if (d.rewriteOnFirstError) {
                // the page rewrites the tail while the SDK waits to retry an update whose answer was lost
                stream.on('error', () => {
                    const at = text.indexOf(d.rewriteOnFirstError.from);
                    if (!rewritten && at >= 0) {
                        text = text.slice(0, at) + d.rewriteOnFirstError.to
                            + text.slice(at + d.rewriteOnFirstError.from.length);
                        rewritten = true;
                        stream.push(text);
                        snapshot();
                    }
                });
            }
            for (let i = 0; i < d.tokens.length; i++) {
                due += d.delays[i];
                const wait = due - performance.now();
                if (wait > 0) {
                    await sleep(wait);
                }
                text += d.tokens[i];
                stream.push(text);
                snapshot();
                if (d.pause && i === d.pause.afterToken) {
                    await sleep(d.pause.ms);
                    due = performance.now();
                }
                if (d.rewrite && i === d.rewrite.afterToken) {
                    // let the server see the text that is about to change
                    await sleep(d.rewrite.waitMs);
                    const at = text.indexOf(d.rewrite.from);
                    text = text.slice(0, at) + d.rewrite.to + text.slice(at + d.rewrite.from.length);
                    rewritten = at >= 0;
                    stream.push(text);
                    due = performance.now();
                }
            }
            // Go on (the tokens again, on the same schedule) until the server has refused an update with 429
            // and the resend after its Retry-After had time to happen, or until the time allowed is over.
            if (d.untilRateLimited) {
                let limitedAt = null;
                stream.on('error', e => {
                    if (e.status === 429 && limitedAt === null) {
                        limitedAt = performance.now();
                    }
                });
                for (let i = 0; performance.now() - t0 < d.untilRateLimited.maxMs; i++) {
                    if (limitedAt !== null && performance.now() - limitedAt > d.untilRateLimited.afterMs) {
                        break;
                    }
                    due += d.delays[i % d.delays.length];
                    const wait = due - performance.now();
                    if (wait > 0) {
                        await sleep(wait);
                    }
                    text += d.tokens[i % d.tokens.length];
                    stream.push(text);
                }
            }
            const pushedAll = performance.now();
            const finished = await stream.finish();
            const t1 = performance.now();
            const finishMs = t1 - pushedAll;
            const again = {};
            if (d.finishAgainWith !== undefined) {
                again.same = (await stream.finish(text)).auditId;
                again.other = await stream.finish(d.finishAgainWith).then(r => 'resolved ' + r.auditId,
                                                                           e => 'rejected: ' + e.message);
            }
            // every char of a block span of the final answer that a snapshot showed without its mask
            const exposed = [];
            for (const v of finished.violations.filter(v => v.action === 'block')) {
                snapshots.forEach((s, n) => {
                    for (let i = v.start; i < Math.min(v.end, s.visible); i++) {
                        if (!s.blocks.some(([start, end]) => start <= i && i < end)) {
                            exposed.push({ snapshot: n, ruleId: v.ruleId, at: i, visible: s.visible });
                            return;
                        }
                    }
                });
            }
            return { streamId: stream.streamId, text, rewritten, durationMs: t1 - t0, pushMs: pushedAll - t0,
                     calls: fetched.log, sockets, stats: stream.stats, errors, verdicts,
                     action: finished.action, violations: finished.violations.map(plain),
                     auditId: finished.auditId, finishMs, again, exposed, snapshots: snapshots.length,
                     visibleAfterFinish: stream.visibleLength };
        } finally {
            guard.close();
            window.WebSocket = RealWebSocket;
        }
    }

    return { load, differential, catastrophic, throughput, play };
})();
