/**
 * "Pool Tuner: Generate alerts for this pool": the alert policies and dashboard `pool-tuner observe` writes, for one
 * pool, beside its files (shared/observe `poolFileTarget`: the module's pool-tuner-observe.tf, with every pool of
 * that module, or JSON in monitoring/ beside a YAML pool). Each pool is observed on the proposal the Tune command
 * and the CodeLens share. No `vscode` import: the plan and the writes are tested under node; commands.ts asks
 * before overwriting and reports.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  arrivalSeriesOf, channelProblems, notificationChannels, observeOutput, observeTunedPool, poolAlertFiles, poolFileTarget,
  type MetricsView, type OutFile, type PoolFileTarget, type Proposal, type Workspace,
} from '../shared/index.ts';
import { writeFileAtomic } from '../shared/node/files.ts';

export interface AlertPlan {
  pool: string;
  target: PoolFileTarget;
  files: OutFile[];
  /** Files of `files` that exist already (the command asks before overwriting them). */
  existing: string[];
  /** Notes of the observed pools (not fitted, infeasible, …) and kinds not generated. */
  notes: string[];
}

export type ProposalOf = (pool: string) => Promise<{ proposal?: Proposal; error?: string }>;

const exists = async (file: string) => fs.stat(file).then(() => true, () => false);

/** What the command would write for `pool`, or why it cannot (an error naming the pool or the setting). */
export async function planAlerts(ws: Workspace, pool: string, metrics: MetricsView | undefined, proposalOf: ProposalOf): Promise<AlertPlan | { error: string }> {
  const bad = channelProblems(ws);
  if (bad.length) return { error: `${bad.join(' ')} (pool-tuner.yaml)` };
  const target = poolFileTarget(ws, pool);
  if (!target) {
    const known = ws.pools.filter((p) => p.subscriptions.length > 0).map((p) => p.name);
    return { error: ws.pools.some((p) => p.name === pool) ? `Pool '${pool}' has no subscription in these files: the alerts watch its subscription. Add the subscription's YAML or Terraform.` : `No pool '${pool}'. Pools with a subscription: ${known.join(', ') || 'none'}.` };
  }
  const observed = [];
  const notes: string[] = [];
  for (const name of target.pools) {
    const p = ws.pools.find((x) => x.name === name)!;
    const { proposal, error } = await proposalOf(name);
    // Another pool of the module that cannot be tuned is left out, as `observe` leaves it out (tunable pools only).
    if (!proposal && name !== pool) {
      notes.push(`${name}: left out of ${target.dir}/pool-tuner-observe.tf: ${error ?? 'no proposal'}`);
      continue;
    }
    if (!proposal) return { error: `Cannot tune ${name}: ${error ?? 'no proposal'}` };
    const o = observeTunedPool(ws, p, proposal, { metrics, arrivalSeries: arrivalSeriesOf(metrics) });
    observed.push(o);
    notes.push(...o.notes.map((n) => `${name}: ${n}`), ...o.skipped.map((k) => `${name}: not generated: ${k.kind} (${k.why})`));
  }
  const files = poolAlertFiles(target, observeOutput(observed, metrics?.source, notificationChannels(ws)), ws);
  const existing: string[] = [];
  for (const f of files) if (await exists(f.path)) existing.push(f.path);
  return { pool, target, files, existing, notes };
}

/** The question asked before overwriting: which files, and which pools they hold. */
export function overwriteQuestion(plan: AlertPlan, root?: string): string {
  const rel = (f: string) => (root ? path.relative(root, f) || f : f);
  const shared = plan.target.pools.length > 1 ? ` (it holds the alerts of ${plan.target.pools.join(', ')}: the pools of that module)` : '';
  const names = plan.existing.slice(0, 3).map(rel).join(', ') + (plan.existing.length > 3 ? ` and ${plan.existing.length - 3} more` : '');
  return `Overwrite ${plan.existing.length === 1 ? names : `${plan.existing.length} files (${names})`}${shared} with the alerts generated for ${plan.pool}?`;
}

/** Writes the plan's files (each atomically: temp file + rename), creating folders. Returns the paths written. */
export async function writeAlerts(plan: AlertPlan): Promise<string[]> {
  for (const f of plan.files) {
    await fs.mkdir(path.dirname(f.path), { recursive: true });
    await writeFileAtomic(f.path, f.text);
  }
  return plan.files.map((f) => f.path);
}
