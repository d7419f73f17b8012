// How a plugin applies clientRules.keywords as docs/engine.md ("Keywords", "Case folding") describes it.
// Reads {"rules": [...clientRules.keywords], "texts": [...]} on stdin; prints, per text, the violations
// as [ruleId, start, end], sorted by start, then rule id, then end.
'use strict';

const OTHER = 0, NEWLINE = 1, IGNORE = 2, ALNUM = 3, KATAKANA = 4, EXTEND_NUM_LET = 5;

const IGNORABLE = /^[\p{Mn}\p{Me}\p{Mc}\p{Cf}]$/u;
const SPACELESS = /^[\p{Script=Thai}\p{Script=Lao}\p{Script=Myanmar}\p{Script=Khmer}\p{Script=Tai_Le}\p{Script=New_Tai_Lue}\p{Script=Tai_Tham}\p{Script=Tai_Viet}\p{Script=Ahom}]$/u;
const EXTRA_LETTER = [[0x02C2, 0x02C5], [0x02D2, 0x02D7], [0x02DE, 0x02DF], [0x02E5, 0x02EB], [0x02ED, 0x02ED],
  [0x02EF, 0x02FF], [0x055A, 0x055C], [0x055E, 0x055E], [0x058A, 0x058A], [0x05F3, 0x05F3], [0xA708, 0xA716],
  [0xA720, 0xA721], [0xA789, 0xA78A], [0xAB5B, 0xAB5B]];
const KATAKANA_EXTRA = [[0x3031, 0x3035], [0x309B, 0x309C], [0x30A0, 0x30A0], [0x30FC, 0x30FC], [0xFF70, 0xFF70]];

const inRanges = (cp, ranges) => ranges.some(([lo, hi]) => cp >= lo && cp <= hi);

function classOf(cp) {
  const s = String.fromCodePoint(cp);
  if (cp < 128) {
    if (cp === 0x0A || cp === 0x0D || cp === 0x0B || cp === 0x0C) return NEWLINE;
    if (cp === 0x5F) return EXTEND_NUM_LET;
    return /^[A-Za-z0-9]$/.test(s) ? ALNUM : OTHER;
  }
  if (cp === 0x85 || cp === 0x2028 || cp === 0x2029) return NEWLINE;
  if (cp >= 0xD800 && cp <= 0xDFFF) return OTHER;
  if (cp === 0x200B) return OTHER;
  if (IGNORABLE.test(s) || (cp >= 0x1F3FB && cp <= 0x1F3FF) || cp === 0xFF9E || cp === 0xFF9F) return IGNORE;
  if (/^\p{Pc}$/u.test(s) || cp === 0x202F) return EXTEND_NUM_LET;
  if (/^\p{Script=Katakana}$/u.test(s) || inRanges(cp, KATAKANA_EXTRA)) return KATAKANA;
  if (/^\p{Nd}$/u.test(s)) return ALNUM;
  if (/^[\p{Script=Hiragana}\p{Ideographic}]$/u.test(s) || SPACELESS.test(s)) return OTHER;
  if (/^\p{Alphabetic}$/u.test(s) || inRanges(cp, EXTRA_LETTER)) return ALNUM;
  return OTHER;
}

function unitClass(unit) {
  if (unit >= 0xD800 && unit <= 0xDBFF) {
    if (unit <= 0xD83B) return ALNUM;
    return unit === 0xDB40 ? IGNORE : OTHER;
  }
  return classOf(unit);
}

const joins = (a, b) => a >= ALNUM && b >= ALNUM && (a === b || a === EXTEND_NUM_LET || b === EXTEND_NUM_LET);

// the code point ending just before p, and where it starts
function before(text, p) {
  const last = text.charCodeAt(p - 1);
  if (last >= 0xDC00 && last <= 0xDFFF && p >= 2) {
    const high = text.charCodeAt(p - 2);
    if (high >= 0xD800 && high <= 0xDBFF) return [((high - 0xD800) << 10) + (last - 0xDC00) + 0x10000, p - 2];
  }
  return [last, p - 1];
}

function boundary(text, at, after) {
  let p = at, cls;
  do {
    const [cp, from] = before(text, p);
    p = from;
    cls = classOf(cp);
    if (after === IGNORE) return cls === NEWLINE;
  } while (cls === IGNORE && p > 0);
  return cls === IGNORE || !joins(cls, after);
}

function isStart(text, at) {
  if (at === 0) return true;
  return boundary(text, at, classOf(text.codePointAt(at)));
}

function isEnd(text, at) {
  if (at === text.length) return true;
  return boundary(text, at, unitClass(text.charCodeAt(at)));
}

function fold(text, foldMap) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text[i];
    out += foldMap[unit] ?? unit;
  }
  return out;
}

function violations(rules, text) {
  const found = [];
  for (const rule of rules) {
    const haystack = rule.caseSensitive ? text : fold(text, rule.foldMap);
    const needles = rule.caseSensitive ? rule.keywords : rule.folded;
    const spans = new Set();
    for (const needle of needles) {
      for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
        const end = at + needle.length;
        if (rule.wholeWord && !(isStart(text, at) && isEnd(text, end))) continue;
        spans.add(at + ':' + end);
      }
    }
    for (const span of spans) {
      const [start, end] = span.split(':').map(Number);
      found.push([rule.id, start, end]);
    }
  }
  return found.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0) || a[2] - b[2]);
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const { rules, texts } = JSON.parse(input);
  process.stdout.write(JSON.stringify(texts.map(text => violations(rules, text))));
});
