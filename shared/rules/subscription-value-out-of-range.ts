import type { Rule, RuleContext } from './types.ts';
import type { Subscription } from '../config/model.ts';
import type { PathSeg } from '../config/yaml-source.ts';
import type { YamlValue } from '../config/yaml-edit.ts';
import { poolOfSubscription, rawScalar } from './lib/helpers.ts';
import { parseDurationSec } from '../config/quantity.ts';
import { ACK_DEADLINE, BACKOFF, DELIVERY_ATTEMPTS, RETENTION } from './lib/limits.ts';
import { poolModelOf } from './lib/pool-model.ts';
import { subscriptionAckDeadline } from '../model/ack-deadline.ts';

/** docs/sources.md#subscription-fields: `expirationPolicy.ttl` is at least 1 day (no maximum is given there). */
const MIN_TTL_SEC = 86400;

/** Suggested below the minimum of 5 attempts: the same 10 as max-delivery-attempts-at-minimum (docs/sources.md#heuristics). */
const SUGGESTED_ATTEMPTS = 10;

interface RangeCheck {
  field: string;
  path: PathSeg[];
  value: number | undefined;
  min: number;
  max: number;
  /** 0 is accepted and means "the default" (docs/sources.md#subscription-fields). */
  zeroMeansDefault: boolean;
  unit: 's' | '';
  /** How to write a value back: durations as "600s", counts as numbers. */
  write: (n: number) => YamlValue;
  /**
   * The value to suggest below the minimum when the minimum itself would raise another rule: 5 delivery attempts is
   * max-delivery-attempts-at-minimum's finding; an exactly-once ack deadline of 10 is exactly-once-short-ack-deadline's.
   */
  belowMin?: { value: number; why: string };
}

/** docs/sources.md#subscription-fields: the Pub/Sub API's accepted ranges; a value outside them makes create/update fail. */
export const rule: Rule = {
  meta: {
    id: 'subscription-value-out-of-range',
    title: 'Subscription setting outside the range Pub/Sub accepts',
    category: 'correctness',
    defaultSeverity: 'error',
    needs: 'config',
    description: 'Pub/Sub rejects a subscription whose ack deadline, retry backoff, delivery attempts, retention or expiration TTL is outside the documented range, so the whole change fails to apply.',
    remediation: 'Use ackDeadlineSeconds 10–600 (0 = default), backoffs 0–600s with minimum ≤ maximum, maxDeliveryAttempts 5–100 (0 = default), retention 10m–31d and an expiration TTL of at least 1 day.',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const sub of ctx.ws.subscriptions) {
      const b = sub.basePath;
      const dur = (n: number) => `${n}s`;
      // The one ack-deadline function, only when the value is below the range (building the pool model per
      // subscription would cost every review of a large workspace).
      const below = sub.ackDeadlineSec !== undefined && sub.ackDeadlineSec !== 0 && sub.ackDeadlineSec < ACK_DEADLINE.minSec;
      const owner = below ? poolOfSubscription(ctx, sub) : undefined;
      const choice = below ? subscriptionAckDeadline(owner ? poolModelOf(ctx, owner) : undefined, sub) : undefined;
      const ack = { sec: choice?.ackDeadlineSec ?? ACK_DEADLINE.minSec, why: choice?.why ?? '' };
      const checks: RangeCheck[] = [
        { field: 'ackDeadlineSeconds', path: [...b, 'ackDeadlineSeconds'], value: sub.ackDeadlineSec, min: ACK_DEADLINE.minSec, max: ACK_DEADLINE.maxSec, zeroMeansDefault: true, unit: 's', write: (n) => n,
          belowMin: ack.sec > ACK_DEADLINE.minSec ? { value: ack.sec, why: ack.why } : undefined },
        { field: 'retryPolicy.minimumBackoff', path: [...b, 'retryPolicy', 'minimumBackoff'], value: sub.minimumBackoffSec, min: BACKOFF.minSec, max: BACKOFF.maxSec, zeroMeansDefault: false, unit: 's', write: dur },
        { field: 'retryPolicy.maximumBackoff', path: [...b, 'retryPolicy', 'maximumBackoff'], value: sub.maximumBackoffSec, min: BACKOFF.minSec, max: BACKOFF.maxSec, zeroMeansDefault: false, unit: 's', write: dur },
        { field: 'deadLetterPolicy.maxDeliveryAttempts', path: [...b, 'deadLetterPolicy', 'maxDeliveryAttempts'], value: sub.maxDeliveryAttempts, min: DELIVERY_ATTEMPTS.min, max: DELIVERY_ATTEMPTS.max, zeroMeansDefault: true, unit: '', write: (n) => n,
          belowMin: { value: SUGGESTED_ATTEMPTS, why: `${DELIVERY_ATTEMPTS.min} is the minimum Pub/Sub accepts; twice that rides out transient failures` } },
        // Below the 10-minute minimum: Pub/Sub's 7-day default, since 10 minutes would still lose messages in an outage (message-retention-too-short).
        { field: 'messageRetentionDuration', path: [...b, 'messageRetentionDuration'], value: sub.retentionSec, min: RETENTION.minSec, max: RETENTION.maxSec, zeroMeansDefault: false, unit: 's', write: dur,
          belowMin: { value: RETENTION.defaultSec, why: 'Pub/Sub\'s default: the 10-minute minimum would still lose messages in an outage' } },
        // docs/sources.md#subscription-fields: the minimum TTL is 1 day; an empty ttl means "never expires" (parseDurationSec reads it as undefined).
        { field: 'expirationPolicy.ttl', path: [...b, 'expirationPolicy', 'ttl'], value: parseDurationSec(rawScalar(ctx, sub, [...b, 'expirationPolicy', 'ttl'])), min: MIN_TTL_SEC, max: Infinity, zeroMeansDefault: false, unit: 's', write: dur },
      ];
      let rangeProblem = false;
      for (const c of checks) {
        if (c.value === undefined || (c.zeroMeansDefault && c.value === 0) || (c.value >= c.min && c.value <= c.max)) continue;
        rangeProblem ||= c.field.startsWith('retryPolicy');
        reportRange(ctx, sub, c);
      }
      if (!rangeProblem) checkBackoffOrder(ctx, sub);
    }
  },
};

