/**
 * Stable identities for findings across commits (SARIF `partialFingerprints`). The identity is the rule, the
 * file, the pool and the normalised text of the flagged line, never the line number, so inserting lines above
 * a finding does not make it look new (the idea behind GitHub code scanning's `primaryLocationLineHash`).
 */

/** 64-bit FNV-1a over the UTF-16 code units of `text`, as 16 hex digits (FNV: Fowler/Noll/Vo, IETF draft-eastlake-fnv). */
export function fnv1a64(text: string): string {
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}

/**
 * A line's text with indentation, runs of blanks and a trailing YAML comment (` # …` outside quotes) removed,
 * so re-indenting or annotating a line keeps its fingerprint.
 */
export function normaliseLine(line: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      break;
    }
    out += c;
  }
  return out.trim().replace(/\s+/g, ' ');
}

export interface FingerprintInput {
  ruleId: string;
  file: string;
  pool?: string;
  lineText: string;
}

/**
 * Fingerprints for a list of findings, in order. Equal inputs get an occurrence suffix (`:1`, `:2`, …) so two
 * identical findings in one file stay distinct, as GitHub does for its line hashes.
 */
export function fingerprints(inputs: readonly FingerprintInput[]): string[] {
  const seen = new Map<string, number>();
  return inputs.map((f) => {
    const hash = fnv1a64([f.ruleId, f.file, f.pool ?? '', normaliseLine(f.lineText)].join('\u0000'));
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return `${hash}:${n}`;
  });
}
