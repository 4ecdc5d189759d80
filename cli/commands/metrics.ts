/**
 * `pool-tuner metrics record|show`: record a snapshot from Cloud Monitoring (progress on stderr), or summarise one
 * per pool with terminal sparklines of arrivals and backlog. The Cloud Monitoring client is loaded only by `record`.
 */
import { print, errOut } from '../output.ts';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Workspace } from '../../shared/config/workspace.ts';
import type { PoolFigures } from '../../shared/metrics/figures.ts';
import type { Series } from '../../shared/metrics/snapshot-schema.ts';
import { subscriptionIdsOf, type SnapshotView } from '../../shared/metrics/view.ts';
import { writeFileAtomic } from '../../shared/node/files.ts';
import { loadWorkspace } from '../load.ts';
import { snapshotFile } from '../metrics-source.ts';
import { parse, UsageError, type Command } from '../usage.ts';

const HELP = `Usage: pool-tuner metrics <record|show> [options] [paths…]

  record --project P [--region R] [--window 7d] --out FILE [paths…]
      Reads Cloud Monitoring (Application Default Credentials; role roles/monitoring.viewer) for the pools and
      subscriptions in the configs and writes a snapshot (docs/metrics-snapshot.md). --window: 30m, 6h, 7d (max 42d).
  show [--metrics FILE] [paths…]
      Per-pool summary of a snapshot (default metrics/snapshot.json) with sparklines of arrivals and backlog.
`;

/** Longest window: Cloud Monitoring keeps these metrics for 6 weeks. */
const MAX_WINDOW_SEC = 42 * 86400;

export function parseWindow(text: string): number {
  const m = /^(\d+)(m|h|d)$/.exec(text.trim());
  const sec = m ? Number(m[1]) * { m: 60, h: 3600, d: 86400 }[m[2] as 'm' | 'h' | 'd'] : NaN;
  if (!(sec >= 60) || sec > MAX_WINDOW_SEC) throw new UsageError(`--window must be like 30m, 6h or 7d, between 1m and 42d (got '${text}')`);
  return sec;
}

export interface LiveRequest {
  project: string;
  region?: string;
  windowSec: number;
  ws: Workspace;
  progress: (message: string) => void;
}

/** Records live metrics for the workspace's pools; returns the snapshot JSON text. */
export async function recordLive(req: LiveRequest): Promise<string> {
  const { CloudMonitoringSource, localEndpointOptions } = await import('../../shared/node/cloud-monitoring.ts');
  const endpoint = process.env['POOL_TUNER_MONITORING_ENDPOINT'];
  const clientOptions = endpoint ? await localEndpointOptions(endpoint) : undefined;
  if (endpoint && !clientOptions) throw new UsageError(`POOL_TUNER_MONITORING_ENDPOINT must be a loopback host:port (got '${endpoint}')`);
  const topics = new Map(req.ws.subscriptions.map((s) => [s.name, s.topic]));
  const subs = [...new Set(req.ws.pools.flatMap(subscriptionIdsOf))].map((id) => ({ id, topic: topics.get(id) }));
  const pools = req.ws.pools.map((p) => p.workerPool?.name ?? p.name);
  if (pools.length === 0) throw new UsageError('no pools found in the given paths: nothing to record');
  req.progress(`recording ${pools.length} pools, ${subs.length} subscriptions from project ${req.project} (window ${req.windowSec / 3600} h)`);
  const source = new CloudMonitoringSource({ clientOptions });
  try {
    const { snapshot, requests } = await source.record({ project: req.project, region: req.region, windowSec: req.windowSec, pools, subscriptions: subs, progress: req.progress });
    const bad = (snapshot.metrics ?? []).filter((m) => m.status !== 'ok');
    req.progress(`${requests} requests; ${bad.length ? bad.map((m) => `${m.metric.split('/').pop()}: ${m.status}${m.message ? ` (${m.message})` : ''}`).join('; ') : 'all metrics complete'}`);
    return `${JSON.stringify(snapshot)}\n`;
  } catch (err) {
    // Typed errors (credentials, missing client) already say what to do: no stack trace for them.
    if (err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('MONITORING_')) throw new UsageError(err.message);
    throw err;
  } finally {
    await source.close().catch(() => undefined);
  }
}

export const metricsCommand: Command = {
  name: 'metrics',
  summary: 'record a metrics snapshot from Cloud Monitoring, or show one per pool',
  async run(argv) {
    const [sub, ...rest] = argv;
    if (!sub || sub === '--help' || sub === '-h') {
      print(HELP);
      return sub ? 0 : 2;
    }
    if (sub === 'record') return record(rest);
    if (sub === 'show') return show(rest);
    throw new UsageError(`unknown metrics sub-command '${sub}' (record, show)`);
  },
};

async function record(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { project: { type: 'string' }, region: { type: 'string' }, window: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    print(HELP);
    return 0;
  }
  const { ws } = await loadWorkspace(positionals);
  const project = values.project ?? ws.settings?.settings.project;
  if (!project) throw new UsageError('--project is required (or set project in pool-tuner.yaml)');
  if (!values.out) throw new UsageError('--out FILE is required');
  const windowSec = parseWindow(values.window ?? '7d');
  // Only an explicit --region filters: pools of one project often run in several regions (the examples do).
  const text = await recordLive({ project, region: values.region, windowSec, ws, progress: (m) => errOut(`${m}\n`) });
  try {
    await writeFileAtomic(path.resolve(values.out), text);
  } catch {
    writeFileSync(values.out, text);
  }
  errOut(`wrote ${values.out}\n`);
  return 0;
}

