/**
 * The tuner on every rule fixture (odd, partial and broken configs): it never throws, its output always
 * validates, and every proposal's edits apply and re-parse without new parse problems — with and without a
 * workload for every pool.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { applyEdits, editsByFile } from '../../shared/config/edits.ts';
import type { MetricsView } from '../../shared/metrics/figures.ts';
import { tune } from '../../shared/tune/tune.ts';
import { TuneOutputSchema } from '../../shared/tune/schema.ts';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) && !n.includes('.fixed.') ? [p] : [];
  });
}

const everyPool: MetricsView & { arrivalsPerMinute(pool: string): number[] } = {
  source: 'robustness',
  forPool: (pool) => ({ pool, windowSec: 1800, stepSec: 60, missing: [], processingTimeMs: { p50: 800, p95: 2500, p99: 4000, mean: 1100, cv: 0.9 }, failureRatio: 0.05 }),
  arrivalsPerMinute: () => Array.from({ length: 30 }, (_, i) => (i % 10 === 0 ? 300 : 30)),
};

describe('tune on every rule fixture', () => {
  const files = yamlFiles(path.join('test', 'fixtures', 'rules'));
  it(`handles ${files.length} fixture files`, () => {
    assert.ok(files.length > 30);
    for (const file of files) {
      const ws = parseWorkspace([{ path: file, text: readFileSync(file, 'utf8') }]);
      for (const options of [{}, { metrics: everyPool, arrivalSeries: (p: string) => everyPool.arrivalsPerMinute(p) }]) {
        const out = tune(ws, options);
        const parsed = TuneOutputSchema.safeParse(JSON.parse(JSON.stringify(out)));
        assert.ok(parsed.success, `${file}: ${parsed.success ? '' : parsed.error.message}`);
        for (const [f, edits] of editsByFile(out.pools.flatMap((p) => p.edits))) {
          const text = ws.files.get(f)!.text;
          const next = applyEdits(text, edits);
          const again = parseWorkspace([{ path: f, text: next }]);
          assert.ok(again.problems.length <= ws.problems.length, `${file}: edits add parse problems: ${again.problems.map((p) => p.message).join('; ')}`);
        }
      }
    }
  });
});
