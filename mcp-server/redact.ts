/**
 * Secret redaction. Env values that come from `valueFrom` are references and never had a value here; plain
 * values of secret-looking names (*KEY*, *TOKEN*, *PASSWORD*, *SECRET*, …) are replaced by a marker in the
 * config view, and every response is scrubbed of those values as a last line of defence (a diff's context
 * lines, a rule message, a prompt could otherwise carry one).
 */
import type { Workspace } from '../shared/index.ts';

export const REDACTED = '[redacted]';
/** Substrings of an env var name that mark it as holding a secret (matched case-insensitively). */
const SECRET_NAME = /KEY|TOKEN|PASSWORD|PASSWD|SECRET|CREDENTIAL|PRIVATE/i;
/** Values shorter than this are not scrubbed from free text (they would match numbers and words everywhere). */
const MIN_SCRUB_CHARS = 4;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Plain values of secret-looking env vars in a workspace. */
export function secretValues(ws: Workspace): string[] {
  const out: string[] = [];
  for (const wp of ws.workerPools) {
    for (const c of wp.containers) {
      for (const e of c.env) {
        if (!e.fromSecret && e.value !== undefined && isSecretName(e.name) && e.value.length >= MIN_SCRUB_CHARS) out.push(e.value);
      }
    }
  }
  return out;
}

/** A deep copy of `value` with every occurrence of each secret in any string replaced by the marker. */
export function scrub<T>(value: T, secrets: ReadonlySet<string>): T {
  if (secrets.size === 0) return value;
  const list = [...secrets].sort((a, b) => b.length - a.length);
  const clean = (s: string): string => {
    let out = s;
    for (const secret of list) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return clean(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [clean(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}
