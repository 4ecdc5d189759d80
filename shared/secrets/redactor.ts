/**
 * Withholds credentials from text leaving Pool Tuner: the known secret values of the workspace (from
 * `collectSecrets` and the secretlint scan) and anything matching a credential pattern. One redactor per request
 * or command; adapters run every outgoing string (and every string inside an outgoing object) through it.
 */
import { isPlainScalar, SECRET_PATTERNS } from './patterns.ts';
import { MIN_SECRET_CHARS } from './collect.ts';

export const REDACTED = '[redacted]';

/** Values shorter than this are replaced only as whole words (a short password must not eat parts of other words). */
const WHOLE_WORD_BELOW_CHARS = 8;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Redactor {
  private readonly values = new Set<string>();
  private re: RegExp | undefined;

  constructor(values: Iterable<string> = []) {
    this.add(values);
  }

  add(values: Iterable<string>): this {
    for (const v of values) {
      // A number, a boolean or a blank is never replaced as text: it would change figures and JSON elsewhere.
      if (v.length < MIN_SECRET_CHARS || isPlainScalar(v)) continue;
      // As written and as it appears inside a JSON string (quotes, backslashes and newlines escaped).
      for (const form of [v, JSON.stringify(v).slice(1, -1)]) {
        if (form.length >= MIN_SECRET_CHARS && !this.values.has(form)) {
          this.values.add(form);
          this.re = undefined;
        }
      }
    }
    return this;
  }

  get size(): number {
    return this.values.size;
  }

  /**
   * `text` with every known secret and every credential-shaped substring replaced by the marker. A JSON document
   * (an object or array that parses) is redacted value by value and written back with the same indentation, so
   * redaction never changes its syntax, a number or a key that holds no secret.
   */
  text(text: string): string {
    const json = asJson(text);
    if (json) {
      const redacted = this.deep(json.value);
      // Nothing withheld: the text as it was (its own spacing), not a re-serialisation.
      return JSON.stringify(redacted) === JSON.stringify(json.value) ? text : json.write(redacted);
    }
    return this.plain(text);
  }

  private plain(text: string): string {
    let out = text;
    if (this.values.size > 0) {
      this.re ??= new RegExp([...this.values].sort((a, b) => b.length - a.length)
        .map((v) => (v.length < WHOLE_WORD_BELOW_CHARS ? `(?<![0-9A-Za-z_])${escapeRe(v)}(?![0-9A-Za-z_])` : escapeRe(v))).join('|'), 'g');
      out = replaceWhole(out, this.re, () => REDACTED);
    }
    for (const p of SECRET_PATTERNS) {
      p.re.lastIndex = 0;
      if (!p.re.test(out)) continue;
      out = replaceWhole(out, p.re, (m) => {
        if (!p.group) return REDACTED;
        return m.slice(1).map((g, i) => (i + 1 === p.group ? REDACTED : (g ?? ''))).join('');
      });
    }
    return out;
  }

  /** A deep copy of `value` with every string (keys included) redacted. */
  deep<T>(value: T): T {
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.text(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [this.text(k), walk(x)]));
      return v;
    };
    return walk(value) as T;
  }
}

/** `text` parsed as a JSON object or array, with a writer that keeps its indentation; else undefined. */
function asJson(text: string): { value: unknown; write(v: unknown): string } | undefined {
  const body = text.trim();
  if (!((body.startsWith('{') && body.endsWith('}')) || (body.startsWith('[') && body.endsWith(']')))) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  const indent = /^\{|^\[/.test(body) ? /\n([ \t]+)\S/.exec(body)?.[1] ?? '' : '';
  const lead = text.slice(0, text.indexOf(body));
  const trail = text.slice(text.indexOf(body) + body.length);
  return { value, write: (v) => `${lead}${JSON.stringify(v, null, indent || undefined)}${trail}` };
}

/**
 * Replaces each match of `re` by `replace(match)`, widened so that it never cuts an escape sequence (`\n`,
 * `\"`, `\u00e9`) in two: a marker is never left after a lone backslash, nor an escaped character without its
 * backslash (JSON or a YAML double-quoted scalar embedded in other text stays well-formed).
 */
function replaceWhole(text: string, re: RegExp, replace: (m: RegExpExecArray) => string): string {
  re.lastIndex = 0;
  let out = '';
  let last = 0;
  for (const m of text.matchAll(re)) {
    let start = m.index;
    let end = start + m[0].length;
    if (end === start || start < last) continue;
    const before = escapeCovering(text, start);
    if (before && before[0] >= last) start = before[0];
    const after = escapeCovering(text, end);
    if (after) end = after[1];
    out += text.slice(last, start) + replace(m as RegExpExecArray);
    last = end;
  }
  return out + text.slice(last);
}

/** The escape sequence `[start, end)` that strictly contains offset `i` (start < i < end), if any. */
function escapeCovering(text: string, i: number): [number, number] | undefined {
  for (let j = i - 1; j >= Math.max(0, i - 5); j--) {
    if (text[j] !== '\\') continue;
    let run = 0;
    for (let k = j; k >= 0 && text[k] === '\\'; k--) run++;
    if (run % 2 === 0) continue; // an escaped backslash: not the start of an escape
    const len = text[j + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6)) ? 6 : 2;
    if (j + len > i) return [j, j + len];
  }
  return undefined;
}
