/**
 * Wrapping of the CLI's text output to the terminal's width (80 columns when stdout is not a terminal). Prose lines
 * break at spaces with a hanging indent: under the text after a bullet (`- `, `! `, `→ `), under the column a table
 * row broke in, or under a finding's severity. Diffs are never wrapped (a wrapped diff line is a different change),
 * and a token longer than the width (a URL, a path) stays whole on its own line. Machine formats (JSON, SARIF,
 * Markdown) never come here.
 */

// eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
const ANSI = /\x1b\[[0-9;]*m/g;

/** Visible width of a string (ANSI colour codes take no column). */
export function visibleLength(s: string): number {
  return [...s.replace(ANSI, '')].length;
}

/** Where a line's continuation starts: under the text after a bullet, a finding's severity, or a table column. */
function hangingIndent(line: string, breakAt: number, width: number): number {
  const lead = /^\s*/.exec(line)![0].length;
  const bullet = /^\s*(?:[-!→✓✗•+*]|\d+\.)\s+/.exec(line);
  if (bullet) return bullet[0].length;
  // A finding: `  12:5    warning  rule-id  message`: continue under the severity (where fix/suggestion lines sit).
  const finding = /^(\s+\d+:\d+\s+)(?:error|warning|info)\b/.exec(line);
  if (finding) return finding[1]!.length;
  // A table row: under the column the break falls in (the text after the last run of 2+ spaces before it).
  let col = -1;
  for (const m of line.slice(0, breakAt).matchAll(/\S {2,}(?=\S)/g)) col = m.index + m[0].length;
  if (col > lead && col <= width - 24) return col;
  return Math.min(lead + 4, Math.floor(width / 2));
}

/** One line wrapped to `width` visible columns (ANSI codes kept, never split). */
export function wrapLine(line: string, width: number): string[] {
  if (visibleLength(line) <= width) return [line];
  const plain = line.replace(ANSI, '');
  // Break positions are found on the plain text, then mapped back to the raw string (codes stay where they were).
  const rawIndex: number[] = [];
  for (let i = 0, v = 0; i <= line.length; ) {
    ANSI.lastIndex = i;
    const m = ANSI.exec(line);
    if (m && m.index === i) {
      i += m[0].length;
      continue;
    }
    rawIndex[v++] = i;
    i += line.codePointAt(i)! > 0xffff ? 2 : 1;
  }
  const chars = [...plain];
  const out: string[] = [];
  let start = 0;
  let indent = '';
  while (chars.length - start + indent.length > width) {
    const room = width - indent.length;
    let cut = -1;
    for (let i = start + room; i > start; i--) if (chars[i] === ' ') { cut = i; break; }
    if (cut === -1) {
      // No space within the width: the whole token stays on its line (a URL or a path), broken at the next space.
      const next = chars.indexOf(' ', start + room);
      if (next === -1) break;
      cut = next;
    }
    let end = cut;
    while (end > start && chars[end - 1] === ' ') end--;
    out.push(indent + line.slice(rawIndex[start], rawIndex[end]));
    if (out.length === 1) indent = ' '.repeat(hangingIndent(plain, cut, width));
    start = cut;
    while (chars[start] === ' ') start++;
  }
  out.push(indent + line.slice(rawIndex[start]));
  return out;
}

/** Every line of `text` wrapped to `width`, except diff blocks (from `--- a/…` to the next blank line). */
export function wrapText(text: string, width: number): string {
  if (!Number.isFinite(width) || width < 40) return text;
  let inDiff = false;
  return text.split('\n').map((line) => {
    const plain = line.replace(ANSI, '');
    if (/^\s*--- (?:a\/|\/dev\/null)/.test(plain)) inDiff = true;
    else if (plain.trim() === '') inDiff = false;
    return inDiff ? line : wrapLine(line, width).join('\n');
  }).join('\n');
}
