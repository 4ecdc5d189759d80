/**
 * PromQL selectors and expressions over the Cloud Monitoring metrics a pool's alerts and dashboard read. Alert
 * conditions are PromQL (conditionPrometheusQueryLanguage): MQL is no longer recommended
 * (docs/sources.md#alerting-and-dashboards). Metric names follow Google's mapping: the first `/` becomes `:`, every
 * other `.` and `/` becomes `_`; the monitored resource is the `monitored_resource` label (same section).
 * Backlog and age use the `_by_region` variants Google recommends (docs/sources.md#autoscaling-on-pubsub-metrics),
 * summed (backlog) or maxed (age) over regions; the DELTA counts have no `_by_region` variant.
 *
 * A pool with several subscriptions: one selector matches them all (`subscription_id=~"a|b"`) and the per-subscription
 * expressions aggregate `by (subscription_id)`, so a condition returns one series per subscription and Cloud
 * Monitoring opens one incident per series (docs/sources.md#alerting-and-dashboards). One subscription: an exact match
 * and no grouping, the queries unchanged.
 */

/** Label values the selectors filter on: literals (JSON) or Terraform interpolations (`${google_….name}`). */
export interface Targets {
  project?: string;
  /** The first subscription (all of them are in `subscriptions` when there are several). */
  subscription: string;
  /** Every subscription of the pool, the first included, when it has more than one. */
  subscriptions?: string[];
  /** A regex matching every subscription, written as is (a Terraform local, terraform.ts); overrides `subscriptions`. */
  subscriptionPattern?: string;
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

/** The subscriptions a selector matches. */
export function subscriptionsOf(t: Targets): string[] {
  return t.subscriptions && t.subscriptions.length > 1 ? t.subscriptions : [t.subscription];
}

/** True when the pool's conditions return one series per subscription. */
export const perSubscription = (t: Targets) => !!t.subscriptionPattern || subscriptionsOf(t).length > 1;

/**
 * A subscription or topic id as an RE2 literal inside a PromQL string (docs/sources.md#alerting-and-dashboards): `.`
 * and `+`, the only regex characters an id may hold (docs/sources.md#subscription-fields), escaped, the backslash
 * doubled for the PromQL string.
 */
export function regexLiteral(id: string): string {
  return id.replace(/[.+]/g, (c) => `\\\\${c}`);
}

function sel(t: Targets, resource: 'pubsub_subscription' | 'cloud_run_worker_pool'): string {
  const labels = [`monitored_resource="${resource}"`];
  if (t.project) labels.push(`project_id="${t.project}"`);
  if (resource === 'pubsub_subscription') {
    const ids = subscriptionsOf(t);
    if (t.subscriptionPattern) labels.push(`subscription_id=~"${t.subscriptionPattern}"`);
    else labels.push(ids.length > 1 ? `subscription_id=~"${ids.map(regexLiteral).join('|')}"` : `subscription_id="${t.subscription}"`);
  } else {
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

/** `sum`/`max` over regions, per subscription when the pool has several (`by (subscription_id)`). */
const agg = (op: 'sum' | 'max', t: Targets) => (perSubscription(t) ? `${op} by (subscription_id)` : op);

/** Expressions per signal; `rateWindow` as a PromQL duration ("5m"). `total` sums over the pool's subscriptions. */
export const expr = {
  backlog: (t: Targets) => `${agg('sum', t)}(${sub(t, METRIC.backlog)})`,
  backlogDelta: (t: Targets, window: string) => `${agg('sum', t)}(delta(${sub(t, METRIC.backlog)}[${window}]))`,
  oldestAge: (t: Targets) => `${agg('max', t)}(${sub(t, METRIC.oldestAge)})`,
  ackRate: (t: Targets, window: string) => `${agg('sum', t)}(rate(${sub(t, METRIC.acked)}[${window}]))`,
  totalAckRate: (t: Targets, window: string) => `sum(rate(${sub(t, METRIC.acked)}[${window}]))`,
  sentRate: (t: Targets, window: string) => `${agg('sum', t)}(rate(${sub(t, METRIC.sent)}[${window}]))`,
  expiredRate: (t: Targets, window: string) => `${agg('sum', t)}(rate(${sub(t, METRIC.expired)}[${window}]))`,
  deadLettered: (t: Targets, window: string) => `${agg('sum', t)}(increase(${sub(t, METRIC.deadLettered)}[${window}]))`,
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