function reportRange(ctx: RuleContext, sub: Subscription, c: RangeCheck): void {
  const value = c.value!;
  const alt = value < c.min ? c.belowMin : undefined;
  const nearest = alt?.value ?? (value < c.min ? c.min : c.max);
  const edit = ctx.setEdit(sub, c.path, c.write(nearest));
  const range = c.max === Infinity ? `at least ${c.min}${c.unit}${human(c.min, c.unit)}`
    : `${c.min}${c.unit}${human(c.min, c.unit)}–${c.max}${c.unit}${human(c.max, c.unit)}${c.zeroMeansDefault ? ' (or 0 for the default)' : ''}`;
  ctx.report({
    message: `${c.field} is ${value}${c.unit} on subscription "${sub.name}"; Pub/Sub accepts ${range}.`,
    file: sub.ref.file,
    span: ctx.span(sub, c.path),
    pool: poolOfSubscription(ctx, sub)?.name,
    suggestions: edit ? [{ title: `Set ${c.field} to ${nearest}${c.unit} (${humanPrefix(nearest, c.unit)}${alt?.why ?? 'the nearest value Pub/Sub accepts'})`, edits: [edit] }] : undefined,
    data: { subscription: sub.name, field: c.field, value, min: c.min, max: c.max },
  });
}

/** docs/sources.md#subscription-fields: exponential backoff runs from minimumBackoff up to maximumBackoff, so the minimum must not exceed it. */
function checkBackoffOrder(ctx: RuleContext, sub: Subscription): void {
  const min = sub.minimumBackoffSec;
  const max = sub.maximumBackoffSec;
  if (min === undefined || max === undefined || min <= max) return;
  const rp = [...sub.basePath, 'retryPolicy'];
  const a = ctx.setEdit(sub, [...rp, 'minimumBackoff'], `${max}s`);
  const b = ctx.setEdit(sub, [...rp, 'maximumBackoff'], `${min}s`);
  ctx.report({
    message: `retryPolicy.minimumBackoff (${min}s) is greater than maximumBackoff (${max}s) on subscription "${sub.name}".`,
    file: sub.ref.file,
    span: ctx.span(sub, [...rp, 'minimumBackoff']),
    pool: poolOfSubscription(ctx, sub)?.name,
    suggestions: a && b ? [{ title: `Swap the backoffs to ${max}s–${min}s (they look transposed; minimum must be ≤ maximum)`, edits: [a, b] }] : undefined,
    data: { subscription: sub.name, field: 'retryPolicy', minimumBackoffSec: min, maximumBackoffSec: max },
  });
}

/** `31 days; ` before the reason in a suggestion title. */
function humanPrefix(sec: number, unit: RangeCheck['unit']): string {
  const h = human(sec, unit);
  return h ? `${h.slice(2, -1)}; ` : '';
}

/** ` (31 days)`, ` (10 min)` after a duration of ten minutes or more written in seconds; '' otherwise. */
function human(sec: number, unit: RangeCheck['unit']): string {
  if (unit !== 's' || sec < 600) return '';
  if (sec % 86400 === 0) return ` (${sec / 86400} day${sec === 86400 ? '' : 's'})`;
  if (sec % 3600 === 0) return ` (${sec / 3600} h)`;
  return sec % 60 === 0 ? ` (${sec / 60} min)` : '';
}
