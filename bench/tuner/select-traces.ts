/**
 * One-off: picks the benchmark's traces from the Azure Functions 2019 sample and copies those rows into
 * bench/tuner/traces/ (so the benchmark runs from the repo). Deterministic, not hand-picked:
 * - functions with a duration row, p50 ≥ 20 ms and p99 ≤ 120 s (a worker-pool-shaped job), and 3,000–60,000
 *   invocations in the day's busiest 6-hour window (enough traffic to scale, few enough to simulate ~1,500
 *   configurations per trace on 2 cores);
 * - sorted by function hash; the first 12 volatile ones (CV of per-minute counts in the window > 1) and the
 *   first 12 others.
 * Usage: npx tsx bench/tuner/select-traces.ts [/work/shared/data/azure-functions-2019]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { busiestWindow, cvOf } from './traces.ts';

const src = process.argv[2] ?? '/work/shared/data/azure-functions-2019';
const invLines = readFileSync(path.join(src, 'invocations_per_minute.csv'), 'utf8').trim().split('\n');
const durLines = readFileSync(path.join(src, 'durations_ms.csv'), 'utf8').trim().split('\n');
const durByFn = new Map(durLines.slice(1).map((l) => [l.split(',')[0]!, l]));

const eligible = invLines.slice(1).flatMap((line) => {
  const cells = line.split(',');
  const dur = durByFn.get(cells[0]!)?.split(',');
  if (!dur) return [];
  const p50 = Number(dur[10]);
  const p99 = Number(dur[12]);
  if (!(p50 >= 20 && p99 <= 120_000 && p99 >= p50)) return [];
  const counts = cells.slice(3).map(Number);
  const w = busiestWindow(counts, 360);
  const total = w.reduce((a, b) => a + b, 0);
  if (total < 3000 || total > 60_000) return [];
  return [{ fn: cells[0]!, line, dur: durByFn.get(cells[0]!)!, volatile: cvOf(w) > 1 }];
}).sort((a, b) => a.fn.localeCompare(b.fn));

const chosen = [...eligible.filter((e) => e.volatile).slice(0, 12), ...eligible.filter((e) => !e.volatile).slice(0, 12)];
const out = path.join(__dirname, 'traces');
writeFileSync(path.join(out, 'invocations_per_minute.csv'), [invLines[0], ...chosen.map((c) => c.line)].join('\n') + '\n');
writeFileSync(path.join(out, 'durations_ms.csv'), [durLines[0], ...chosen.map((c) => c.dur)].join('\n') + '\n');
process.stdout.write(`${eligible.length} eligible; wrote ${chosen.length} traces (${chosen.filter((c) => c.volatile).length} volatile) to ${out}\n`);
