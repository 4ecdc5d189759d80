/**
 * Stage 4b: the pool's dashboard, a google.monitoring.dashboard.v1.Dashboard (proto3 JSON, the body `gcloud
 * monitoring dashboards create --config-from-file` accepts: docs/sources.md#alerting-and-dashboards) on a 48-column
 * mosaic: backlog, oldest age, arrival vs ack rate, instances vs the scaler maximum, CPU and memory, dead letters and
 * expired deadlines, each chart PromQL, with the SLO and the alert thresholds drawn as threshold lines.
 */
import { expr, METRIC, perSubscription, regexLiteral, type Targets } from './promql.ts';
import type { AlertKind } from './schema.ts';
import { labelValue } from './policy.ts';

export interface DashboardInputs {
  pool: string;
  targets: Targets;
  /** The topics the subscriptions read (arrivals), when known. */
  topics: readonly string[];
  maxMessageAgeSec?: number;
  downstreamLimitPerSec?: number;
  maxInstances?: number;
  thresholds: Partial<Record<AlertKind, number>>;
}

interface Line { label: string; value: number; color?: 'YELLOW' | 'RED' }

function chart(title: string, queries: { query: string; legend: string }[], yLabel: string, lines: Line[] = []): Record<string, unknown> {
  return {
    title,
    xyChart: {
      dataSets: queries.map((q) => ({ timeSeriesQuery: { prometheusQuery: q.query }, plotType: 'LINE', legendTemplate: q.legend, targetAxis: 'Y1' })),
      thresholds: lines.map((l) => ({ label: l.label, value: l.value, color: l.color ?? 'RED', direction: 'ABOVE', targetAxis: 'Y1' })),
      yAxis: { label: yLabel, scale: 'LINEAR' },
    },
  };
}

const WIDTH = 24;
const HEIGHT = 16;

export function dashboardOf(i: DashboardInputs): Record<string, unknown> {
  const t = i.targets;
  const th = i.thresholds;
  const line = (label: string, v: number | undefined, color?: Line['color']): Line[] => (v === undefined ? [] : [{ label, value: Number(v.toPrecision(6)), ...(color ? { color } : {}) }]);
  // Several subscriptions: a line per subscription, named by its label (legendTemplate `${label_name}`: docs/sources.md#alerting-and-dashboards).
  const each = (legend: string) => (perSubscription(t) ? `${legend} \${subscription_id}` : legend);
  const topicMatch = i.topics.length > 1 ? `topic_id=~"${i.topics.map(regexLiteral).join('|')}"` : `topic_id="${i.topics[0] ?? ''}"`;
  const arrivals = i.topics.length
    ? [{ query: `sum(rate(pubsub_googleapis_com:topic_send_message_operation_count{monitored_resource="pubsub_topic",${t.project ? `project_id="${t.project}",` : ''}${topicMatch}}[5m]))`, legend: 'published msg/s' }]
    : [{ query: expr.sentRate(t, '5m'), legend: each('delivered msg/s') }];
  const widgets = [
    chart('Backlog (unacked messages)', [{ query: expr.backlog(t), legend: each('unacked') }], 'messages'),
    chart('Oldest unacked message age', [{ query: expr.oldestAge(t), legend: each('oldest age') }], 's',
      [...line('SLO max age', i.maxMessageAgeSec), ...line('alert', th['oldest-age'], 'YELLOW')]),
    chart('Arrival vs ack rate', [...arrivals, { query: expr.ackRate(t, '5m'), legend: each('acked msg/s') }], 'msg/s',
      [...line('downstream limit', i.downstreamLimitPerSec), ...line('alert', th['downstream-ceiling'], 'YELLOW')]),
    chart('Instances vs scaler maximum', [{ query: expr.instances(t), legend: 'instances' }], 'instances', line('scaler max', i.maxInstances)),
    chart('CPU and memory utilisation (p99)', [
      { query: expr.utilizationP99(t, METRIC.cpu, '5m'), legend: 'CPU p99' },
      { query: expr.utilizationP99(t, METRIC.memory, '5m'), legend: 'memory p99' },
    ], '0-1', [{ label: 'saturation', value: 0.8, color: 'YELLOW' }]),
    chart('Dead letters and expired ack deadlines', [
      { query: expr.deadLettered(t, '5m'), legend: each('dead-lettered / 5 min') },
      { query: expr.expiredRate(t, '5m'), legend: each('expired deadlines / s') },
    ], 'messages'),
  ];
  return {
    displayName: `pool-tuner ${i.pool}`,
    labels: { 'pool-tuner': '', [labelValue(i.pool)]: '' },
    mosaicLayout: {
      columns: 48,
      tiles: widgets.map((widget, k) => ({ xPos: (k % 2) * WIDTH, yPos: Math.floor(k / 2) * HEIGHT, width: WIDTH, height: HEIGHT, widget })),
    },
  };
}
