/**
 * `observe`: per pool, alerts and a dashboard from the model. Stages: thresholds (thresholds.ts: SLO, model,
 * predicted bands) → runs (runs.ts: the recorded day, the tuned configuration's replays) → test and adjust
 * (verdict.ts) → policies and dashboard (policy.ts, dashboard.ts). Pure; the caller tunes the pool (a Proposal)
 * and passes the model it was tuned from.
 */
import type { Workspace } from '../config/workspace.ts';
import type { MetricsView } from '../metrics/figures.ts';
import type { PoolModel } from '../model/pool-model.ts';
import { DEFAULT_REPLAY_SETTINGS, type ReplaySettings } from '../model/bands-schema.ts';
import type { Proposal, PoolSettingsValues } from '../tune/schema.ts';
import { conditionQuery } from './conditions.ts';
import { dashboardOf } from './dashboard.ts';
import { displayNameOf, documentationOf, policyOf } from './policy.ts';
import { subscriptionsOf, type Targets } from './promql.ts';
import { recordedRun, replayRuns } from './runs.ts';
import type { Alert, AlertKind, ObserveOutput, PoolObservability } from './schema.ts';
import { deriveThresholds } from './thresholds.ts';
import { testAlert } from './verdict.ts';

export interface ObservePoolInput {
  ws: Workspace;
  model: PoolModel;
  proposal?: Proposal;
  metrics?: MetricsView;
  replaySettings?: ReplaySettings;
  channels: readonly string[];
}

/**
 * Label values of the pool's resources, as literals: every subscription linked to the pool (each gets its own
 * incidents, promql.ts), the project of the first.
 */
export function literalTargets(ws: Workspace, model: PoolModel): Targets | undefined {
  const pool = model.pool;
  const sub = pool.subscriptions[0];
  if (!sub) return undefined;
  const ids = [...new Set(pool.subscriptions.map((s) => s.name))];
  const region = pool.workerPool?.region ?? ws.settings?.settings.region;
  const project = sub.project ?? pool.workerPool?.project ?? ws.settings?.settings.project;
  return {
    subscription: sub.name, ...(ids.length > 1 ? { subscriptions: ids } : {}), ...(project ? { project } : {}),
    ...(pool.workerPool ? { workerPool: pool.workerPool.name } : {}), ...(region ? { region } : {}),
  };
}

/** The configuration the alerts ship with: today's, overlaid with the tuner's recommendation. */
export function shippedValues(model: PoolModel, proposal: Proposal | undefined): PoolSettingsValues {
  return { ...model.current, ...(proposal?.recommended ?? {}) };
}

export function observePool(i: ObservePoolInput): PoolObservability {
  const { model, proposal } = i;
  const pool = model.pool;
  const targets = literalTargets(i.ws, model);
  const notes: string[] = [];
  const bands = proposal?.predictedBands;
  const fitted = !!model.figures && !!bands;
  if (!model.figures) notes.push('No metrics for this pool: thresholds were not fitted; they come from the SLO alone (pass --metrics FILE to fit and test them).');
  else if (!bands) notes.push('The tuner produced no predicted bands for this pool: band-based thresholds fall back to the SLO.');
  if (model.sloDefaulted) notes.push('No SLO declared in pool-tuner.yaml: the alerts use the default wait target.');
  if (proposal?.status === 'infeasible') notes.push('The tuned configuration does not meet the SLO (infeasible): its replays are not healthy, so they cannot make an alert too tight.');
  if (!targets) {
    return { pool: pool.name, fitted, notes: [...notes, 'No subscription linked to this pool: nothing to alert on.'], skipped: [], alerts: [], policies: [], dashboard: {} };
  }
  const shipped = shippedValues(model, proposal);
  const { derived, skipped } = deriveThresholds({
    slo: model.slo, sloDefaulted: model.sloDefaulted, fitted, ...(bands ? { bands } : {}), recommended: shipped,
    ...(proposal?.workload.processingP99Sec !== undefined ? { processingP99Sec: proposal.workload.processingP99Sec } : {}),
    ...(pool.settings?.downstreamLimitPerSec !== undefined ? { downstreamLimitPerSec: pool.settings.downstreamLimitPerSec } : {}),
  });
  if (!pool.workerPool) {
    for (const k of ['pinned-at-max'] as const) if (!skipped.some((s) => s.kind === k) && derived.some((d) => d.kind === k)) skipped.push({ kind: k, why: 'no worker pool in the files' });
  }
  const rec = model.figures ? recordedRun(i.metrics, model) : undefined;
  const runs = model.figures ? replayRuns(model, shipped, i.replaySettings ?? DEFAULT_REPLAY_SETTINGS) : [];
  const alerts: Alert[] = derived.filter((d) => pool.workerPool || d.kind !== 'pinned-at-max').map((d) => {
    const t = testAlert(d, rec, runs);
    const base = {
      kind: d.kind, displayName: displayNameOf(pool.name, d.kind), threshold: t.threshold, unit: d.unit,
      durationSec: d.durationMin * 60, windowSec: d.windowMin * 60, derivation: d.derivation, fitted: d.fitted,
    };
    return {
      ...base,
      query: conditionQuery({ kind: d.kind, threshold: t.threshold, windowMin: d.windowMin }, targets),
      ...(t.recorded ? { recorded: t.recorded } : {}), ...(t.replays ? { replays: t.replays } : {}),
      verdict: t.verdict, ...(t.adjustment ? { adjustment: t.adjustment } : {}), summary: t.summary,
    };
  });
  return {
    pool: pool.name, targets, subscription: targets.subscription, subscriptions: subscriptionsOf(targets), ...(pool.workerPool ? { workerPool: pool.workerPool.name } : {}),
    fitted, notes, skipped, alerts,
    policies: alerts.map((a) => policyOf(pool.name, { ...a, documentation: documentationOf(pool.name, a, subscriptionsOf(targets)) }, i.channels)),
    dashboard: dashboardOf(dashboardInputs(model, shipped, targets, alerts)),
  };
}

/** What the dashboard draws for a pool (shared by the JSON and the Terraform renderings). */
export function dashboardInputs(model: PoolModel, shipped: PoolSettingsValues, targets: Targets, alerts: readonly Alert[]) {
  const sc = shipped.scaling;
  const maxInstances = sc?.mode === 'crema' ? sc.maxReplicas : sc?.mode === 'manual' ? sc.instances : undefined;
  const thresholds = Object.fromEntries(alerts.map((a) => [a.kind, a.threshold])) as Partial<Record<AlertKind, number>>;
  const topics = [...new Set(model.pool.subscriptions.map((s) => s.topic).filter((x): x is string => !!x))];
  return {
    pool: model.pool.name, targets, topics, thresholds,
    ...(model.slo.maxMessageAgeSec !== undefined ? { maxMessageAgeSec: model.slo.maxMessageAgeSec } : {}),
    ...(model.pool.settings?.downstreamLimitPerSec !== undefined ? { downstreamLimitPerSec: model.pool.settings.downstreamLimitPerSec } : {}),
    ...(maxInstances !== undefined ? { maxInstances } : {}),
  };
}

export function observeOutput(pools: PoolObservability[], metricsSource: string | undefined, channels: readonly string[]): ObserveOutput {
  return { version: 1, tool: 'pool-tuner', metricsSource: metricsSource ?? 'declared', notificationChannels: [...channels], pools };
}