async function show(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { metrics: { type: 'string' }, 'no-color': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    print(HELP);
    return 0;
  }
  const { ws } = await loadWorkspace(positionals);
  const view = await snapshotFile(values.metrics ?? 'metrics/snapshot.json', ws);
  for (const w of view.warnings) errOut(`pool-tuner: metrics: ${w.message}\n`);
  print(formatShow(view, ws));
  return 0;
}

const BARS = '▁▂▃▄▅▆▇█';

/** A sparkline of `width` cells: each cell is the mean of its slice of the series; a cell with no data is blank. */
export function sparkline(s: Series | undefined, width = 48): string {
  if (!s || s.length === 0) return '(no data)';
  const cells: (number | null)[] = [];
  const per = s.length / width;
  for (let c = 0; c < Math.min(width, s.length); c++) {
    let sum = 0;
    let n = 0;
    for (let i = Math.floor(c * Math.max(1, per)); i < Math.min(s.length, Math.floor((c + 1) * Math.max(1, per))); i++) {
      const v = s[i];
      if (v !== null && v !== undefined) {
        sum += v;
        n++;
      }
    }
    cells.push(n ? sum / n : null);
  }
  const known = cells.filter((v): v is number => v !== null);
  if (known.length === 0) return '(no data)';
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  return cells.map((v) => (v === null ? ' ' : BARS[hi > lo ? Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1)) : 0])).join('');
}

const fmt = (n: number | undefined, digits = 2) => (n === undefined ? '–' : Math.abs(n) >= 1000 ? Math.round(n).toLocaleString('en-US') : String(Number(n.toFixed(digits))));
const pct = (r: number | undefined) => (r === undefined ? '–' : `${fmt(r * 100, 1)}%`);
const secs = (s: number | undefined) => (s === undefined ? '–' : s < 120 ? `${fmt(s, 1)} s` : s < 7200 ? `${fmt(s / 60, 1)} min` : `${fmt(s / 3600, 1)} h`);

function row(f: PoolFigures): string[] {
  const trend = f.backlogMessages?.slopePerHour === undefined ? '' : f.backlogMessages.slopePerHour > 0 ? ` +${fmt(f.backlogMessages.slopePerHour, 1)}/h` : ` ${fmt(f.backlogMessages.slopePerHour, 1)}/h`;
  return [
    f.pool,
    f.arrivalRatePerSec ? `${fmt(f.arrivalRatePerSec.mean)} (p95 ${fmt(f.arrivalRatePerSec.p95)})` : '–',
    fmt(f.throughputPerSec?.mean),
    fmt(f.throughputPerInstancePerSec, 3),
    f.instanceCount ? `${fmt(f.instanceCount.min, 0)}–${fmt(f.instanceCount.max, 0)}` : '–',
    pct(f.cpuUtilization?.p95),
    f.backlogMessages ? `${fmt(f.backlogMessages.last, 0)}${trend}` : '–',
    secs(f.oldestUnackedAgeSec?.max),
    f.processingTimeMs ? secs(f.processingTimeMs.p99 / 1000) : '–',
    pct(f.failureRatio),
    pct(f.redeliveryRatio),
    fmt(f.deadLetteredTotal, 0),
  ];
}

const HEAD = ['pool', 'arrivals/s', 'acked/s', 'acked/s/inst', 'instances', 'cpu p95', 'backlog (trend)', 'oldest max', 'p99 time', 'nacked', 'expired', 'dead-lettered'];

/** The table and sparklines `metrics show` prints. */
export function formatShow(view: SnapshotView, ws: Workspace): string {
  const snap = view.snapshot;
  const names = [...new Set([...ws.pools.map((p) => p.name), ...Object.keys(snap.pools)])].sort();
  const figures = names.map((n) => view.forPool(n)).filter((f): f is PoolFigures => f !== undefined);
  const rows = [HEAD, ...figures.map(row)];
  const widths = HEAD.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = [`${view.source}: project ${snap.project}${snap.region ? `, ${snap.region}` : ''}, ${snap.window.start} … ${snap.window.end} (${snap.window.stepSec} s steps)`, ''];
  for (const r of rows) lines.push(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd());
  for (const f of figures) {
    const sub = view.subscriptionSeries(f.pool);
    lines.push('', `${f.pool}`);
    lines.push(`  arrivals/min ${sparkline(view.arrivalsPerMinute?.(f.pool))}  max ${fmt(f.arrivalRatePerSec?.max === undefined ? undefined : f.arrivalRatePerSec.max * 60, 0)}`);
    lines.push(`  backlog      ${sparkline(sub?.backlogMessages)}  max ${fmt(f.backlogMessages?.max, 0)}`);
    if (f.missing.length) lines.push(`  no data: ${f.missing.join(', ')}`);
  }
  const unmatched = names.filter((n) => !figures.some((f) => f.pool === n));
  if (unmatched.length) lines.push('', `no metrics for: ${unmatched.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
