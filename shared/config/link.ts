/**
 * Links documents into pools: worker pool + its subscription(s) + its scaler.
 * Order of evidence: explicit links in pool-tuner.yaml, then names the documents carry
 * (`scaleTargetRef.name` → worker pool, trigger `subscriptionName` → subscription, a container env var whose
 * value names a subscription).
 */
import type { Pool, Scaler, Subscription, WorkerPool } from './model.ts';
import type { Workspace } from './workspace.ts';
import { DEFAULT_CONCURRENCY_ENV_VARS, type PoolSettings } from './settings-schema.ts';
import { parseIntLoose, shortName } from './quantity.ts';

export function linkPools(ws: Workspace): Pool[] {
  const settings = ws.settings?.settings;
  const explicit = Object.entries(settings?.pools ?? {});
  const subsByName = new Map(ws.subscriptions.map((s) => [s.name, s] as const));
  const pools = new Map<string, Pool>();
  const claimedScalers = new Set<Scaler>();
  const claimedSubs = new Set<Subscription>();

  const claimedPools = new Set<WorkerPool>();
  const poolByWorkerPool = new Map<string, Pool>();
  const poolFor = (name: string, wp?: WorkerPool): Pool => {
    let p = pools.get(name);
    if (!p) {
      p = { name, workerPool: wp, subscriptions: [] };
      pools.set(name, p);
    }
    if (wp && !p.workerPool) p.workerPool = wp;
    if (p.workerPool) {
      claimedPools.add(p.workerPool);
      if (!poolByWorkerPool.has(p.workerPool.name)) poolByWorkerPool.set(p.workerPool.name, p);
    }
    return p;
  };
  const addSub = (pool: Pool, s: Subscription | undefined) => {
    if (s && !pool.subscriptions.includes(s)) {
      pool.subscriptions.push(s);
      claimedSubs.add(s);
    }
  };

  // 1. Explicit links from pool-tuner.yaml.
  for (const [name, ps] of explicit) {
    const wp = ws.workerPools.find((w) => w.name === (ps.workerPool ?? name));
    const pool = poolFor(name, wp);
    pool.settings = ps;
    for (const s of ps.subscriptions ?? []) addSub(pool, subsByName.get(shortName(s)));
    if (ps.scaler) {
      // A scaler of a Cloud Run service never scales a worker pool, even when named here (step 3 gives it a pool).
      const sc = ws.scalers.find((x) => (x.name === ps.scaler || x.targetName === ps.scaler) && x.targetKind !== 'services' && !claimedScalers.has(x));
      if (sc) {
        pool.scaler = sc;
        claimedScalers.add(sc);
      }
    }
  }
  // 2. Every worker pool not yet claimed is a pool of its own name.
  for (const wp of ws.workerPools) {
    if (!claimedPools.has(wp)) poolFor(wp.name, wp);
  }
  // 3. Scalers → pools by scaleTargetRef; a scaler whose target is unknown still forms a pool (rules flag it).
  for (const sc of ws.scalers) {
    if (claimedScalers.has(sc)) continue;
    const target = sc.targetName ?? sc.name;
    // A scaler of a Cloud Run *service* does not scale the worker pool that shares its short name (docs/sources.md#crema:
    // the target is a workload FQN): it forms a pool of its own, named so that it cannot collide.
    // A KEDA ScaledObject with a bare target name scales a Kubernetes workload (GKE): its Deployment/StatefulSet in
    // the files becomes the pool's workers.
    const workload = sc.format === 'keda' && sc.targetKind === 'unknown' ? targetWorkload(ws.workloads ?? [], sc) : undefined;
    const pool = sc.targetKind === 'services' ? poolFor(`${target} (service)`)
      : workload ? poolFor(poolByWorkerPool.has(target) ? `${target} (${workload.workloadKind})` : target, workload)
      : poolByWorkerPool.get(target) ?? poolFor(target);
    if (!pool.scaler) {
      pool.scaler = sc;
      claimedScalers.add(sc);
    }
  }
  // 4. Subscriptions: by scaler trigger, then by env var values.
  for (const pool of pools.values()) {
    for (const t of pool.scaler?.triggers ?? []) {
      if (t.subscription) addSub(pool, subsByName.get(t.subscription));
    }
    for (const c of pool.workerPool?.containers ?? []) {
      for (const e of c.env) {
        if (e.value) addSub(pool, subsByName.get(shortName(e.value)));
      }
    }
  }
  for (const pool of pools.values()) {
    pool.concurrency = readConcurrency(pool.workerPool, pool.settings, settings?.concurrencyEnvVars);
    const invalid = pool.concurrency ? undefined : invalidConcurrency(pool.workerPool, pool.settings, settings?.concurrencyEnvVars);
    if (invalid) pool.concurrencyInvalid = invalid;
  }
  void claimedSubs;
  return [...pools.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The Deployment/StatefulSet a KEDA ScaledObject scales: `scaleTargetRef.kind` (default Deployment) and `name`, in the
 * ScaledObject's namespace (KEDA: "must be in the same namespace as the ScaledObject",
 * https://keda.sh/docs/2.18/reference/scaledobject-spec/). A side without a namespace matches any (kubectl -n decides).
 */
function targetWorkload(workloads: readonly WorkerPool[], sc: Scaler): WorkerPool | undefined {
  const kind = sc.targetRefKind ?? 'Deployment';
  return workloads.find((w) => w.name === sc.targetName && w.workloadKind === kind
    && (w.namespace === undefined || sc.namespace === undefined || w.namespace === sc.namespace));
}

/** Subscriptions that belong to no pool (DLQ subscriptions, usually). */
export function unlinkedSubscriptions(ws: Workspace): Subscription[] {
  const linked = new Set(ws.pools.flatMap((p) => p.subscriptions));
  return ws.subscriptions.filter((s) => !linked.has(s));
}

function concurrencyNames(ps: PoolSettings | undefined, projectNames: string[] | undefined): string[] {
  return ps?.concurrencyEnvVar ? [ps.concurrencyEnvVar] : projectNames ?? [...DEFAULT_CONCURRENCY_ENV_VARS];
}

/**
 * The first concurrency env var written as a literal that is not a whole number ≥ 1 (`MAX_MESSAGES: "abc"`, `"0"`,
 * `"-3"`). A Kubernetes reference (`$(VAR)`) or a template placeholder is not a literal: it is left alone.
 */
function invalidConcurrency(wp: WorkerPool | undefined, ps: PoolSettings | undefined, projectNames: string[] | undefined): Pool['concurrencyInvalid'] {
  if (!wp) return undefined;
  for (const envName of concurrencyNames(ps, projectNames)) {
    for (const c of wp.containers) {
      const e = c.env.find((x) => x.name === envName);
      if (!e || e.value === undefined || /\$[({]|\{\{|%\w+%|__\w+__/.test(e.value)) continue;
      const v = parseIntLoose(e.value);
      if (v === undefined || v < 1) return { raw: e.value, envName, containerIndex: c.index, envIndex: e.index };
    }
  }
  return undefined;
}

function readConcurrency(wp: WorkerPool | undefined, ps: PoolSettings | undefined, projectNames: string[] | undefined): Pool['concurrency'] {
  if (!wp) return undefined;
  const names = concurrencyNames(ps, projectNames);
  for (const envName of names) {
    for (const c of wp.containers) {
      const e = c.env.find((x) => x.name === envName);
      const v = e?.value !== undefined ? parseIntLoose(e.value) : undefined;
      if (e && v !== undefined && v >= 1) return { value: v, envName, containerIndex: c.index, envIndex: e.index };
    }
  }
  return undefined;
}
