import type { Rule, RuleContext } from './types.ts';
import type { Pool } from '../config/model.ts';
import type { PoolFigures } from '../metrics/figures.ts';
import { capacityField, duration, limitingCapacity, figuresOf, growthOf, num, poolAnchor, spanOf, GROWTH, type FieldRef, type Growth } from './lib/metric-rules.ts';

/** What the trend says, per docs/sources.md#autoscaling-on-pubsub-metrics "Interpreting backlog" (monitoring doc). */
type Diagnosis = 'not-keeping-up' | 'stuck-message' | 'backlog-growing' | 'age-growing';

const EXPLAIN: Record<Diagnosis, string> = {
  'not-keeping-up': 'backlog and oldest age both grow: subscribers are not keeping up (under-provisioned, or failing)',
  'stuck-message': 'the backlog is steady but the oldest age grows: a stuck or poison message is being redelivered',
  'backlog-growing': 'the backlog grows: messages arrive faster than the pool acks them (under-provisioned)',
  'age-growing': 'the oldest age grows: subscribers are not keeping up or a message is stuck (no backlog figure to tell which)',
};

/**
 * docs/sources.md#autoscaling-on-pubsub-metrics: "Age and count both growing means subscribers aren't keeping up: add capacity or fix bugs. A steady small
 * backlog with growing age means stuck or poison messages: consider a DLQ." Growth thresholds: lib GROWTH (above the
 * noise of 60 s sampling, docs/sources.md#pubsub-metrics). A growing backlog left alone ends in data loss once age passes retention (docs/sources.md#autoscaling-on-pubsub-metrics).
 */
export const rule: Rule = {
  meta: {
    id: 'backlog-growing',
    title: 'Backlog or oldest unacked age grows across the window',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'metrics',
    description: 'A backlog that keeps growing means the pool acks less than arrives; an oldest age that keeps growing over a steady backlog means a message is stuck. Either ends with messages older than retention, which are lost.',
    remediation: 'Both growing: add capacity (instances, concurrency or a lower autoscaler target) or fix failing processing. Steady backlog with growing age: add a dead-letter policy so poison messages are parked.',
    fixable: 'none',
  },
  check(ctx) {
    for (const pool of ctx.pools) {
      const f = figuresOf(ctx, pool);
      if (!f) continue;
      const g = growthOf(f);
      const d = diagnose(g);
      if (!d) continue;
      const ref = d === 'stuck-message' || d === 'age-growing' ? dlqField(pool) : limitingCapacity(pool, f);
      const at = ref ?? poolAnchor(ctx, pool);
      if (at) report(ctx, pool, f, g, d, at);
    }
  },
};

function diagnose(g: Growth): Diagnosis | undefined {
  if (g.backlogGrowing && g.ageGrowing) return 'not-keeping-up';
  if (g.backlogGrowing) return 'backlog-growing';
  if (!g.ageGrowing) return undefined;
  return g.backlogMessages === undefined ? 'age-growing' : 'stuck-message';
}

/** The first subscription's dead-letter policy (its key; the subscription's nearest key when there is none). */
function dlqField(pool: Pool): FieldRef | undefined {
  const sub = pool.subscriptions[0];
  return sub ? { at: sub, path: [...sub.basePath, 'deadLetterPolicy'], explicit: false } : undefined;
}

function report(ctx: RuleContext, pool: Pool, f: PoolFigures, g: Growth, d: Diagnosis, at: FieldRef): void {
  const hours = f.windowSec / 3600;
  const parts = [
    g.backlogMessages !== undefined ? `backlog ${g.backlogMessages >= 0 ? '+' : ''}${num(g.backlogMessages, 0)} messages (${num(f.backlogMessages?.slopePerHour ?? 0, 1)}/h)` : undefined,
    g.ageSec !== undefined ? `oldest unacked age ${g.ageSec >= 0 ? '+' : ''}${duration(g.ageSec)} (${num(f.oldestUnackedAgeSec?.slopePerHour ?? 0, 0)} s/h)` : undefined,
  ].filter((x) => x !== undefined);
  const sub = pool.subscriptions[0];
  const dlqNote = d === 'stuck-message' && sub && !sub.hasDeadLetterPolicy ? `; subscription "${sub.name}" has no dead-letter policy` : '';
  const cap = capacityField(pool);
  const heldBack = at.path.includes('triggers') && cap?.value !== undefined
    ? `; the scaler peaked at ${f.instanceCount?.max ?? 0} of ${cap.value} instances, so its target value held it back` : '';
  ctx.report({
    message: `Pool "${pool.name}" over ${num(hours, 1)} h: ${parts.join(', ')}. ${capitalise(EXPLAIN[d])}${dlqNote}${heldBack}.`,
    file: at.at.ref.file,
    span: spanOf(ctx, at),
    pool: pool.name,
    data: {
      diagnosis: d,
      windowHours: hours,
      ...(g.backlogMessages !== undefined ? { backlogGrowthMessages: g.backlogMessages, backlogSlopePerHour: f.backlogMessages?.slopePerHour ?? 0 } : {}),
      ...(g.ageSec !== undefined ? { oldestAgeGrowthSec: g.ageSec, oldestAgeSlopeSecPerHour: f.oldestUnackedAgeSec?.slopePerHour ?? 0 } : {}),
      ...(f.instanceCount?.max !== undefined ? { peakInstances: f.instanceCount.max } : {}),
      backlogMinGrowthMessages: GROWTH.backlogMinMessages,
      ageMinGrowthSec: GROWTH.ageMinSec,
    },
  });
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
