/**
 * The Terraform rendering: `google_monitoring_alert_policy` per alert and `google_monitoring_dashboard` per pool
 * (docs/sources.md#alerting-and-dashboards), the notification channels as a variable the user fills (defaulting to
 * pool-tuner.yaml `notificationChannels`). In a Terraform module the label values are references to the module's own
 * subscription and worker pool; elsewhere literals. One file per module (a variable may be declared once).
 */
import { KIND_TITLE } from './policy.ts';
import { selectors, type Targets } from './promql.ts';
import type { PoolObservability } from './schema.ts';
import { subscriptionsLocal } from './tf-refs.ts';

export const CHANNELS_VARIABLE = 'pool_tuner_notification_channels';
export const TF_FILE = 'pool-tuner-observe.tf';

export interface TfPool {
  observed: PoolObservability;
  /** References (`${google_….name}`) in a module; undefined: the literal targets. */
  refs?: Targets;
  /** With several subscriptions in a module: their names as HCL expressions (tf-refs.ts), joined into a local. */
  subscriptionNames?: string[];
}

/** A literal HCL string: JSON's escapes, with template sequences (`${`, `%{`) escaped so they stay text. */
export function hclString(s: string): string {
  return JSON.stringify(s).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}

/** An HCL string that may hold interpolations (`${…}` kept), for queries written with references; a lone reference is written bare. */
function hclTemplate(s: string): string {
  const lone = /^\$\{([A-Za-z0-9_.-]+)\}$/.exec(s);
  return lone ? lone[1]! : JSON.stringify(s).replace(/%\{/g, '%%{');
}

const ident = (s: string) => s.replace(/[^A-Za-z0-9_]/g, '_').replace(/^([0-9])/, '_$1');

/** Replaces the literal label selectors by the reference ones in a text (a query, a dashboard JSON). */
export function retarget(text: string, literal: Targets, refs: Targets): string {
  const from = selectors(literal);
  const to = selectors(refs);
  return text.split(from.subscription).join(to.subscription).split(from.workerPool).join(to.workerPool);
}

/** A copy of a JSON value with every string mapped. */
function mapStrings(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, f)]));
  return v;
}

/**
 * The HCL of an object written as JSON (valid HCL: object elements may use `:`), with interpolations kept except the
 * dashboard's legend label (`${subscription_id}`), which is Cloud Monitoring's, not Terraform's.
 */
function hclJson(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replace(/%\{/g, '%%{').split('${subscription_id}').join('$${subscription_id}').split('\n').map((l, i) => (i === 0 ? l : indent + l)).join('\n');
}

function policyBlock(pool: PoolObservability, index: number, refs: Targets | undefined): string {
  const a = pool.alerts[index]!;
  const p = pool.policies[index]! as { documentation: { content: string; subject: string }; severity: string; userLabels: Record<string, string> };
  const literal = pool.targets!;
  const query = refs ? retarget(a.query, literal, refs) : a.query;
  const project = refs?.project ?? literal.project;
  const labels = Object.entries(p.userLabels).map(([k, v]) => `    ${hclString(k)} = ${hclString(v)}`).join('\n');
  return `resource "google_monitoring_alert_policy" "${ident(`${pool.pool}_${a.kind}`)}" {
${project ? `  project               = ${hclTemplate(project)}\n` : ''}  display_name          = ${hclString(a.displayName)}
  combiner              = "OR"
  enabled               = true
  severity              = ${hclString(p.severity)}
  notification_channels = var.${CHANNELS_VARIABLE}
  user_labels = {
${labels}
  }

  documentation {
    content   = ${hclString(p.documentation.content)}
    mime_type = "text/markdown"
    subject   = ${hclString(p.documentation.subject)}
  }

  conditions {
    display_name = ${hclString(KIND_TITLE[a.kind])}
    condition_prometheus_query_language {
      query               = ${hclTemplate(query)}
      duration            = "${a.durationSec}s"
      evaluation_interval = "60s"
    }
  }
}
`;
}

function dashboardBlock(pool: PoolObservability, refs: Targets | undefined): string {
  const literal = pool.targets!;
  const project = refs?.project ?? literal.project;
  const json = refs ? mapStrings(pool.dashboard, (x) => retarget(x, literal, refs)) : pool.dashboard;
  return `resource "google_monitoring_dashboard" "${ident(pool.pool)}" {
${project ? `  project        = ${hclTemplate(project)}\n` : ''}  dashboard_json = jsonencode(${hclJson(json, '  ')})
}
`;
}

/**
 * The local a pool's selectors read when it has several subscriptions in a module: their names, `.` and `+` escaped
 * for RE2 inside a PromQL string (`\\.`, as promql.ts `regexLiteral`), joined by `|`; Terraform's `replace` takes a
 * pattern between slashes as a regular expression (docs/sources.md#alerting-and-dashboards).
 */
function subscriptionsLocalBlock(pool: string, names: readonly string[]): string {
  return `locals {
  ${subscriptionsLocal(pool)} = join("|", [for n in [${names.join(', ')}] : replace(n, "/([.+])/", "\\\\\\\\$1")])
}
`;
}

/** One .tf file for the pools of one module (or of a YAML project), with the channels variable. */
export function terraformFile(pools: readonly TfPool[], channels: readonly string[], header: string): string {
  const parts = [
    `# ${header}`,
    '# Generated by pool-tuner observe (docs/observe.md): alert policies and dashboards derived from the SLO and the',
    '# tuned configuration\'s predicted bands, tested on the recording and the replays. Re-run after re-tuning.',
    '',
    `variable "${CHANNELS_VARIABLE}" {`,
    '  description = "Notification channels the pool alerts notify: projects/<project>/notificationChannels/<id>"',
    '  type        = list(string)',
    `  default     = [${channels.map(hclString).join(', ')}]`,
    '}',
    '',
  ];
  for (const t of pools) {
    if (!t.observed.targets) continue;
    parts.push(`# ${t.observed.pool}${t.observed.fitted ? '' : ': thresholds not fitted (no metrics), from the SLO alone'}`);
    if (t.refs && t.subscriptionNames) parts.push(subscriptionsLocalBlock(t.observed.pool, t.subscriptionNames));
    t.observed.alerts.forEach((_, i) => parts.push(policyBlock(t.observed, i, t.refs)));
    parts.push(dashboardBlock(t.observed, t.refs));
  }
  return `${parts.join('\n').trimEnd()}\n`;
}
