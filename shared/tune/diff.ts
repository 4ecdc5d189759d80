/**
 * Unified diff of two texts (the `diff -u` / `git diff` format), for proposals shown in the CLI, the MCP server
 * and the extension. Lines are compared whole; the edit script is a longest-common-subsequence alignment of the
 * part between the common prefix and suffix, which for a tuner's few-line edits is tiny (Myers' O(ND) algorithm
 * would matter only for large rewrites, which the edit model never produces).
 *
 * Format (GNU diffutils manual, "Detailed Description of Unified Format"): `--- a/file` / `+++ b/file` headers,
 * hunks `@@ -l,s +l,s @@` with `context` unchanged lines around changes (hunks closer than 2×context merge),
 * a count of 1 written without `,1`, an empty range written as the line before it (`-0,0` for an empty file),
 * and `\ No newline at end of file` after a last line that has no newline.
 */

interface Line {
  text: string;
  /** False only for the file's last line when the file does not end with a newline. */
  eol: boolean;
}

type Op = { kind: ' ' | '-' | '+'; line: Line };

function splitLines(text: string): Line[] {
  if (text === '') return [];
  const parts = text.split('\n');
  const last = parts.pop()!;
  const lines: Line[] = parts.map((t) => ({ text: t, eol: true }));
  if (last !== '') lines.push({ text: last, eol: false });
  return lines;
}

const same = (a: Line, b: Line): boolean => a.text === b.text && a.eol === b.eol;

/**
 * Shortest edit script by the longest common subsequence (dynamic programming over the lines between the
 * common prefix and suffix; deletions are listed before insertions, as `diff` does). Above `MAX_CELLS`
 * the middle is written as removed-then-added: still a correct diff, only not minimal.
 */
const MAX_CELLS = 4_000_000;

function lcsScript(a: readonly Line[], b: readonly Line[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS) return [...a.map((line): Op => ({ kind: '-', line })), ...b.map((line): Op => ({ kind: '+', line }))];
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = same(a[i]!, b[j]!) ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && same(a[i]!, b[j]!)) {
      ops.push({ kind: ' ', line: a[i++]! });
      j++;
    } else if (j >= m || (i < n && lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) {
      ops.push({ kind: '-', line: a[i++]! });
    } else {
      ops.push({ kind: '+', line: b[j++]! });
    }
  }
  return ops;
}

function editScript(a: Line[], b: Line[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && same(a[pre]!, b[pre]!)) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && same(a[a.length - 1 - suf]!, b[b.length - 1 - suf]!)) suf++;
  const mid = lcsScript(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf));
  return [
    ...a.slice(0, pre).map((line): Op => ({ kind: ' ', line })),
    ...mid,
    ...a.slice(a.length - suf).map((line): Op => ({ kind: ' ', line })),
  ];
}

function range(start: number, count: number): string {
  // GNU: an empty range names the line before it; a single line omits the count.
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

export interface UnifiedDiffOptions {
  /** Unchanged lines shown around each change (default 3, as `diff -u`). */
  context?: number;
  /** Header names; default `a/<file>` and `b/<file>`. */
  oldName?: string;
  newName?: string;
}

/**
 * The unified diff turning `oldText` into `newText` for `file`, or '' when they are equal.
 * Applying it with `patch -p1` (or `git apply`) reproduces `newText` byte for byte.
 */
export function unifiedDiff(file: string, oldText: string, newText: string, options: UnifiedDiffOptions = {}): string {
  if (oldText === newText) return '';
  const context = options.context ?? 3;
  const ops = editScript(splitLines(oldText), splitLines(newText));
  const changed = ops.map((o, i) => (o.kind !== ' ' ? i : -1)).filter((i) => i >= 0);
  const out: string[] = [`--- ${options.oldName ?? `a/${file}`}`, `+++ ${options.newName ?? `b/${file}`}`];
  // Group changes whose context windows touch into hunks.
  let g = 0;
  while (g < changed.length) {
    let last = changed[g]!;
    let h = g + 1;
    while (h < changed.length && changed[h]! - last <= 2 * context + 1) last = changed[h++]!;
    const from = Math.max(0, changed[g]! - context);
    const to = Math.min(ops.length, last + context + 1);
    // Line numbers (1-based) of the hunk's first line in each file.
    let oldLine = 1;
    let newLine = 1;
    for (let i = 0; i < from; i++) {
      if (ops[i]!.kind !== '+') oldLine++;
      if (ops[i]!.kind !== '-') newLine++;
    }
    const body: string[] = [];
    let oldCount = 0;
    let newCount = 0;
    for (let i = from; i < to; i++) {
      const o = ops[i]!;
      if (o.kind !== '+') oldCount++;
      if (o.kind !== '-') newCount++;
      body.push(`${o.kind}${o.line.text}`);
      if (!o.line.eol) body.push('\\ No newline at end of file');
    }
    out.push(`@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@`, ...body);
    g = h;
  }
  return `${out.join('\n')}\n`;
}
