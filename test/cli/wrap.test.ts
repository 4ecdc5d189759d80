/**
 * Piped text output fits 80 columns (issue 21: at 100 columns 86 of 403 `npm start` lines overflowed, the longest
 * 722). Allowed past 80: diff lines (file content, never wrapped) and a line that is one unbreakable token (a URL).
 * JSON is never wrapped: the same messages, one per string, as the core's.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { cleanup, runCli } from './harness.ts';

after(cleanup);

const SNAPSHOT = 'examples/metrics/snapshot.json';
const RUNS: string[][] = [
  ['review', 'examples'],
  ['review', 'examples', '--metrics', SNAPSHOT],
  ['tune', 'examples', '--metrics', SNAPSHOT],
  ['cost', 'examples', '--metrics', SNAPSHOT],
  ['verify', 'examples', '--metrics', 'examples/metrics/after.json'],
];

/** Lines past 80 columns that are neither a diff line nor a single token. */
function overflowing(stdout: string): string[] {
  let inDiff = false;
  return stdout.split('\n').filter((line) => {
    if (/^\s*--- a\//.test(line)) inDiff = true;
    else if (line.trim() === '') inDiff = false;
    return !inDiff && [...line].length > 80 && /\S\s+\S/.test(line.trim());
  });
}

describe('text output wraps to 80 columns when piped', () => {
  for (const args of RUNS) {
    it(args.join(' '), () => {
      const r = runCli(args, path.resolve('.'));
      assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
      assert.deepEqual(overflowing(r.stdout), []);
      const long = r.stdout.split('\n').filter((l) => [...l].length > 80);
      // Few exceptions, each a diff line or a URL.
      assert.ok(long.length <= 12, `${long.length} lines past 80:\n${long.join('\n')}`);
    });
  }

  it('review puts position, severity and rule id first', () => {
    const r = runCli(['review', 'examples'], path.resolve('.'));
    assert.match(r.stdout, /^ {2}\d+:\d+ +(error|warning|info) +no-retry-policy {2}Subscription "notify-sub"/m);
  });

  it('JSON is not wrapped: messages whole, as long as they are', () => {
    const r = runCli(['review', 'examples', '--format', 'json'], path.resolve('.'));
    const out = JSON.parse(r.stdout) as { findings: { message: string }[] };
    assert.ok(out.findings.some((f) => f.message.length > 80 && r.stdout.includes(JSON.stringify(f.message))));
    const t = runCli(['tune', 'examples', '--metrics', SNAPSHOT, '--format', 'json'], path.resolve('.'));
    assert.ok(t.stdout.split('\n').some((l) => l.length > 200), 'tune JSON lines were wrapped');
    JSON.parse(t.stdout);
  });
});
