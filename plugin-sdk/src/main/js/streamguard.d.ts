// Types of streamguard.js, the StreamGuard plugin SDK.

/** The SDK's version (the project version it was built with), e.g. "0.1.0-SNAPSHOT". */
export const version: string;

export type Action = 'allow' | 'warn' | 'block';

/** A rule that matched: `[start, end)` in UTF-16 code units (JavaScript string indices), end exclusive. */
export interface Violation {
    ruleId: string;
    ruleName?: string;
    action: Action;
    start: number;
    end: number;
    /** `local`: found by the engine in the page; `server`: reported by the service. */
    source: 'local' | 'server';
}

/** One client-side rule in the engine's own form, as `clientRuleSet.rules` of a start answer carries it. */
export interface Rule {
    id: string;
    name?: string;
    kind: 'regex' | 'keyword' | 'credit_card' | 'iban' | 'secret';
    pattern?: string;
    flags?: string;
    keywords?: string[];
    caseSensitive?: boolean;
    wholeWord?: boolean;
    /** Default `block`. */
    action?: Action;
}

/** The client-side rule set of a start answer (`clientRuleSet`), versioned like the server's rule set. */
export interface RuleSet {
    version: number;
    rules: Rule[];
}

/** The older `clientRules` object of a start answer, which the engine reads too. */
export interface ClientRules {
    regex?: Array<{ id: string; pattern: string; flags?: string; action?: Action }>;
    keywords?: Array<{ id: string; keywords: string[]; caseSensitive?: boolean; wholeWord?: boolean; action?: Action }>;
}

/** A rule set compiled by the server's own compiler, for local checks. */
export interface LocalRules {
    /** Every violation of a whole text, as `/v1/check` finds them for these rules. */
    check(text: string): Violation[];
    readonly version: number;
}

/**
 * Compiles a rule set (object or JSON text) with the server's engine.
 * @throws Error naming the problems of a rule that does not compile, with the server's own message
 */
export function compile(ruleSet: RuleSet | ClientRules | string): LocalRules;

export interface ConnectOptions {
    /** Where the StreamGuard node is, e.g. "https://guard.example.com". Default '' (the page's own origin). */
    baseUrl?: string;
    /** The plugin's API key. Sent as a header (or a socket subprotocol), never in a URL. */
    apiKey: string;
    /** Default 'auto': the socket when it opens, else HTTP (always HTTP where there is no WebSocket, e.g. node). */
    transport?: 'auto' | 'http' | 'socket';
    /** Coalescing interval in ms, default 250: a stream's calls (its start, its updates) start at least this far apart. */
    interval?: number;
    /** What `visibleLength` follows; default 'server'. */
    holdBack?: 'server' | 'local' | 'none';
    /** The longest wait before a retry in ms, default 5000: caps the backoff and the server's `Retry-After`. */
    maxRetryDelay?: number;
    /** Ms to wait for an answer, default 30000; a call not answered by then counts as lost (and is retried). */
    requestTimeout?: number;
    /**
     * Ms a `start` or a `finish` may take in all, its retries and waits included, default 60000; then it rejects
     * with a `StreamGuardError` (status 0, code `timeout`). A stream whose finish gave up expires on the server,
     * which audits the text it received.
     */
    finishTimeout?: number;
    /** Default `globalThis.fetch`. */
    fetch?: typeof fetch;
}

export interface StreamContext {
    userId: string;
    botId: string;
    sessionId: string;
}

export class StreamGuard {
    static connect(options: ConnectOptions): StreamGuard;
    /**
     * Starts a stream for one answer; resolves once the server has it. Retries network errors, 5xx and 429 a few
     * times, then rejects with a {@link StreamGuardError}.
     */
    start(context: StreamContext): Promise<GuardedStream>;
    /** Ends the socket and every stream's timers and retries; streams not finished are left to expire. */
    close(): void;
}

/** What `push` found locally, at once. */
export interface LocalResult {
    /** The local verdict: the most severe action of the client-side rules so far. */
    action: Action;
    /** Violations first seen in this push. */
    newViolations: Violation[];
    visibleLength: number;
}

/** The server's finish answer: the message's verdict and its one audit entry. */
export interface FinishResult {
    action: Action;
    /** Every violation of the message with its final span, as audited (source 'server'). */
    violations: Violation[];
    auditId: string;
}

export interface StreamStats {
    /** Update requests sent, resends included. */
    updates: number;
    /** Requests sent again after a recovered error (updates and finish). */
    retries: number;
    /** `409 position_mismatch` answers. */
    conflicts: number;
    /** `429` answers. */
    rateLimited: number;
    /** Network failures and 5xx answers. */
    networkErrors: number;
    /** The transport of the last call. */
    transport: 'http' | 'socket';
}

export interface VerdictEvent {
    source: 'local' | 'server';
    action: Action;
}

export interface SafeOffsetEvent {
    local: number;
    server: number;
    visible: number;
}

export interface ErrorEvent {
    /** HTTP status, or 0 for a network failure. */
    status: number;
    code: string;
    detail?: string;
    /** true: the SDK retried (or resent) and carries on; false: the stream gets no more server updates. */
    recovered: boolean;
    /** With `rule_not_compiled`: the rule the local engine dropped (the server still checks it). */
    ruleId?: string | null;
    /** With a recovered `stream_not_found`: the id of the stream the SDK started in its place. */
    streamId?: string;
}

export interface GuardedStream {
    /** Changes when the node no longer knew the stream and the SDK started a new one (an `error` event says so). */
    readonly streamId: string;
    readonly ruleSetVersion: number;
    /**
     * The whole text so far (not a delta), as the page renders it: checked locally at once (events of local
     * violations fire before it returns); the server update is scheduled. Earlier text may be rewritten.
     */
    push(textSoFar: string): LocalResult;
    /**
     * Waits for an update in flight, then sends finish with the whole text (`finalText`, pushed first, if given).
     * Retried like updates, for at most `finishTimeout` (then it rejects with code `timeout`); finish is idempotent
     * (the same auditId). Once called, a finish with another
     * `finalText` rejects: the first finish wins. The node takes at most `limits.maxContentChars`: a longer text is
     * finished (and audited) with that many chars.
     */
    finish(finalText?: string): Promise<FinishResult>;
    /** The last text pushed. */
    readonly text: string;
    /**
     * How much of `text` the page may show now (see `holdBack`); `text.length` once finish resolved (with
     * `holdBack: 'server'`, no more than the finish sent: `limits.maxContentChars`).
     */
    readonly visibleLength: number;
    /** `text.slice(0, visibleLength)`. */
    readonly visibleText: string;
    /** The most severe of the local and the server verdict. */
    readonly action: Action;
    /** The current local and server violations, a rule's span listed once, in text order. */
    readonly violations: Violation[];
    readonly stats: StreamStats;
    on(event: 'verdict', listener: (e: VerdictEvent) => void): () => void;
    on(event: 'violation', listener: (e: Violation) => void): () => void;
    on(event: 'safeOffset', listener: (e: SafeOffsetEvent) => void): () => void;
    on(event: 'error', listener: (e: ErrorEvent) => void): () => void;
    on(event: 'finished', listener: (e: FinishResult) => void): () => void;
}

/** A refusal of the service, or a network failure (status 0). */
export class StreamGuardError extends Error {
    readonly status: number;
    readonly code: string;
    readonly detail?: string;
    /** The server's position, on `409 position_mismatch`. */
    readonly position?: number;
    /** Seconds to wait, on 429 and 503. */
    readonly retryAfter?: number;
}
