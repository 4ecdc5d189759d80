/** Text output wrapped to the terminal (issue 21): prose breaks at spaces with a hanging indent; diffs never. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { visibleLength, wrapLine, wrapText } from '../../shared/report/wrap.ts';

describe('wrapText', () => {
  it('breaks a bullet under its text and keeps every word', () => {
    const line = `  - concurrency: ${'word '.repeat(30).trim()}`;
    const out = wrapLine(line, 40);
    assert.ok(out.length > 1);
    assert.ok(out.every((l) => l.length <= 40), out.join('\n'));
    assert.ok(out.slice(1).every((l) => l.startsWith('    word')), out.join('\n'));
    assert.equal(out.map((l) => l.trim()).join(' '), line.trim());
  });

  it('a finding continues under its severity, rule id and position first', () => {
    const out = wrapLine(`  12:5    warning  no-retry-policy  ${'lorem ipsum '.repeat(12).trim()}`, 80);
    assert.match(out[0]!, /^ {2}12:5 {4}warning {2}no-retry-policy {2}lorem/);
    assert.ok(out.slice(1).every((l) => /^ {10}\S/.test(l)), out.join('\n'));
  });

  it('leaves diffs whole (from --- a/ to the next blank line) and lines that fit', () => {
    const diff = `  --- a/x.yaml\n  +++ b/x.yaml\n  @@ -1 +1 @@\n  -${'a '.repeat(60)}\n  +${'b '.repeat(60)}\n`;
    const text = `short line\n${diff}\n  after ${'c '.repeat(60)}`;
    const out = wrapText(text, 80);
    assert.ok(out.includes(diff), 'the diff was changed');
    assert.ok(out.split('\n').filter((l) => l.includes('c c')).every((l) => l.length <= 80));
    assert.ok(out.startsWith('short line\n'));
  });

  it('an unbreakable token (a URL) stays whole on its own line', () => {
    const url = `https://example.com/${'x'.repeat(90)}`;
    const out = wrapLine(`  see ${url} for more`, 80);
    assert.deepEqual(out, ['  see', `      ${url}`, '      for more']);
  });

  it('colour codes take no column and are never split', () => {
    const line = `  1:1     \x1b[33mwarning\x1b[0m  \x1b[1mrule-id\x1b[0m  ${'text '.repeat(30).trim()}`;
    const out = wrapLine(line, 60);
    assert.ok(out.every((l) => visibleLength(l) <= 60), out.map((l) => visibleLength(l)).join());
    assert.equal(out.join(' ').replace(/\s+/g, ' '), line.replace(/\s+/g, ' '));
  });
});
