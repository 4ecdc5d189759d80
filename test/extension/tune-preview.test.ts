/**
 * Tune… in the editor (issue 21): the preview opened with every entry unchecked, so Apply applied nothing, and the
 * low-confidence warning was only in the Output channel. The logic that decides the entries and the notification is
 * tested here on real proposals of the example (tune on examples/ with the recorded metrics).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { previewEntries, tuneNotice } from '../../extension/tune-preview.ts';
import { applyEdits } from '../../shared/config/edits.ts';
import { snapshotViewFromText } from '../../shared/metrics/view.ts';
import { tune } from '../../shared/tune/tune.ts';
import { arrivalSeriesOf } from '../../shared/tune/workload.ts';
import type { Proposal } from '../../shared/tune/schema.ts';
import { loadDir, parser } from '../terraform/load.ts';

describe('Tune… preview and notification', () => {
  let pools: Proposal[];
  let texts: Map<string, string>;
  before(async () => {
    const ws = loadDir('examples', await parser());
    const metrics = snapshotViewFromText(readFileSync('examples/metrics/snapshot.json', 'utf8'), 'snapshot.json', ws);
    pools = tune(ws, { metrics, arrivalSeries: arrivalSeriesOf(metrics) }).pools;
    texts = new Map([...ws.files].map(([f, y]) => [f, y.text]));
  });

  it('every entry is checked, and the entries cover every edit: Apply writes the whole diff', () => {
    const p = pools.find((x) => x.pool === 'orders-worker')!;
    assert.ok(p.edits.length > 0);
    const entries = previewEntries(p);
    assert.ok(entries.every((e) => e.checked === true));
    assert.equal(entries.reduce((n, e) => n + e.edits, 0), p.edits.length);
    // What Apply writes (every entry) is what the diff shows: each file's +/- lines appear in the diff.
    for (const e of entries) {
      const after = applyEdits(texts.get(e.file)!, p.edits.filter((x) => x.file === e.file));
      assert.notEqual(after, texts.get(e.file));
      assert.ok(p.diff.includes(`+++ b/${e.file}`), e.file);
    }
  });

  it('a low-confidence proposal says so first, as a warning, with its warnings in the notification text', () => {
    const p = { ...pools.find((x) => x.pool === 'orders-worker')!, status: 'low-confidence' as const };
    const warnings = ['Simulated without client lease extension: …', 'Low confidence: the model does not reproduce this pool\'s recording (…).'];
    const n = tuneNotice('orders-worker', { ...p, warnings });
    assert.equal(n.severity, 'warning');
    assert.match(n.message, /^Tune orders-worker \(LOW CONFIDENCE: the model does not reproduce the recording\): apply \d+ changes in /);
    // The warnings are in the message itself (a notification shows no detail), low confidence first.
    assert.ok(n.message.indexOf('⚠ Low confidence') > 0 && n.message.indexOf('⚠ Low confidence') < n.message.indexOf('⚠ Simulated'), n.message);
    assert.equal(n.actions[0], 'Apply');
  });

  it('the real proposals: warnings of each are in its notification; none without warnings is a warning', () => {
    for (const p of pools.filter((x) => x.edits.length > 0)) {
      const n = tuneNotice(p.pool, p);
      for (const w of p.warnings) assert.ok(n.message.includes(w), `${p.pool}: ${w}`);
      assert.equal(n.severity, p.warnings.length > 0 || p.status === 'low-confidence' ? 'warning' : 'info');
      for (const e of previewEntries(p)) assert.ok(n.message.includes(e.file));
    }
  });
});
