// The demo page: plays an LLM answer token by token through the SDK into a chat bubble that shows only what the
// hold-back allows, with blocked spans masked and warnings highlighted. window.streamGuardDemo is what the browser
// tests drive.

import { StreamGuard, version } from './streamguard.js';

const $ = (id) => document.getElementById(id);

const MASK = '█';

const LOG_LIMIT = 300;

const snapshots = [];

let playing = false;

window.streamGuardDemo = { play, snapshots };

$('sdk-version').textContent = `SDK ${version}`;
$('play').addEventListener('click', () => {
    play().catch(() => {
        // already in the log
    });
});

/** LLM-like tokens: up to four chars of a word with the spaces before it; they concatenate to the answer. */
function tokens(answer) {
    return answer.match(/\s*\S{1,4}|\s+/gu) ?? [];
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Plays `answer` (default: the page's fields) and resolves with the finish answer, the stream's stats and the
 * bubble's text after each render.
 */
async function play(options = {}) {
    if (playing) {
        throw new Error('already playing');
    }
    const apiKey = options.apiKey ?? $('api-key').value.trim();
    const answer = options.answer ?? $('answer').value;
    const delay = Number(options.delay ?? $('delay').value);
    const holdBack = options.holdBack ?? $('hold-back').value;
    const transport = options.transport ?? $('transport').value;
    const interval = options.interval;
    // what a test plays shows in the fields too, so a screenshot tells what was played
    $('answer').value = answer;
    $('delay').value = String(delay);
    $('hold-back').value = holdBack;
    $('transport').value = transport;

    playing = true;
    $('play').disabled = true;
    snapshots.length = 0;
    $('log').replaceChildren();
    setBadge('local-verdict', null);
    setBadge('server-verdict', null);
    const t0 = performance.now();
    const log = (text, kind = '') => addLog(performance.now() - t0, text, kind);
    let guard;
    try {
        if (!apiKey) {
            throw new Error('an API key is needed: an admin creates one in the console (API clients)');
        }
        guard = StreamGuard.connect({ apiKey, holdBack, transport, interval });
        const stream = await guard.start({ userId: 'demo-user', botId: 'sdk-demo', sessionId: sessionId() });
        log(`stream started (rule set ${stream.ruleSetVersion})`);
        const all = tokens(answer);
        let pushed = 0;
        let pushing = false;
        const render = () => {
            renderBubble(stream);
            renderStats(stream, pushed, all.length, performance.now() - t0);
        };
        const renderUnlessPushing = () => {
            if (!pushing) {
                render();
            }
        };
        stream.on('violation', (v) => {
            log(`${v.source}: ${v.ruleName ?? v.ruleId} [${v.start}, ${v.end}) → ${v.action}`, v.action);
            renderUnlessPushing();
        });
        stream.on('verdict', (e) => {
            setBadge(`${e.source}-verdict`, e.action);
            log(`${e.source} verdict: ${e.action}`, e.action);
        });
        stream.on('safeOffset', renderUnlessPushing);
        stream.on('error', (e) => {
            log(`${e.status || 'network'} ${e.code}${e.recovered ? ', recovered' : ''}`, 'error');
            renderUnlessPushing();
        });

        let text = '';
        for (const token of all) {
            text += token;
            pushing = true;
            try {
                stream.push(text);
            } finally {
                pushing = false;
            }
            pushed++;
            render();
            await sleep(delay);
        }
        const finish = await stream.finish();
        setBadge('server-verdict', finish.action);
        log(`finished: ${finish.action}, audit ${finish.auditId}`);
        render();
        return { finish, stats: stream.stats, snapshots: [...snapshots] };
    } catch (e) {
        log(`failed: ${e.message ?? e}`, 'error');
        throw e;
    } finally {
        guard?.close();
        playing = false;
        $('play').disabled = false;
    }
}

/** The visible text, blocked spans masked char for char (offsets stay), warned spans marked. */
function renderBubble(stream) {
    const text = stream.visibleText;
    const level = new Uint8Array(text.length); // 0 plain, 1 warn, 2 block
    for (const v of stream.violations) {
        const l = v.action === 'block' ? 2 : v.action === 'warn' ? 1 : 0;
        for (let i = v.start, end = Math.min(v.end, text.length); i < end; i++) {
            level[i] = Math.max(level[i], l);
        }
    }
    const parts = [];
    let start = 0;
    for (let i = 1; i <= text.length; i++) {
        if (i === text.length || level[i] !== level[start]) {
            const run = text.slice(start, i);
            if (level[start] === 2) {
                const masked = document.createElement('span');
                masked.className = 'masked';
                masked.title = 'blocked';
                masked.textContent = MASK.repeat(run.length);
                parts.push(masked);
            } else if (level[start] === 1) {
                const mark = document.createElement('mark');
                mark.textContent = run;
                parts.push(mark);
            } else {
                parts.push(document.createTextNode(run));
            }
            start = i;
        }
    }
    const bubble = $('bubble');
    bubble.replaceChildren(...parts);
    $('checking').hidden = stream.visibleLength >= stream.text.length;
    snapshots.push(bubble.textContent);
}

function renderStats(stream, pushed, total, ms) {
    const s = stream.stats;
    const rows = [
        ['tokens', `${pushed} / ${total}`],
        ['shown', `${stream.visibleLength} / ${stream.text.length} chars`],
        ['updates', s.updates],
        ['retries', s.retries],
        ['conflicts', s.conflicts],
        ['rate limited', s.rateLimited],
        ['network errors', s.networkErrors],
        ['transport', s.transport],
        ['time', `${(ms / 1000).toFixed(1)} s`],
    ];
    $('stats').replaceChildren(...rows.flatMap(([k, v]) => {
        const dt = document.createElement('dt');
        dt.textContent = k;
        const dd = document.createElement('dd');
        dd.textContent = String(v);
        return [dt, dd];
    }));
}

function setBadge(id, action) {
    const badge = $(id);
    badge.textContent = action ?? '–';
    badge.className = `badge ${action ?? ''}`;
}

function addLog(ms, text, kind) {
    const item = document.createElement('li');
    if (kind) {
        item.className = kind;
    }
    const time = document.createElement('time');
    time.textContent = `${Math.round(ms)} ms`;
    item.append(time, ' ', text);
    const list = $('log');
    list.prepend(item);
    while (list.children.length > LOG_LIMIT) {
        list.lastElementChild.remove();
    }
}

function sessionId() {
    return 'demo-' + Math.random().toString(36).slice(2, 10);
}
