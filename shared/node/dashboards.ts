/**
 * `observe --apply live` for dashboards: created or updated through `DashboardsServiceClient`
 * (@google-cloud/monitoring-dashboards, loaded lazily from monitoring-lib.ts), idempotently by display name as the
 * alert policies are (alert-policies.ts): a dashboard of that display name is replaced (UpdateDashboard), any other
 * created; dashboards with other names are never touched. The Dashboard JSON carries no Durations, so the client
 * takes it as it is.
 */
import { MonitoringClientMissingError, MonitoringConnectError } from './cloud-monitoring.ts';
import type { ApplyResult } from './alert-policies.ts';

interface DashboardLike {
  name?: string | null;
  displayName?: string | null;
}

/** The part of DashboardsServiceClient this uses. */
export interface DashboardsClientLike {
  listDashboards(request: { parent: string }, options?: object): Promise<[DashboardLike[], ...unknown[]]>;
  createDashboard(request: { parent: string; dashboard: object }, options?: object): Promise<[DashboardLike, ...unknown[]]>;
  updateDashboard(request: { dashboard: object }, options?: object): Promise<[DashboardLike, ...unknown[]]>;
  initialize?(): Promise<unknown>;
  close?(): Promise<void>;
}

async function loadClient(options: Record<string, unknown>): Promise<DashboardsClientLike> {
  let mod: { DashboardsServiceClient: new (o?: object) => unknown };
  try {
    mod = (await import('./monitoring-lib.ts')) as unknown as typeof mod;
  } catch (err) {
    throw new MonitoringClientMissingError({ cause: err });
  }
  return new mod.DashboardsServiceClient(options) as DashboardsClientLike;
}

export async function applyDashboards(req: { project: string; dashboards: readonly Record<string, unknown>[]; clientOptions?: Record<string, unknown>; client?: DashboardsClientLike }): Promise<ApplyResult> {
  const client = req.client ?? await loadClient(req.clientOptions ?? {});
  try {
    try {
      await client.initialize?.();
    } catch (err) {
      throw new MonitoringConnectError(err instanceof Error ? err.message : String(err), { cause: err });
    }
    const parent = `projects/${req.project}`;
    const [existing] = await client.listDashboards({ parent });
    const byName = new Map<string, string>();
    for (const d of existing) if (d.displayName && d.name && !byName.has(d.displayName)) byName.set(d.displayName, d.name);
    const out: ApplyResult = { created: [], updated: [] };
    for (const dashboard of req.dashboards) {
      const display = String(dashboard['displayName'] ?? '');
      const name = byName.get(display);
      if (name) {
        await client.updateDashboard({ dashboard: { ...dashboard, name } });
        out.updated.push(display);
      } else {
        const [created] = await client.createDashboard({ parent, dashboard });
        if (created.name) byName.set(display, created.name);
        out.created.push(display);
      }
    }
    return out;
  } finally {
    await client.close?.().catch(() => undefined);
  }
}
