// StreamGuard plugin SDK: checks an LLM answer as the page renders it, with the server's own engine locally
// (client-side rules, at once, no network) and the StreamGuard service remotely (every rule, coalesced updates).
// Plain ES2020 module, no dependencies; see README.md of the plugin-sdk module and streamguard.d.ts.

import { compile as compileEngine } from './streamguard-engine.js';

/** The SDK's version, the Maven project version it was built with. */
export const version = '@project.version@';

const SEVERITY = { allow: 0, warn: 1, block: 2 };

const DEFAULTS = {
    baseUrl: '',
    transport: 'auto',
    interval: 250,
    holdBack: 'server',
    maxRetryDelay: 5000,
    requestTimeout: 30000,
    finishTimeout: 60000,
};

/** The longest wait a timer takes (2^31 - 1 ms): a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** How long `auto` waits for the socket to open before it carries on over HTTP. */
const SOCKET_OPEN_TIMEOUT_MS = 5000;

/** Attempts of a `start` that meets network errors, 5xx or 429 (an update or finish retries until it succeeds). */
const START_ATTEMPTS = 5;

const FIRST_RETRY_DELAY_MS = 100;

const EMPTY_RULE_SET = '{"version":0,"rules":[]}';

/** A refusal of the service (problem+json over HTTP, an error frame on the socket), or a network failure (status 0). */
export class StreamGuardError extends Error {
    constructor(status, code, detail, extra = {}) {
        super(detail ? `${code}: ${detail}` : code);
        this.name = 'StreamGuardError';
        this.status = status;
        this.code = code;
        this.detail = detail;
        /** The server's position, on `409 position_mismatch`. */
        this.position = extra.position;
        /** Seconds to wait, on `429` and `503`. */
        this.retryAfter = extra.retryAfter;
    }
}

/**
 * Compiles a rule set for local use: the `clientRuleSet` of a start answer (`{version, rules: [...]}`), or the
 * older `clientRules` object (`{regex: [...], keywords: [...]}`), as an object or as its JSON text. The rules are
 * compiled by the server's own `RuleSetCompiler`; a rule that does not compile throws with the server's message.
 */
export function compile(ruleSet) {
    const json = typeof ruleSet === 'string' ? ruleSet : JSON.stringify(ruleSet);
    return new LocalRules(compileEngine(json), ruleNames(json));
}

class LocalRules {
    #engine;
    #names;

    constructor(engine, names) {
        this.#engine = engine;
        this.#names = names;
    }

    get version() {
        return this.#engine.version();
    }

    check(text) {
        return JSON.parse(this.#engine.check(text)).map((v) => this.violation(v, 'local'));
    }

    /** @internal a streaming scan of the engine; its answers are JSON strings */
    newScan() {
        return this.#engine.start();
    }

    /** @internal */
    violation(v, source) {
        const name = this.#names.get(v.ruleId);
        return name === undefined
            ? { ruleId: v.ruleId, action: v.action, start: v.start, end: v.end, source }
            : { ruleId: v.ruleId, ruleName: name, action: v.action, start: v.start, end: v.end, source };
    }
}

/** The rules' names by id: the engine answers ids only, and a page shows names. */
function ruleNames(json) {
    const names = new Map();
    let set;
    try {
        set = JSON.parse(json);
    } catch {
        return names; // the engine names the problem
    }
    for (const list of [set?.rules, set?.regex, set?.keywords]) {
        for (const rule of Array.isArray(list) ? list : []) {
            if (typeof rule?.id === 'string' && typeof rule.name === 'string') {
                names.set(rule.id, rule.name);
            }
        }
    }
    return names;
}

/** How many compiled rule sets a `StreamGuard` keeps (streams started meanwhile may name older versions). */
const RULE_SETS_KEPT = 4;

/**
 * Compiles a rule set; a rule the engine cannot compile (a newer node's kind, flag or action) is dropped, not fatal:
 * the server still checks it. Answers `{rules, dropped: [{ruleId, detail}]}`.
 */
export function compileLenient(ruleSet) {
    const json = typeof ruleSet === 'string' ? ruleSet : JSON.stringify(ruleSet);
    try {
        return { rules: compile(json), dropped: [] };
    } catch (whole) {
        let set;
        try {
            set = JSON.parse(json);
        } catch {
            set = null;
        }
        if (set === null || typeof set !== 'object') {
            return { rules: compile(EMPTY_RULE_SET), dropped: [{ ruleId: null, detail: String(whole?.message ?? whole) }] };
        }
        const kept = { ...set };
        const dropped = [];
        for (const key of ['rules', 'regex', 'keywords']) {
            if (!Array.isArray(set[key])) {
                continue;
            }
            kept[key] = set[key].filter((rule) => {
                try {
                    const single = { ...set };
                    for (const k of ['rules', 'regex', 'keywords']) {
                        if (Array.isArray(set[k])) {
                            single[k] = k === key ? [rule] : [];
                        }
                    }
                    compileEngine(JSON.stringify(single));
                    return true;
                } catch (e) {
                    dropped.push({ ruleId: typeof rule?.id === 'string' ? rule.id : null,
                                   detail: String(e?.message ?? e) });
                    return false;
                }
            });
        }
        try {
            return { rules: compile(kept), dropped };
        } catch (e) {
            return { rules: compile(EMPTY_RULE_SET), dropped: [{ ruleId: null, detail: String(e?.message ?? e) }] };
        }
    }
}

/**
 * The client rule sets a `StreamGuard` compiled, by version. A stream is checked with the set of the version its
 * own start answer names (`ruleSetVersion`): `clientRuleSet` in full, or `null` when the version the start sent is
 * still current, which is then taken from here only if it is the answer's version (another start may have cached a
 * newer one meanwhile); else the answer's `clientRules` (always present) are compiled. A node without
 * `clientRuleSet` (older than the SDK) answers only `clientRules`, which the engine reads too.
 */
export class RuleSetCache {
    #byVersion = new Map();
    #legacy = null; // { json, entry } of the last `clientRules` compiled

