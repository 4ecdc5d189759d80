/**
 * Loads and validates a metrics snapshot from its text. Pure and never throws on bad input: problems come back as
 * data, each naming the pool or subscription and the field (`pools.orders-worker.cpuUtilization[12]: …`).
 * The envelope is checked with zod (the same schema as the JSON Schema, shared/metrics/snapshot-schema.ts); the
 * series values are checked in one loop here, which keeps loading a week of data close to JSON.parse speed.
 */
import { z } from 'zod';
import {
  buildSnapshotSchema, POOL_SERIES, RATIO_SERIES, SNAPSHOT_SCHEMA_VERSION, SUBSCRIPTION_SERIES,
  type MetricsSnapshot, type Series,
} from './snapshot-schema.ts';

export interface SnapshotProblem {
  /** Dotted path into the snapshot, e.g. `pools.orders-worker.cpuUtilization[12]`. */
  path: string;
  pool?: string;
  subscription?: string;
  field?: string;
  message: string;
}

export type SnapshotLoad =
  | { ok: true; snapshot: MetricsSnapshot; lengthSteps: number; warnings: SnapshotProblem[] }
  | { ok: false; errors: SnapshotProblem[] };

/** Stop collecting after this many errors: the first few say what is wrong, thousands say nothing more. */
const MAX_ERRORS = 50;

const EnvelopeSchema = buildSnapshotSchema(z.custom<Series>((v) => Array.isArray(v), { message: 'must be an array of numbers or null' }));

/** "line L, column C" (1-based) of a UTF-16 offset. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/** Parses and validates snapshot text. */
export function loadSnapshot(text: string): SnapshotLoad {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    // V8 reports where parsing stopped; stopping at the very end of the text means the text ended early.
    const at = /at position (\d+)/.exec(msg);
    const truncated = /end of (JSON )?input/i.test(msg) || (at !== null && Number(at[1]) >= text.trimEnd().length);
    // V8's message quotes the text around the error ("DB_PASSWORD=…" is not valid JSON): a file given by mistake
    // (`.env`) must not be echoed, so only the position is kept.
    const where = at !== null ? ` at ${lineColumn(text, Number(at[1]))}` : '';
    return { ok: false, errors: [{ path: '', message: truncated ? 'the snapshot is not complete JSON: the text ends early (truncated file?)' : `the snapshot is not valid JSON${where} (is it a metrics snapshot file?)` }] };
  }
  return validateSnapshot(value);
}

/** Validates an already parsed value (what `loadSnapshot` does after JSON.parse). */
export function validateSnapshot(value: unknown): SnapshotLoad {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: [{ path: '', message: 'the snapshot must be a JSON object with schemaVersion, project, window, pools and subscriptions' }] };
  }
  const version = (value as Record<string, unknown>)['schemaVersion'];
  if (version !== SNAPSHOT_SCHEMA_VERSION) {
    const got = version === undefined ? 'no schemaVersion' : `schemaVersion ${JSON.stringify(version)}`;
    return { ok: false, errors: [{ path: 'schemaVersion', field: 'schemaVersion', message: `${got}: this version of pool-tuner reads schemaVersion ${SNAPSHOT_SCHEMA_VERSION} (record the snapshot again, or upgrade pool-tuner)` }] };
  }
  const parsed = EnvelopeSchema.safeParse(value);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.slice(0, MAX_ERRORS).map(issueToProblem) };
  const snap = parsed.data;
  const errors: SnapshotProblem[] = [];
  const lengthSteps = checkWindow(snap, errors);
  if (lengthSteps === undefined) return { ok: false, errors };

  for (const [pool, s] of Object.entries(snap.pools)) {
    for (const field of POOL_SERIES) checkSeries(s[field], lengthSteps, RATIO_SERIES.has(field), { pool, field, path: `pools.${pool}.${field}` }, errors);
  }
  for (const [sub, s] of Object.entries(snap.subscriptions)) {
    for (const field of SUBSCRIPTION_SERIES) checkSeries(s[field], lengthSteps, false, { subscription: sub, field, path: `subscriptions.${sub}.${field}` }, errors);
    for (const p of ['p50', 'p95', 'p99'] as const) {
      const field = `processingTimeMs.${p}`;
      checkSeries(s.processingTimeMs?.[p], lengthSteps, false, { subscription: sub, field, path: `subscriptions.${sub}.${field}` }, errors);
    }
  }
  if (errors.length) return { ok: false, errors: errors.slice(0, MAX_ERRORS) };
  const warnings: SnapshotProblem[] = (snap.metrics ?? [])
    .filter((m) => m.status === 'partial' || m.status === 'failed')
    .map((m) => ({ path: 'metrics', field: m.metric, message: `${m.metric}: ${m.status}${m.message ? ` (${m.message})` : ''}` }));
  return { ok: true, snapshot: snap, lengthSteps, warnings };
}

