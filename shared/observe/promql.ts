/**
 * PromQL selectors and expressions over the Cloud Monitoring metrics a pool's alerts and dashboard read. Alert
 * conditions are PromQL (conditionPrometheusQueryLanguage): MQL is no longer recommended
 * (docs/sources.md#alerting-and-dashboards). Metric names follow Google's mapping: the first `/` becomes `:`, every
 * other `.` and `/` becomes `_`; the monitored resource is the `monitored_resource` label (same section).
 * Backlog and age use the `_by_region` variants Google recommends (docs/sources.md#autoscaling-on-pubsub-metrics),
 * summed (backlog) or maxed (age) over regions; the DELTA counts have no `_by_region` variant.
 */

/** Label values the selectors filter on: literals (JSON) or Terraform interpolations (`${google_….name}`). */
export interface Targets {
  project?: string;
  subscription: string;
  workerPool?: string;
  region?: string;
}

/** Google's mapping of a Cloud Monitoring metric type to its PromQL name. */
export function promName(metricType: string): string {
  const i = metricType.indexOf('/');
  const domain = metricType.slice(0, i).replace(/[^A-Za-z0-9_]/g, '_');
  return `${domain}:${metricType.slice(i + 1).replace(/[^A-Za-z0-9_]/g, '_')}`;
}

export const METRIC = {
  backlog: 'pubsub.googleapis.com/subscription/num_unacked_messages_by_region',
  oldestAge: 'pubsub.googleapis.com/subscription/oldest_unacked_message_age_by_region',
  acked: 'pubsub.googleapis.com/subscription/ack_message_count',
  sent: 'pubsub.googleapis.com/subscription/sent_message_count',
  expired: 'pubsub.googleapis.com/subscription/expired_ack_deadlines_count',
  deadLettered: 'pubsub.googleapis.com/subscription/dead_letter_message_count',
  instances: 'run.googleapis.com/container/instance_count',
  cpu: 'run.googleapis.com/container/cpu/utilizations',
  memory: 'run.googleapis.com/container/memory/utilizations',
} as const;

function sel(t: Targets, resource: 'pubsub_subscription' | 'cloud_run_worker_pool'): string {
  const labels = [`monitored_resource="${resource}"`];
  if (t.project) labels.push(`project_id="${t.project}"`);
  if (resource === 'pubsub_subscription') labels.push(`subscription_id="${t.subscription}"`);
  else {
    labels.push(`worker_pool_name="${t.workerPool ?? ''}"`);
    if (t.region) labels.push(`location="${t.region}"`);
  }
  return `{${labels.join(',')}}`;
}

/** The label selectors of a pool's subscription and worker pool (what the Terraform rendering retargets). */
export function selectors(t: Targets): { subscription: string; workerPool: string } {
  return { subscription: sel(t, 'pubsub_subscription'), workerPool: sel(t, 'cloud_run_worker_pool') };
}

const sub = (t: Targets, metric: string) => `${promName(metric)}${sel(t, 'pubsub_subscription')}`;
const pool = (t: Targets, metric: string) => `${promName(metric)}${sel(t, 'cloud_run_worker_pool')}`;

/** Expressions per signal; `rateWindow` as a PromQL duration ("5m"). */
export const expr = {
  backlog: (t: Targets) => `sum(${sub(t, METRIC.backlog)})`,
  backlogDelta: (t: Targets, window: string) => `sum(delta(${sub(t, METRIC.backlog)}[${window}]))`,
  oldestAge: (t: Targets) => `max(${sub(t, METRIC.oldestAge)})`,
  ackRate: (t: Targets, window: string) => `sum(rate(${sub(t, METRIC.acked)}[${window}]))`,
  sentRate: (t: Targets, window: string) => `sum(rate(${sub(t, METRIC.sent)}[${window}]))`,
  expiredRate: (t: Targets, window: string) => `sum(rate(${sub(t, METRIC.expired)}[${window}]))`,
  deadLettered: (t: Targets, window: string) => `sum(increase(${sub(t, METRIC.deadLettered)}[${window}]))`,
  instances: (t: Targets) => `sum(${pool(t, METRIC.instances)})`,
  /** Distribution metrics are queried as Prometheus histograms (`_bucket`, Google's mapping). */
  utilizationP99: (t: Targets, metric: string, window: string) => `histogram_quantile(0.99, sum by (le) (rate(${promName(metric)}_bucket${sel(t, 'cloud_run_worker_pool')}[${window}])))`,
};

/** A PromQL number: no exponent notation, at most 6 significant digits. */
export function promNumber(x: number): string {
  if (!Number.isFinite(x)) return '0';
  const r = Number(x.toPrecision(6));
  return Math.abs(r) >= 1e-6 || r === 0 ? String(r).includes('e') ? r.toFixed(8).replace(/0+$/, '') : String(r) : r.toFixed(8);
}
