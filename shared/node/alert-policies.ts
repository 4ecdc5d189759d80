/**
 * `observe --apply live`: creates or updates the generated alert policies through the real
 * `AlertPolicyServiceClient` (@google-cloud/monitoring, loaded lazily from monitoring-lib.ts like the metrics
 * client), idempotently by display name: a policy whose display name exists in the project is replaced in place
 * (UpdateAlertPolicy without a field mask replaces the whole policy), any other is created; policies not generated
 * by Pool Tuner are never touched. Only with an explicit flag (the CLI's `--apply live`).
 */
import { MonitoringClientMissingError, MonitoringConnectError } from './cloud-monitoring.ts';

export interface AlertPolicyLike {
  name?: string | null;
  displayName?: string | null;
}

/** The part of AlertPolicyServiceClient this uses. */
export interface AlertPolicyClientLike {
  listAlertPolicies(request: { name: string }, options?: object): Promise<[AlertPolicyLike[], ...unknown[]]>;
  createAlertPolicy(request: { name: string; alertPolicy: object }, options?: object): Promise<[AlertPolicyLike, ...unknown[]]>;
  updateAlertPolicy(request: { alertPolicy: object }, options?: object): Promise<[AlertPolicyLike, ...unknown[]]>;
  initialize?(): Promise<unknown>;
  close?(): Promise<void>;
}

export interface ApplyResult {
  created: string[];
  updated: string[];
}

/** "120s" → { seconds: 120 } (the client takes protobuf objects, not the proto3 JSON strings the files hold). */
function duration(v: unknown): unknown {
  const m = typeof v === 'string' ? /^(\d+)(?:\.(\d+))?s$/.exec(v) : null;
  return m ? { seconds: Number(m[1]), nanos: m[2] ? Number(m[2].padEnd(9, '0')) : 0 } : v;
}

/** The proto3 JSON of a generated AlertPolicy as the client's message object (Durations, the BoolValue `enabled`). */
export function clientPolicy(json: Record<string, unknown>): Record<string, unknown> {
  const conditions = (json['conditions'] as Record<string, unknown>[] | undefined)?.map((c) => {
    const p = c['conditionPrometheusQueryLanguage'] as Record<string, unknown> | undefined;
    return p ? { ...c, conditionPrometheusQueryLanguage: { ...p, duration: duration(p['duration']), evaluationInterval: duration(p['evaluationInterval']) } } : c;
  });
  return { ...json, ...(conditions ? { conditions } : {}), ...(typeof json['enabled'] === 'boolean' ? { enabled: { value: json['enabled'] } } : {}) };
}

async function loadClient(options: Record<string, unknown>): Promise<AlertPolicyClientLike> {
  let mod: { AlertPolicyServiceClient: new (o?: object) => unknown };
  try {
    mod = (await import('./monitoring-lib.ts')) as unknown as typeof mod;
  } catch (err) {
    throw new MonitoringClientMissingError({ cause: err });
  }
  return new mod.AlertPolicyServiceClient(options) as AlertPolicyClientLike;
}

/** Creates or updates each policy in `project`, matched by display name. */
export async function applyAlertPolicies(req: { project: string; policies: readonly Record<string, unknown>[]; clientOptions?: Record<string, unknown>; client?: AlertPolicyClientLike }): Promise<ApplyResult> {
  const client = req.client ?? await loadClient(req.clientOptions ?? {});
  try {
    try {
      await client.initialize?.();
    } catch (err) {
      throw new MonitoringConnectError(err instanceof Error ? err.message : String(err), { cause: err });
    }
    const parent = `projects/${req.project}`;
    const [existing] = await client.listAlertPolicies({ name: parent });
    const byName = new Map<string, string>();
    for (const p of existing) if (p.displayName && p.name && !byName.has(p.displayName)) byName.set(p.displayName, p.name);
    const out: ApplyResult = { created: [], updated: [] };
    for (const json of req.policies) {
      const display = String(json['displayName'] ?? '');
      const policy = clientPolicy(json);
      const name = byName.get(display);
      if (name) {
        await client.updateAlertPolicy({ alertPolicy: { ...policy, name } });
        out.updated.push(display);
      } else {
        const [created] = await client.createAlertPolicy({ name: parent, alertPolicy: policy });
        if (created.name) byName.set(display, created.name);
        out.created.push(display);
      }
    }
    return out;
  } finally {
    await client.close?.().catch(() => undefined);
  }
}