    /** The newest version compiled, sent with the next start; undefined before the first. */
    get version() {
        let newest;
        for (const version of this.#byVersion.keys()) {
            if (newest === undefined || version > newest) {
                newest = version;
            }
        }
        return newest;
    }

    /** Answers `{rules, dropped}` for a start answer. */
    rulesFor(answer) {
        const set = answer.clientRuleSet;
        if (set != null && Number.isFinite(set.version)) {
            let entry = this.#byVersion.get(set.version);
            if (entry === undefined) {
                entry = compileLenient(set);
                this.#byVersion.set(set.version, entry);
                if (this.#byVersion.size > RULE_SETS_KEPT) {
                    this.#byVersion.delete(this.#byVersion.keys().next().value);
                }
            }
            return entry;
        }
        if (set === null && this.#byVersion.has(answer.ruleSetVersion)) {
            return this.#byVersion.get(answer.ruleSetVersion);
        }
        const json = set != null ? JSON.stringify(set)
            : answer.clientRules == null ? EMPTY_RULE_SET : JSON.stringify(answer.clientRules);
        if (this.#legacy?.json !== json) {
            this.#legacy = { json, entry: compileLenient(json) };
        }
        return this.#legacy.entry;
    }
}

// The stream's pure decisions, exported for the SDK's tests (not part of the typed API).

/**
 * True when `text` ends a sentence: `. ! ? …` or a line break, then optional spaces, quotes or closing brackets.
 * Only the tail is looked at, so a push costs the same however long the answer is.
 */
export function endsSentence(text) {
    return /[.!?…\n][\s"'”’»)\]]*$/u.test(text.slice(-24));
}

/** Length of the common prefix of two strings, in UTF-16 code units. */
export function commonPrefixLength(a, b) {
    if (b.startsWith(a)) {
        return a.length;
    }
    const n = Math.min(a.length, b.length);
    let i = 0;
    while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) {
        i++;
    }
    return i;
}

/**
 * The body of the next update: the delta form when `text` extends what the server has (`serverText`), the content
 * form when earlier text was rewritten (the server then rescans from the first changed char).
 */
export function updateBody(streamId, serverText, text) {
    if (serverText !== null && text.startsWith(serverText)) {
        return { streamId, delta: text.slice(serverText.length), position: serverText.length };
    }
    return { streamId, content: text };
}

/**
 * The text as the server may receive it: well-formed UTF-16 without NUL (the node refuses anything else). A lone
 * surrogate or a NUL becomes U+FFFD, one unit for one, so offsets stay; a trailing high surrogate is held back
 * unless `final` (its low half may come with the next token).
 */
export function wellFormed(text, final) {
    const end = !final && /[\uD800-\uDBFF]$/.test(text) ? text.length - 1 : text.length;
    const kept = end === text.length ? text : text.slice(0, end);
    return kept.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/g, '\uFFFD');
}

/**
 * What the server has after `409 position_mismatch` at `position`: `position` chars of the acknowledged text
 * (`serverText`, null when unknown) or of one of the texts sent since (`sent`), whose answers did not arrive. Only
 * when every one of them long enough agrees with `text` on `[0, position)` is the server's text that prefix of
 * `text`; otherwise it is unknown (null: the next update sends the content form).
 */
export function serverTextAfterConflict(position, text, serverText, sent) {
    if (serverText === null || position > text.length) {
        return null;
    }
    const candidates = [serverText, ...sent].filter((c) => c.length >= position);
    if (candidates.length === 0) {
        return null;
    }
    return candidates.every((c) => commonPrefixLength(c, text) >= position) ? text.slice(0, position) : null;
}

const violationKey = (v) => `${v.ruleId}\u0000${v.start}\u0000${v.end}`;

/**
 * The stream's violations, local and server ones merged: a rule's span found on both sides is listed once (as the
 * local one, with the server's rule name if the local one has none), in text order.
 */
export function mergeViolations(local, server) {
    const merged = new Map();
    for (const v of local) {
        merged.set(violationKey(v), v);
    }
    for (const v of server) {
        const key = violationKey(v);
        const known = merged.get(key);
        if (known === undefined) {
            merged.set(key, v);
        } else if (known.ruleName === undefined && v.ruleName !== undefined) {
            merged.set(key, { ...known, ruleName: v.ruleName });
        }
    }
    return [...merged.values()].sort(
        (a, b) => a.start - b.start || a.end - b.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

const mostSevere = (a, b) => (SEVERITY[a] >= SEVERITY[b] ? a : b);

function serverViolation(v) {
    const out = { ruleId: v.ruleId, action: v.action, start: v.start, end: v.end, source: 'server' };
    if (v.ruleName != null) {
        out.ruleName = v.ruleName;
    }
    return out;
}

/**
 * A timer that does not keep the process alive where the runtime can say so (node): an unfinished stream must not
 * hold a script open.
 */
function unref(timer) {
    if (typeof timer?.unref === 'function') {
        timer.unref();
    }
    return timer;
}

const sleep = (ms, weak = false) => new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    if (weak) {
        unref(timer);
    }
});

