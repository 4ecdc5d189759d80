/**
 * Snapshot loading speed vs bare JSON.parse, on a generated 7-day × 200-pool snapshot (per-minute series:
 * 3 per pool, 8 + 3 percentiles per subscription, some gaps). Baseline: JSON.parse of the same text. Measured:
 * loadSnapshot (parse + validate every value) + the view + derived figures for every pool, i.e. what
 * `review --metrics` does with the file. Target: ratio ≤ 2. Median of several runs each, interleaved.
 * Usage: npm run bench:metrics [-- --pools 200 --days 7 --runs 5]
 */
import { parseArgs } from 'node:util';
import { loadSnapshot } from '../../shared/metrics/load-snapshot.ts';
import { metricsViewFromSnapshot } from '../../shared/metrics/view.ts';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { SNAPSHOT_SCHEMA_VERSION, type MetricsSnapshot, type Series } from '../../shared/metrics/snapshot-schema.ts';

const TARGET_RATIO = 2;
const { values } = parseArgs({ options: { pools: { type: 'string', default: '200' }, days: { type: 'string', default: '7' }, runs: { type: 'string', default: '5' } } });
const pools = Number(values.pools);
const steps = Number(values.days) * 1440;
const runs = Number(values.runs);

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** mulberry32 (seeded). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A diurnal series with noise and a gap every ~2,000 steps; `digits` decimals (0 for counts). */
function series(r: () => number, base: number, digits: number, max = Infinity): Series {
  const k = 10 ** digits;
  const out: Series = new Array<number | null>(steps);
  for (let i = 0; i < steps; i++) {
    const v = base * (1 + 0.5 * Math.sin((2 * Math.PI * i) / 1440)) * (0.8 + 0.4 * r());
    out[i] = r() < 0.0005 ? null : Math.min(max, Math.round(v * k) / k);
  }
  return out;
}

function generate(): { text: string; yaml: string } {
  const r = rng(42);
  const snap: MetricsSnapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION, source: 'bench', project: 'bench',
    window: { start: '2026-11-14T00:00:00Z', end: new Date(Date.parse('2026-11-14T00:00:00Z') + steps * 60_000).toISOString(), stepSec: 60 },
    pools: {}, subscriptions: {},
  };
  const docs: string[] = [];
  for (let p = 0; p < pools; p++) {
    const rate = 10 + 500 * r();
    snap.pools[`pool-${p}`] = { instanceCount: series(r, 3, 0), cpuUtilization: series(r, 0.4, 3, 1), memoryUtilization: series(r, 0.5, 3, 1) };
    snap.subscriptions[`sub-${p}`] = {
      topic: `topic-${p}`,
      publishedMessagesPerMin: series(r, rate, 0), deliveredMessagesPerMin: series(r, rate * 1.02, 0), ackedMessagesPerMin: series(r, rate, 0),
      nackedMessagesPerMin: series(r, rate * 0.01, 0), expiredAckDeadlinesPerMin: series(r, rate * 0.01, 0), deadLetteredMessagesPerMin: series(r, 0.2, 0),
      backlogMessages: series(r, rate * 0.5, 0), oldestUnackedAgeSec: series(r, 20, 0),
      processingTimeMs: { p50: series(r, 800, 0), p95: series(r, 2500, 0), p99: series(r, 4000, 0) },
    };
    docs.push(`apiVersion: run.googleapis.com/v1\nkind: WorkerPool\nmetadata:\n  name: pool-${p}\nspec:\n  template:\n    spec:\n      containers:\n      - image: x\n        env:\n        - name: SUBSCRIPTION_ID\n          value: sub-${p}\n`);
  }
  return { text: JSON.stringify(snap), yaml: docs.join('---\n') };
}

function main() {
  const { text, yaml } = generate();
  const ws = parseWorkspace([{ path: 'pools.yaml', text: yaml }]);
  console.log(`snapshot: ${pools} pools × ${steps} steps (${values.days} d), ${(text.length / 1024 / 1024).toFixed(1)} MB, node ${process.version}`);
  if (!(globalThis as { gc?: unknown }).gc) console.log('note: run with node --expose-gc for steadier numbers (npm run bench:metrics does)');
  const parseOnly = () => JSON.parse(text) as unknown;
  const full = () => {
    const loaded = loadSnapshot(text);
    if (!loaded.ok) throw new Error(loaded.errors[0]!.message);
    const view = metricsViewFromSnapshot(loaded.snapshot, loaded.lengthSteps, ws, 'bench');
    let n = 0;
    for (const p of ws.pools) if (view.forPool(p.name)?.processingTimeMs) n++;
    if (n !== pools) throw new Error(`derived figures for ${n} of ${pools} pools`);
  };
  parseOnly();
  full();
  const base: number[] = [];
  const measured: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [fn, out] of [[parseOnly, base], [full, measured]] as const) {
      gc();
      const t0 = performance.now();
      fn();
      out.push(performance.now() - t0);
    }
  }
  const b = median(base);
  const m = median(measured);
  console.log(`JSON.parse only:                      ${b.toFixed(0)} ms (median of ${runs})`);
  console.log(`load + validate + derive (all pools): ${m.toFixed(0)} ms (median of ${runs})`);
  console.log(`ratio: ${(m / b).toFixed(2)} (target ≤ ${TARGET_RATIO}) ${m / b <= TARGET_RATIO ? 'OK' : 'OVER TARGET'}`);
}

main();
