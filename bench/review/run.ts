/**
 * Review speed vs the YAML parser alone, on a generated workspace of 1,000 pools (3,000 documents).
 * Baseline: `yaml`'s parseAllDocuments over the same texts. Measured: load from disk + parseWorkspace + review,
 * i.e. what `pool-tuner review` does before formatting. Target: ratio ≤ 3. Median of several runs each.
 * Usage: npm run bench:review [-- --pools 1000 --runs 7]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { loadSources } from '../../shared/node/files.ts';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { review } from '../../shared/rules/engine.ts';
import { generateWorkspace } from './generate.ts';

const TARGET_RATIO = 3;
const { values } = parseArgs({ options: { pools: { type: 'string', default: '1000' }, runs: { type: 'string', default: '7' } } });
const pools = Number(values.pools);
const runs = Number(values.runs);

/** Collects garbage before each timed section (with --expose-gc) so one phase's garbage is not billed to the next. */
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (fn: () => unknown) => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'pool-tuner-bench-'));
  try {
    const files = generateWorkspace(dir, pools);
    const { sources } = await loadSources([dir], dir);
    const bytes = sources.reduce((n, s) => n + s.text.length, 0);
    if (!(globalThis as { gc?: unknown }).gc) console.log('note: run with node --expose-gc for steadier numbers (npm run bench:review does)');
    console.log(`workspace: ${pools} pools, ${files} files, ${(bytes / 1024 / 1024).toFixed(1)} MB, node ${process.version}`);

    // Warm up both paths (JIT) before measuring.
    for (const s of sources) parseAllDocuments(s.text);
    review(parseWorkspace(sources));

    const bare: number[] = [];
    const load: number[] = [];
    const parse: number[] = [];
    const rules: number[] = [];
    const full: number[] = [];
    let findings = 0;
    for (let r = 0; r < runs; r++) {
      gc();
      bare.push(time(() => {
        for (const s of sources) parseAllDocuments(s.text);
      }));
      gc();
      const t0 = performance.now();
      const loaded = await loadSources([dir], dir);
      const t1 = performance.now();
      const ws = parseWorkspace(loaded.sources);
      const t2 = performance.now();
      findings = review(ws).findings.length;
      const t3 = performance.now();
      load.push(t1 - t0);
      parse.push(t2 - t1);
      rules.push(t3 - t2);
      full.push(t3 - t0);
    }
    const ratio = median(full) / median(bare);
    console.log(`bare yaml parseAllDocuments: ${median(bare).toFixed(0)} ms (median of ${runs})`);
    console.log(`full review:                 ${median(full).toFixed(0)} ms = load ${median(load).toFixed(0)} + parseWorkspace ${median(parse).toFixed(0)} + review ${median(rules).toFixed(0)} (${findings} findings)`);
    console.log(`ratio full/bare: ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}) ${ratio <= TARGET_RATIO ? 'OK' : 'OVER TARGET'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