/** Rejects `promise`'s wait at `deadline` (a `now()` value) with `timeout`; what it runs goes on unheard. */
function beforeDeadline(promise, deadline, what) {
    let timer;
    const late = new Promise((resolve, reject) => {
        timer = setTimeout(() => reject(timeoutError(what)), Math.min(Math.max(0, deadline - now()), MAX_TIMER_MS));
    });
    return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const timeoutError = (what) => new StreamGuardError(0, 'timeout', `${what} did not succeed within finishTimeout`);

const now = () => globalThis.performance?.now() ?? Date.now();

/** Exponential backoff with jitter: 100 ms doubling per attempt, capped; a random half of it is taken off. */
function backoff(attempt, cap) {
    const full = Math.min(cap, FIRST_RETRY_DELAY_MS * 2 ** Math.min(attempt, 30));
    return full / 2 + (Math.random() * full) / 2;
}

/** Network errors, 5xx and 429 are worth another try; other refusals will answer the same again. */
const retryable = (e) => e.status === 0 || e.status === 429 || e.status >= 500;

/** The wait before the next try: the server's `Retry-After` or the backoff, never more than `cap` (`maxRetryDelay`). */
function retryDelay(e, attempt, cap) {
    const limit = Math.min(cap, MAX_TIMER_MS);
    if (e.retryAfter !== undefined && Number.isFinite(e.retryAfter)) {
        return Math.min(limit, Math.max(0, e.retryAfter * 1000));
    }
    return Math.min(limit, backoff(attempt, cap));
}

function errorEvent(e, recovered) {
    return { status: e.status, code: e.code, detail: e.detail, recovered };
}

// ---------------------------------------------------------------------------------------------------------------
// Transports: call(type, body) answers the HTTP answer's JSON, or throws a StreamGuardError.

const PATHS = { start: '/v1/stream/start', update: '/v1/stream/update', finish: '/v1/stream/finish' };

class HttpTransport {
    name = 'http';

    constructor(baseUrl, apiKey, fetchFn, timeout) {
        this.baseUrl = baseUrl.replace(/\/+$/, '');
        this.apiKey = apiKey;
        this.fetch = fetchFn;
        this.timeout = timeout;
    }

    /** An answer that does not come within `requestTimeout` counts as lost (the server may have taken the call). */
    call(type, body) {
        const controller = typeof AbortController === 'function' ? new AbortController() : null;
        let timer;
        const timedOut = new Promise((resolve, reject) => {
            timer = setTimeout(() => {
                controller?.abort();
                reject(new StreamGuardError(0, 'network_error', `no answer within ${this.timeout} ms`));
            }, this.timeout);
        });
        return Promise.race([this.#call(type, body, controller?.signal), timedOut]).finally(() => clearTimeout(timer));
    }

    async #call(type, body, signal) {
        let response;
        try {
            response = await this.fetch(this.baseUrl + PATHS[type], {
                signal,
                method: 'POST',
                headers: {
                    Authorization: `Bearer ${this.apiKey}`,
                    'Content-Type': 'application/json',
                    Accept: 'application/json, application/problem+json',
                },
                body: JSON.stringify(body),
            });
        } catch (e) {
            throw new StreamGuardError(0, 'network_error', String(e?.message ?? e));
        }
        let json = null;
        try {
            json = await response.json();
        } catch {
            // a proxy's HTML error page, or an answer cut off: the status says enough
        }
        if (response.ok) {
            if (json === null) {
                throw new StreamGuardError(0, 'network_error', `unreadable answer (status ${response.status})`);
            }
            return json;
        }
        const retryAfter = Number.parseFloat(response.headers.get('Retry-After') ?? '');
        throw new StreamGuardError(
            response.status,
            json?.code ?? (response.status >= 500 ? 'unavailable' : 'http_' + response.status),
            json?.detail ?? response.statusText,
            { position: json?.position, retryAfter: Number.isNaN(retryAfter) ? undefined : retryAfter });
    }

    close() {}
}

/**
 * One WebSocket (`/v1/stream/ws`, subprotocols `streamguard.v1` and `bearer.<key>`: a browser cannot set headers
 * on a socket, and a key in the URL would end up in logs). Frames are answered in order, matched by `id`.
 */
class SocketTransport {
    name = 'socket';

    #socket;
    #pending = new Map();
    #nextId = 0;
    #onClose;
    closed = false;

    #timeout;

    constructor(socket, onClose, timeout) {
        this.#socket = socket;
        this.#onClose = onClose;
        this.#timeout = timeout;
        socket.addEventListener('message', (event) => this.#receive(event.data));
        socket.addEventListener('close', () => this.#closed());
        socket.addEventListener('error', () => this.#closed());
    }

    /** Resolves with the transport once the socket is open, or with null when it fails to open in time. */
    static open(baseUrl, apiKey, onClose, timeout) {
        const WebSocketClass = globalThis.WebSocket;
        if (typeof WebSocketClass !== 'function') {
            return Promise.resolve(null); // node 20 has no WebSocket
        }
        let url;
        try {
            url = new URL(baseUrl.replace(/\/+$/, '') + '/v1/stream/ws', globalThis.location?.href);
        } catch {
            return Promise.resolve(null);
        }
        url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
        return new Promise((resolve) => {
            let socket;
            try {
                socket = new WebSocketClass(url.href, ['streamguard.v1', `bearer.${apiKey}`]);
            } catch {
                resolve(null);
                return;
            }
            const timer = setTimeout(() => {
                socket.close();
                resolve(null);
            }, SOCKET_OPEN_TIMEOUT_MS);
            socket.addEventListener('open', () => {
                clearTimeout(timer);
                resolve(new SocketTransport(socket, onClose, timeout));
            }, { once: true });
            // a refused handshake shows as a close with code 1006, nothing more
            socket.addEventListener('close', () => {
                clearTimeout(timer);
                resolve(null);
            }, { once: true });
        });
    }

    call(type, body) {
        if (this.closed) {
            return Promise.reject(new StreamGuardError(0, 'network_error', 'the socket is closed'));
        }
        const id = String(++this.#nextId);
        return new Promise((resolve, reject) => {
            // an answer that does not come in time counts as lost; if it comes later, it is ignored
            const timer = setTimeout(() => {
                this.#pending.delete(id);
                reject(new StreamGuardError(0, 'network_error', `no answer within ${this.#timeout} ms`));
            }, this.#timeout);
            const settle = (f) => (value) => {
                clearTimeout(timer);
                f(value);
            };
            this.#pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
            try {
                this.#socket.send(JSON.stringify({ type, id, ...body }));
            } catch (e) {
                this.#pending.delete(id);
                clearTimeout(timer);
                reject(new StreamGuardError(0, 'network_error', String(e?.message ?? e)));
            }
        });
    }

    #receive(data) {
        let frame;
        try {
            frame = JSON.parse(data);
        } catch {
            return;
        }
        const pending = frame.id == null ? undefined : this.#pending.get(frame.id);
        if (pending === undefined) {
            return; // pushed frames (expired, rules, later kinds) are hints this SDK does not need
        }
        this.#pending.delete(frame.id);
        if (frame.type === 'error') {
            pending.reject(new StreamGuardError(frame.status, frame.code, frame.detail, {
                position: frame.position,
                retryAfter: frame.retryAfterSeconds,
            }));
        } else {
            pending.resolve(frame);
        }
    }

    #closed() {
        if (this.closed) {
            return;
        }
        this.closed = true;
        for (const { reject } of this.#pending.values()) {
            reject(new StreamGuardError(0, 'network_error', 'the socket closed'));
        }
        this.#pending.clear();
        this.#onClose(this);
    }

    close() {
        this.closed = true;
        this.#socket.close(1000);
        for (const { reject } of this.#pending.values()) {
            reject(new StreamGuardError(0, 'network_error', 'the socket was closed by the client'));
        }
        this.#pending.clear();
    }
}

// ---------------------------------------------------------------------------------------------------------------

/** The client: one per page (or extension), holding the transport and the compiled client rule set. */
export class StreamGuard {
    #options;
    #http;
    #mode;
    #socket = null;
    #socketOpening = null;
    #rules = new RuleSetCache();
    #streams = new Set();
    #closed = false;

    static connect(options) {
        return new StreamGuard(options);
    }

    constructor(options) {
        if (!options || typeof options.apiKey !== 'string' || options.apiKey === '') {
            throw new TypeError('StreamGuard.connect needs an apiKey');
        }
        this.#options = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
        if (!['auto', 'http', 'socket'].includes(this.#options.transport)) {
            throw new TypeError(`transport is 'auto', 'http' or 'socket', not ${this.#options.transport}`);
        }
        if (!['server', 'local', 'none'].includes(this.#options.holdBack)) {
            throw new TypeError(`holdBack is 'server', 'local' or 'none', not ${this.#options.holdBack}`);
        }
        for (const name of ['interval', 'maxRetryDelay', 'requestTimeout', 'finishTimeout']) {
            const value = this.#options[name];
            if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
                throw new TypeError(`${name} is a positive number of milliseconds, not ${String(value)}`);
            }
        }
        if (typeof this.#options.baseUrl !== 'string') {
            throw new TypeError(`baseUrl is a string, not ${String(this.#options.baseUrl)}`);
        }
        const fetchFn = this.#options.fetch ?? globalThis.fetch?.bind(globalThis);
        if (typeof fetchFn !== 'function') {
            throw new TypeError('no fetch: pass options.fetch');
        }
        this.#http = new HttpTransport(this.#options.baseUrl, this.#options.apiKey, fetchFn,
                                       this.#options.requestTimeout);
        this.#mode = this.#options.transport;
        if (this.#mode === 'auto' && typeof globalThis.WebSocket !== 'function') {
            this.#mode = 'http';
        }
    }

    /** Starts a stream for one answer; resolves once the server has it (nothing can be pushed before). */
    async start(context) {
        if (this.#closed) {
            throw new Error('this StreamGuard is closed');
        }
        const { answer, transport } = await this.callStart(context);
        const { rules, dropped } = this.#rules.rulesFor(answer);
        const stream = new GuardedStream(this, answer, rules, this.#options, transport.name, dropped, context);
        if (this.#closed) {
            stream.abandon(); // closed while starting: the stream is checked locally only, and expires
        } else {
            this.#streams.add(stream);
        }
        return stream;
    }

    /** @internal `POST /v1/stream/start` with its retries; answers `{answer, transport}` */
    async callStart(context) {
        const cachedVersion = this.#rules.version;
        let body = cachedVersion === undefined ? { context } : { context, clientRuleSetVersion: cachedVersion };
        let answer;
        let transport;
        // every try and every wait of a start ends by the deadline: then it rejects with `timeout`
        const deadline = now() + this.#options.finishTimeout;
        for (let attempt = 0; ; attempt++) {
            try {
                transport = await beforeDeadline(this.transport(), deadline, 'start');
                answer = await beforeDeadline(transport.call('start', body), deadline, 'start');
                break;
            } catch (e) {
                if (e.status === 400 && 'clientRuleSetVersion' in body) {
                    body = { context }; // a node that predates clientRuleSet (a cluster being upgraded)
                    continue;
                }
                if (!(e instanceof StreamGuardError) || !retryable(e) || e.code === 'timeout' || e.code === 'closed'
                        || attempt + 1 >= START_ATTEMPTS) {
                    throw e;
                }
                const delay = retryDelay(e, attempt, this.#options.maxRetryDelay);
                if (now() + delay >= deadline) {
                    throw timeoutError('start');
                }
                await sleep(delay);
            }
        }
        return { answer, transport };
    }

    /** Ends the socket and the streams' timers; streams not finished are left to expire (and are audited so). */
    close() {
        this.#closed = true;
        for (const stream of this.#streams) {
            stream.abandon();
        }
        this.#streams.clear();
        this.#socket?.close();
        this.#socket = null;
    }

    /** @internal the transport for the next call: the socket while it serves, else HTTP */
    async transport() {
        if (this.#closed) {
            throw new StreamGuardError(0, 'closed', 'this StreamGuard is closed');
        }
        if (this.#mode === 'http') {
            return this.#http;
        }
        if (this.#socket !== null && !this.#socket.closed) {
            return this.#socket;
        }
        this.#socketOpening ??= SocketTransport.open(this.#options.baseUrl, this.#options.apiKey, (closed) => {
            if (this.#socket === closed) {
                this.#socket = null;
                if (this.#mode === 'auto') {
                    this.#mode = 'http'; // the streams live in the cluster: HTTP continues them
                }
            }
        }, this.#options.requestTimeout).then((socket) => {
            this.#socketOpening = null;
            if (this.#closed) {
                socket?.close();
                return null;
            }
            this.#socket = socket;
            return socket;
        });
        const socket = await this.#socketOpening;
        if (socket !== null) {
            return socket;
        }
        if (this.#mode === 'auto') {
            this.#mode = 'http';
            return this.#http;
        }
        throw new StreamGuardError(0, 'network_error', 'the socket did not open');
    }

    /** @internal */
    forget(stream) {
        this.#streams.delete(stream);
    }

    /** @internal the start answer's client rules, from the cache of compiled rule sets */
    rulesFor(answer) {
        return this.#rules.rulesFor(answer);
    }
}

/**
 * One answer being checked. `push` is synchronous (the local scan); server updates run behind it, at most one in
 * flight, coalesced by time and sentence ends, and recovered after conflicts, rate limits and network errors.
 */
class GuardedStream {
    #guard;
    #context;
    #options;
    #rules;
    #scan;
    #listeners = new Map();

    #text = '';
    /** `#text` as sent (see `wellFormed`): the server's text is compared with this one. */
    #wire = '';
    #localViolations = new Map();
    #localSafe = 0;
    #localAction = 'allow';

    /** What the server has checked (null: unknown, after a conflict that did not match our text). */
    #serverText = '';
    #serverViolations = new Map();
    #serverSafe = 0;
    #serverAction = null;
    /**
     * Texts sent since the last answer that arrived: after a lost answer the server holds one of them (or
     * `#serverText`), and a `409` is read against all of them.
     */
    #unacknowledged = [];
    /**
     * Once an answer may have been lost, the violations it reported are never reported again (the server reports a
     * violation once, when it becomes certain): the server's safe offset the page uses stays at the last one that
     * arrived before the loss, until the finish lists every violation.
     */
    #serverSafeCap = Infinity;
    #reported = new Set();
    #visible = 0;

    #busy = false; // an update in flight, or waiting to be retried
    #timer = null;
    #pendingSince = null;
    #lastSendAt = -Infinity;
    /** When the page last pushed (or the stream started): keep-alives stop a whole idle timeout after it. */
    #lastPushAt = -Infinity;
    #attempt = 0;
    #finishing = null;
    #finished = false;
    #dead = false;
    /** A push beyond `limits.maxContentChars` was refused: updates stop, the finish sends that many chars. */
    #tooLarge = false;
    #restarts = 0;
    #idle = [];
    /** Resolvers of the waits for a retry: a finish cuts them short, it carries the whole text. */
    #retryWaits = [];

    #stats = { updates: 0, retries: 0, conflicts: 0, rateLimited: 0, networkErrors: 0, transport: 'http' };

    constructor(guard, answer, rules, options, transportName, dropped = [], context = undefined) {
        this.#guard = guard;
        this.#context = context;
        this.#options = options;
        this.#rules = rules;
        this.#scan = rules.newScan();
        this.streamId = answer.streamId;
        this.ruleSetVersion = answer.ruleSetVersion;
        this.expiresAt = answer.expiresAt;
        this.limits = answer.limits;
        this.#stats.transport = transportName;
        // The start counts as the stream's first call: the first update waits an interval after it too, so a
        // stream of duration D makes at most D / interval updates besides its start and its finish.
        this.#lastSendAt = now();
        this.#lastPushAt = this.#lastSendAt;
        this.#keepAlive();
        if (dropped.length > 0) {
            // after start resolved, so that the page's listeners hear it
            setTimeout(() => {
                for (const d of dropped) {
                    this.#emit('error', { status: 0, code: 'rule_not_compiled', ruleId: d.ruleId,
                                          detail: d.detail, recovered: true });
                }
            }, 0);
        }
    }

    get text() {
        return this.#text;
    }

    get visibleLength() {
        return this.#visible;
    }

    get visibleText() {
        return this.#text.slice(0, this.#visible);
    }

    get action() {
        return mostSevere(this.#localAction, this.#serverAction ?? 'allow');
    }

    get violations() {
        return mergeViolations([...this.#localViolations.values()], [...this.#serverViolations.values()]);
    }

    get stats() {
        return { ...this.#stats };
    }

    on(event, listener) {
        let set = this.#listeners.get(event);
        if (set === undefined) {
            set = new Set();
            this.#listeners.set(event, set);
        }
        set.add(listener);
        return () => set.delete(listener);
    }

    push(textSoFar) {
        if (typeof textSoFar !== 'string') {
            throw new TypeError('push takes the whole text so far, as a string');
        }
        if (this.#finishing !== null) {
            throw new Error('the stream is finished (or finishing): start a new one');
        }
        this.#lastPushAt = now();
        this.#text = textSoFar;
        this.#wire = wellFormed(textSoFar, false);
        const update = JSON.parse(this.#scan.push(textSoFar));
        const fresh = this.#applyLocal(update);
        this.#localSafe = update.safeOffset;
        this.#refreshVisible();
        if (!this.#dead) {
            this.#pendingSince ??= now();
            this.#schedule();
        }
        return { action: this.#localAction, newViolations: fresh, visibleLength: this.#visible };
    }

    finish(finalText) {
        if (this.#finishing !== null && finalText !== undefined && finalText !== this.#text) {
            return Promise.reject(new Error('finish was already called with another text: the first finish wins'));
        }
        if (this.#finishing === null) {
            if (finalText !== undefined) {
                this.push(finalText);
            }
            this.#finishing = this.#finish();
        }
        return this.#finishing;
    }

    /** @internal stop timers and retries; the server keeps the stream until it expires */
    abandon() {
        this.#dead = true;
        clearTimeout(this.#timer);
        this.#timer = null;
    }

    // --- local ---------------------------------------------------------------------------------------------------

    /** Applies an engine answer (`{newViolations, withdrawn, revised, safeOffset, action}`); returns the new ones. */
    #applyLocal(update) {
        for (const v of update.withdrawn) {
            this.#localViolations.delete(violationKey(v));
        }
        const fresh = [];
        for (const r of update.revised) {
            this.#localViolations.delete(violationKey(r.previous));
            const current = this.#rules.violation(r.current, 'local');
            this.#localViolations.set(violationKey(current), current);
            if (this.#isNew(current)) {
                fresh.push(current);
            }
        }
        for (const v of update.newViolations) {
            const violation = this.#rules.violation(v, 'local');
            this.#localViolations.set(violationKey(violation), violation);
            if (this.#isNew(violation)) {
                fresh.push(violation);
            }
        }
        for (const v of fresh) {
            this.#emit('violation', v);
        }
        if (update.action !== this.#localAction) {
            this.#localAction = update.action;
            this.#emit('verdict', { source: 'local', action: update.action });
        }
        return fresh;
    }

    /** A rule's span is reported once, whichever side finds it first. */
    #isNew(v) {
        const key = violationKey(v);
        if (this.#reported.has(key)) {
            return false;
        }
        this.#reported.add(key);
        return true;
    }

    #refreshVisible() {
        const length = this.#text.length;
        let visible;
        if (this.#finished) {
            // the node audits at most limits.maxContentChars: in server mode the rest is never shown
            visible = this.#options.holdBack === 'server' ? Math.min(length, this.#serverSafe) : length;
        } else if (this.#options.holdBack === 'none') {
            visible = length;
        } else if (this.#options.holdBack === 'local') {
            visible = this.#localSafe;
        } else {
            visible = Math.min(this.#localSafe, this.#serverSafeHere());
        }
        visible = Math.min(visible, length);
        if (visible !== this.#visible) {
            this.#visible = visible;
            this.#emit('safeOffset', { local: this.#localSafe, server: this.#serverSafeHere(), visible });
        }
    }

    /** The server's safe offset, as far as the server's text still agrees with the current text. */
    #serverSafeHere() {
        if (this.#serverText === null) {
            return 0;
        }
        if (this.#finished) {
            return Math.min(this.#serverSafe, commonPrefixLength(this.#serverText, this.#wire));
        }
        return Math.min(this.#serverSafe, this.#serverSafeCap, commonPrefixLength(this.#serverText, this.#wire));
    }

    // --- server --------------------------------------------------------------------------------------------------

    /** Arms the timer for the next update: `interval` after the last one, sooner for a sentence end. */
    #schedule() {
        if (this.#busy || this.#dead || this.#finishing !== null) {
            return;
        }
        if (this.#wire === this.#serverText) {
            this.#keepAlive();
            return;
        }
        const interval = this.#options.interval;
        const t = now();
        const earliest = this.#lastSendAt + interval;
        const due = Math.max(earliest, endsSentence(this.#text) ? t : (this.#pendingSince ?? t) + interval);
        if (due <= t) {
            this.#sendUpdate();
            return;
        }
        clearTimeout(this.#timer);
        this.#timer = unref(setTimeout(() => {
            this.#timer = null;
            this.#schedule();
        }, due - t));
    }

    /**
     * Nothing to send: once nothing was sent for half of `limits.idleTimeoutSeconds` (a page paused, a slow model),
     * an empty delta at the server's position keeps the stream from expiring, but only while the page still pushes:
     * a whole idle timeout without a push and the stream is left to expire (and be audited), as a stream the page
     * forgot must not hold one of the client's open streams for ever. The timer does not keep node alive.
     */
    #keepAlive() {
        clearTimeout(this.#timer);
        this.#timer = null;
        const idle = this.limits?.idleTimeoutSeconds;
        if (!Number.isFinite(idle) || idle <= 0 || this.#serverText === null) {
            return;
        }
        const at = Math.max(now(), this.#lastSendAt + idle * 500);
        if (at - this.#lastPushAt >= idle * 1000) {
            return; // the page stopped pushing: a push arms it again (a stream that expired meanwhile is restarted)
        }
        this.#timer = unref(setTimeout(() => {
            this.#timer = null;
            if (this.#busy || this.#dead || this.#finishing !== null) {
                return;
            }
            if (this.#wire === this.#serverText) {
                this.#sendUpdate();
            } else {
                this.#schedule();
            }
        }, Math.min(Math.max(0, at - now()), MAX_TIMER_MS)));
    }

    async #sendUpdate() {
        clearTimeout(this.#timer);
        this.#timer = null;
        this.#busy = true;
        this.#lastSendAt = now();
        this.#pendingSince = null;
        const text = this.#wire;
        const body = updateBody(this.streamId, this.#serverText, text);
        this.#unacknowledged.push(text);
        this.#stats.updates++;
        try {
            const transport = await this.#guard.transport();
            this.#stats.transport = transport.name;
            const answer = await transport.call('update', body);
            this.#attempt = 0;
            this.#applyServer(answer, text);
        } catch (e) {
            await this.#recover(e);
        } finally {
            this.#busy = false;
        }
        this.#wake();
        if (!this.#dead && this.#finishing === null) {
            if (this.#wire !== this.#serverText) {
                this.#pendingSince ??= now();
            }
            this.#schedule();
        }
    }

    /** After a failed update: decides what the server has, waits as the error asks; the caller then resends. */
    async #recover(e) {
        if (!(e instanceof StreamGuardError)) {
            this.#emit('error', { status: 0, code: 'client_error', detail: String(e?.message ?? e), recovered: false });
            this.#dead = true;
            return;
        }
        if (e.status === 409 && e.code === 'position_mismatch' && Number.isInteger(e.position)) {
            this.#stats.conflicts++;
            // An earlier answer was lost: its violations are uncertain from here on.
            this.#answerMayBeLost();
            this.#serverText = serverTextAfterConflict(
                e.position, this.#wire, this.#serverText, this.#unacknowledged);
            this.#unacknowledged = [];
            this.#refreshVisible();
            this.#stats.retries++;
            this.#emit('error', errorEvent(e, true));
            return; // resent when the interval allows
        }
        if (e.status === 0 && e.code === 'closed') {
            this.#dead = true;
            return;
        }
        if (e.status === 404 && e.code === 'stream_not_found') {
            await this.#restart(e);
            return;
        }
        if (e.status === 413) {
            this.#tooLarge = true;
            this.#emit('error', errorEvent(e, false));
            this.#dead = true;
            return;
        }
        if (!retryable(e)) {
            this.#emit('error', errorEvent(e, false));
            this.#dead = true;
            return;
        }
        if (e.status === 429) {
            this.#stats.rateLimited++;
        } else {
            // the server may have taken the update and its answer got lost
            this.#stats.networkErrors++;
            this.#answerMayBeLost();
        }
        this.#stats.retries++;
        this.#emit('error', errorEvent(e, true));
        if (this.#finishing !== null) {
            return; // a finish called while this update was in flight does not wait for its retry
        }
        const delay = retryDelay(e, this.#attempt++, this.#options.maxRetryDelay);
        await Promise.race([sleep(delay, true), new Promise((resolve) => this.#retryWaits.push(resolve))]);
    }

    /**
     * The stream is gone (the node restarted, or it expired while the page paused); its expiry audit row holds what
     * it had. A new stream with the same context takes the whole text (the content form), so the audit of the
     * finish holds everything; `streamId` changes.
     */
    async #restart(e) {
        if (this.#context === undefined || this.#restarts >= 3) {
            this.#emit('error', errorEvent(e, false));
            this.#dead = true;
            return false;
        }
        this.#restarts++;
        let started;
        try {
            started = await this.#guard.callStart(this.#context);
        } catch (failed) {
            this.#emit('error', errorEvent(e, false));
            this.#dead = true;
            return false;
        }
        const answer = started.answer;
        this.streamId = answer.streamId;
        this.expiresAt = answer.expiresAt;
        this.limits = answer.limits;
        this.#serverText = null;
        this.#unacknowledged = [];
        this.#serverViolations = new Map();
        this.#serverSafe = 0;
        this.#serverSafeCap = Infinity; // the new stream reports every violation of the whole text
        this.#lastSendAt = -Infinity;
        this.#refreshVisible();
        this.#emit('error', { ...errorEvent(e, true), streamId: answer.streamId });
        return true;
    }

    #answerMayBeLost() {
        this.#serverSafeCap = Math.min(this.#serverSafeCap, this.#serverSafe);
    }

    /** Applies an update or finish answer for `sent` (the text the request made the server have). */
    #applyServer(answer, sent) {
        this.#serverText = sent;
        this.#unacknowledged = [];
        for (const v of answer.withdrawnViolations ?? []) {
            this.#serverViolations.delete(violationKey(v));
        }
        const fresh = [];
        for (const r of answer.revisedViolations ?? []) {
            if (r.previous) {
                this.#serverViolations.delete(violationKey({ ruleId: r.ruleId, ...r.previous }));
            }
            fresh.push(serverViolation(r));
        }
        for (const v of answer.deltaViolations ?? []) {
            fresh.push(serverViolation(v));
        }
        for (const v of fresh) {
            this.#serverViolations.set(violationKey(v), v);
        }
        for (const v of fresh) {
            if (this.#isNew(v)) {
                this.#emit('violation', v);
            }
        }
        if (answer.action !== this.#serverAction) {
            this.#serverAction = answer.action;
            this.#emit('verdict', { source: 'server', action: answer.action });
        }
        if (Number.isInteger(answer.safeOffset)) {
            this.#serverSafe = answer.safeOffset;
        }
        this.#refreshVisible();
    }

    #wake() {
        const waiting = this.#idle;
        this.#idle = [];
        for (const resolve of waiting) {
            resolve();
        }
    }

    async #finish() {
        clearTimeout(this.#timer);
        this.#timer = null;
        // every wait and every try of the finish ends by the deadline: then it rejects with `timeout`, and the
        // stream is left to expire on the server (audited with what it received)
        const deadline = now() + this.#options.finishTimeout;
        // cuts short an update's wait for its retry (one that fails later does not wait): the finish carries the
        // whole text
        for (const resolve of this.#retryWaits.splice(0)) {
            resolve();
        }
        const text = this.#text;
        let answer;
        let sentFinal;
        for (let attempt = 0; ; attempt++) {
            try {
                while (this.#busy) {
                    await beforeDeadline(new Promise((resolve) => this.#idle.push(resolve)), deadline, 'finish');
                }
                const transport = await beforeDeadline(this.#guard.transport(), deadline, 'finish');
                this.#stats.transport = transport.name;
                sentFinal = this.#finalContent(text);
                answer = await beforeDeadline(
                    transport.call('finish', { streamId: this.streamId, finalContent: sentFinal }), deadline, 'finish');
                break;
            } catch (e) {
                if (e instanceof StreamGuardError && e.status === 404 && e.code === 'stream_not_found') {
                    if (await this.#restart(e)) {
                        continue; // the finish takes the whole text to the new stream
                    }
                    this.#guard.forget(this);
                    throw e;
                }
                if (!(e instanceof StreamGuardError) || !retryable(e) || e.code === 'closed' || e.code === 'timeout') {
                    this.#emit('error', e instanceof StreamGuardError ? errorEvent(e, false)
                        : { status: 0, code: 'client_error', detail: String(e?.message ?? e), recovered: false });
                    this.#dead = true;
                    this.#guard.forget(this);
                    throw e;
                }
                if (e.status === 429) {
                    this.#stats.rateLimited++;
                } else {
                    this.#stats.networkErrors++;
                }
                const delay = retryDelay(e, attempt, this.#options.maxRetryDelay);
                if (now() + delay >= deadline) {
                    const late = timeoutError('finish');
                    this.#emit('error', errorEvent(late, false));
                    this.#dead = true;
                    this.#guard.forget(this);
                    throw late;
                }
                this.#stats.retries++;
                this.#emit('error', errorEvent(e, true));
                await sleep(delay);
            }
        }
        this.#dead = true;
        this.#guard.forget(this);
        // the end of the text decides end-anchored patterns locally too
        this.#applyLocal(JSON.parse(this.#scan.finish()));
        this.#localSafe = text.length;
        // the finish answer's list is the message's final one and supersedes every span reported before
        this.#wire = wellFormed(text, true);
        this.#serverText = this.#wire;
        this.#serverViolations = new Map(answer.violations.map((v) => [violationKey(v), serverViolation(v)]));
        for (const v of this.#serverViolations.values()) {
            if (this.#isNew(v)) {
                this.#emit('violation', v);
            }
        }
        if (answer.action !== this.#serverAction) {
            this.#serverAction = answer.action;
            this.#emit('verdict', { source: 'server', action: answer.action });
        }
        this.#serverSafe = sentFinal.length < this.#wire.length ? sentFinal.length : text.length;
        this.#finished = true;
        this.#refreshVisible();
        const result = {
            action: answer.action,
            violations: answer.violations.map(serverViolation),
            auditId: answer.auditId,
        };
        this.#emit('finished', result);
        return result;
    }

    /** The finish's text: well-formed, and no longer than the node takes (what goes beyond is not audited). */
    #finalContent(text) {
        const max = this.limits?.maxContentChars;
        const wire = wellFormed(text, true);
        return Number.isInteger(max) && max >= 0 && wire.length > max ? wellFormed(wire.slice(0, max), true) : wire;
    }

    #emit(event, payload) {
        const listeners = this.#listeners.get(event);
        if (listeners === undefined) {
            return;
        }
        for (const listener of [...listeners]) {
            try {
                listener(payload);
            } catch (e) {
                // a listener's bug must not break the stream; report it where the page sees uncaught errors
                queueMicrotask(() => {
                    throw e;
                });
            }
        }
    }
}