function issueToProblem(issue: z.core.$ZodIssue): SnapshotProblem {
  const segs = issue.path.map(String);
  const path = segs.join('.');
  const p: SnapshotProblem = { path, message: `${path || '(root)'}: ${issue.message}` };
  if (segs[0] === 'pools' && segs[1] !== undefined) p.pool = segs[1];
  if (segs[0] === 'subscriptions' && segs[1] !== undefined) p.subscription = segs[1];
  if (segs.length > 2) p.field = segs.slice(2).join('.');
  else if (segs.length === 1) p.field = segs[0];
  return p;
}

/** Window timestamps must parse, be in order and span a whole number of steps; returns the series length. */
function checkWindow(snap: MetricsSnapshot, errors: SnapshotProblem[]): number | undefined {
  const { start, end, stepSec } = snap.window;
  const t0 = Date.parse(start);
  const t1 = Date.parse(end);
  if (Number.isNaN(t0)) errors.push({ path: 'window.start', field: 'window.start', message: `window.start '${start}' is not an ISO 8601 timestamp` });
  if (Number.isNaN(t1)) errors.push({ path: 'window.end', field: 'window.end', message: `window.end '${end}' is not an ISO 8601 timestamp` });
  if (errors.length) return undefined;
  if (t1 <= t0) {
    errors.push({ path: 'window.end', field: 'window.end', message: `timestamps out of order: window.end ${end} is not after window.start ${start}` });
    return undefined;
  }
  const steps = (t1 - t0) / (stepSec * 1000);
  if (!Number.isInteger(steps)) {
    errors.push({ path: 'window', field: 'window', message: `window ${start} … ${end} is not a whole number of ${stepSec} s steps` });
    return undefined;
  }
  return steps;
}

interface Where {
  pool?: string;
  subscription?: string;
  field: string;
  path: string;
}

/** Length and values of one series: non-negative finite numbers (0-1 for ratios) or null. First bad index only. */
function checkSeries(s: Series | undefined, length: number, ratio: boolean, where: Where, errors: SnapshotProblem[]): void {
  if (s === undefined || errors.length >= MAX_ERRORS) return;
  const owner = where.pool !== undefined ? `pool '${where.pool}'` : `subscription '${where.subscription}'`;
  if (s.length !== length) {
    errors.push({ ...where, message: `${owner}, ${where.field}: ${s.length} points, expected ${length} (one per ${60} s step of the window)` });
    return;
  }
  for (let i = 0; i < s.length; i++) {
    const v = s[i];
    if (v === null) continue;
    // typeof first: a string, boolean or object in a series is a type error, not a number out of range.
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (ratio && v > 1)) {
      const what = typeof v !== 'number' ? `${JSON.stringify(v)} is not a number (use null for no data)`
        : !Number.isFinite(v) ? `${v} is not a finite number (use null for no data)`
          : v < 0 ? `${v} is negative` : `${v} is above 1 (a 0-1 ratio)`;
      errors.push({ ...where, path: `${where.path}[${i}]`, message: `${owner}, ${where.field}[${i}]: ${what}` });
      return;
    }
  }
}
