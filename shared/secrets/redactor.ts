/**
 * Withholds credentials from text leaving Pool Tuner: the known secret values of the workspace (from
 * `collectSecrets` and the secretlint scan) and anything matching a credential pattern. One redactor per request
 * or command; adapters run every outgoing string (and every string inside an outgoing object) through it.
 */
import { SECRET_PATTERNS } from './patterns.ts';
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
    for (const v of values) if (v.length >= MIN_SECRET_CHARS && !this.values.has(v)) {
      this.values.add(v);
      this.re = undefined;
    }
    return this;
  }

  get size(): number {
    return this.values.size;
  }

  /** `text` with every known secret and every credential-shaped substring replaced by the marker. */
  text(text: string): string {
    let out = text;
    if (this.values.size > 0) {
      this.re ??= new RegExp([...this.values].sort((a, b) => b.length - a.length)
        .map((v) => (v.length < WHOLE_WORD_BELOW_CHARS ? `(?<![0-9A-Za-z_])${escapeRe(v)}(?![0-9A-Za-z_])` : escapeRe(v))).join('|'), 'g');
      out = out.replace(this.re, REDACTED);
    }
    for (const p of SECRET_PATTERNS) {
      p.re.lastIndex = 0;
      if (!p.re.test(out)) continue;
      p.re.lastIndex = 0;
      out = out.replace(p.re, (...m: unknown[]) => {
        if (!p.group) return REDACTED;
        const groups = m.slice(1, -2) as (string | undefined)[];
        return groups.map((g, i) => (i + 1 === p.group ? REDACTED : (g ?? ''))).join('');
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
