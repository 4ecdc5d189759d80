/**
 * The README shows what `npm start` ends with (`pool-tuner verify` on the example's record and after.json). That
 * block is the real output of today's build, character for character: a change to the model or the report that
 * moves a figure fails here until the README is updated, so the README never shows numbers the tool no longer prints.
 */
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cleanup, runCli } from '../cli/harness.ts';

after(cleanup);

it("the README's verify transcript is what pool-tuner verify prints today", () => {
  const readme = readFileSync('README.md', 'utf8');
  const command = '$ pool-tuner verify examples --metrics examples/metrics/after.json\n';
  const start = readme.indexOf(command);
  assert.ok(start >= 0, 'the README shows the verify command');
  const shown = readme.slice(start + command.length, readme.indexOf('```', start));
  const r = runCli(['verify', 'examples', '--metrics', 'examples/metrics/after.json'], path.resolve('.'));
  assert.equal(r.code, 1, 'the example misses its SLO (exit 1)');
  assert.equal(shown, r.stdout);
});
