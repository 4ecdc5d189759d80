/**
 * Stage 3: an alert tested before it ships. Its condition is evaluated on the recorded day (times it would have
 * fired, stamped from the snapshot window) and on the replays of the tuned configuration. An alert that fires on a
 * replay meeting the SLO is too tight: its threshold is raised 10% above the highest level the healthy replays
 * held (never above its cap). One that stays quiet while the recording breached the SLO is too loose: its threshold
 * is lowered to halfway between the healthy replays' highest level and the recording's (or 90% of the recording's
 * without replays). When the recording's level is no higher than the healthy replays', no threshold separates them:
 * a conflict, left as derived. The margins (10%, halfway, 90%) are assumptions.
 */
import type { Alert } from './schema.ts';
import { signalOf, type ObserveSeries } from './signals.ts';
import { fireMinutes, peak, sustained } from './fires.ts';
import type { Derived, SloPart } from './thresholds.ts';
import { POOL_WIDE_KINDS } from './conditions.ts';

export interface RecordedRun {
  series: ObserveSeries;
  /**
   * With several subscriptions: each one's recorded series (the pool's worker series beside it). Per-subscription
   * conditions are evaluated on each, as Cloud Monitoring evaluates one series per subscription (promql.ts).
   */
  perSubscription?: { subscription: string; series: ObserveSeries }[];
  /** ISO 8601 start of the first minute (the snapshot window's start). */
  start: string;
  /** The SLO objectives the recording breached (an incident the alerts watching them should catch). */
  breached: SloPart[];
}

export interface ReplayRun {
  series: ObserveSeries;
  healthy: boolean;
}

export const TIGHT_MARGIN = 1.1;
export const LOOSE_SHARE = 0.9;

type Tested = Pick<Alert, 'recorded' | 'replays' | 'verdict' | 'adjustment' | 'summary'> & { threshold: number };

interface Levels {
  /** One entry per series the condition returns on the recording (one per subscription when it is grouped by them). */
  recorded?: { subscription?: string; levels: (number | null)[] }[];
  replays: { levels: (number | null)[]; healthy: boolean }[];
}

function levelsOf(d: Derived, rec: RecordedRun | undefined, replays: readonly ReplayRun[]): Levels {
  const lv = (s: ObserveSeries) => sustained(signalOf(d, s), d.durationMin);
  // The replays simulate the pool's subscriptions as one queue (the model's): their combined series.
  const each = rec?.perSubscription && !POOL_WIDE_KINDS.has(d.kind) ? rec.perSubscription : undefined;
  const recorded = each ? each.map((x) => ({ subscription: x.subscription, levels: lv(x.series) })) : rec ? [{ levels: lv(rec.series) }] : undefined;
  return { ...(recorded ? { recorded } : {}), replays: replays.map((r) => ({ levels: lv(r.series), healthy: r.healthy })) };
}

/** Minute i of a window starting at `start`, as ISO 8601 without seconds' fraction. */
export function minuteIso(start: string, i: number): string {
  return new Date(Date.parse(start) + i * 60_000).toISOString().replace('.000Z', 'Z');
}

function judge(d: Derived, threshold: number, lv: Levels, rec: RecordedRun | undefined) {
  const perSeries = (lv.recorded ?? []).map((r) => ({ subscription: r.subscription, fires: fireMinutes(r.levels, threshold) }));
  const recFires = perSeries.flatMap((r) => r.fires).sort((a, b) => a - b);
  const fired = lv.replays.map((r) => fireMinutes(r.levels, threshold).length > 0);
  const firedHealthy = lv.replays.filter((r, i) => r.healthy && fired[i]).length;
  const bySubscription = perSeries.every((r) => r.subscription !== undefined) && perSeries.length > 1
    ? { bySubscription: perSeries.map((r) => ({ subscription: r.subscription!, fires: r.fires.length })) } : {};
  return {
    recFires,
    recorded: rec && lv.recorded ? {
      fires: recFires.length, at: recFires.map((i) => minuteIso(rec.start, i)), minutes: Math.max(...lv.recorded.map((r) => r.levels.length)),
      sloBreached: rec.breached.length > 0, ...bySubscription,
    } : undefined,
    replays: lv.replays.length ? { replays: lv.replays.length, fired: fired.filter(Boolean).length, healthy: lv.replays.filter((r) => r.healthy).length, firedHealthy } : undefined,
  };
}

/** Tests `d` and adjusts its threshold once when it is too tight or too loose. */
export function testAlert(d: Derived, rec: RecordedRun | undefined, replays: readonly ReplayRun[]): Tested {
  const lv = levelsOf(d, rec, replays);
  const first = judge(d, d.threshold, lv, rec);
  if (!first.recorded && !first.replays) return { threshold: d.threshold, verdict: 'untested', summary: 'untested: no recording and no replays (pass --metrics FILE)' };
  const healthyPeak = peak(lv.replays.filter((r) => r.healthy).flatMap((r) => r.levels));
  const tooTight = (first.replays?.firedHealthy ?? 0) > 0;
  const tooLoose = !!d.watches && !!rec?.breached.includes(d.watches) && first.recFires.length === 0;
  let threshold = d.threshold;
  let verdict: Tested['verdict'] = 'ok';
  let why = '';
  if (tooTight && d.adjustable && healthyPeak !== undefined) {
    verdict = 'too-tight';
    threshold = Math.min(d.cap ?? Infinity, TIGHT_MARGIN * healthyPeak);
    why = `fired on ${first.replays!.firedHealthy} replay(s) of the tuned configuration that met the SLO: raised to ${TIGHT_MARGIN} × the highest level they held (${round(healthyPeak)})${d.cap !== undefined && threshold === d.cap ? `, capped at ${round(d.cap)}` : ''}`;
  } else if (tooTight) {
    verdict = 'too-tight';
  } else if (tooLoose && d.adjustable) {
    const recPeak = peak(lv.recorded!.flatMap((r) => r.levels));
    if (recPeak === undefined || (healthyPeak !== undefined && recPeak <= healthyPeak)) {
      verdict = 'conflict';
      why = `the recording breached the ${d.watches} objective without this signal rising above what the healthy replays show`;
    } else {
      verdict = 'too-loose';
      threshold = healthyPeak !== undefined ? (healthyPeak + recPeak) / 2 : LOOSE_SHARE * recPeak;
      why = `stayed quiet while the recording breached the ${d.watches} objective: lowered to ${healthyPeak !== undefined ? `halfway between the healthy replays' highest level (${round(healthyPeak)}) and the recording's (${round(recPeak)})` : `${LOOSE_SHARE} × the recording's highest level (${round(recPeak)})`}`;
    }
  } else if (tooLoose) {
    verdict = 'too-loose';
  }
  // Four significant digits, the output precision (docs/output-precision.md), so the query and the test agree.
  threshold = round(threshold);
  const final = threshold === d.threshold ? first : judge(d, threshold, lv, rec);
  return {
    threshold,
    verdict,
    ...(final.recorded ? { recorded: final.recorded } : {}),
    ...(final.replays ? { replays: final.replays } : {}),
    ...(threshold !== d.threshold ? { adjustment: { from: d.threshold, to: threshold, why } } : {}),
    summary: summaryOf(final.recorded, final.replays, verdict, why),
  };
}

const round = (x: number) => Number(x.toPrecision(4));

/** "would have fired 3 times (14:02, 14:31, 19:10); fires on 0 of 10 replays of the proposed configuration". */
export function summaryOf(recorded: Alert['recorded'], replays: Alert['replays'], verdict: Alert['verdict'], why: string): string {
  const parts: string[] = [];
  if (recorded) {
    const times = recorded.at.slice(0, 5).map((t) => t.slice(11, 16));
    const more = recorded.at.length > 5 ? `, … ${recorded.at.length - 5} more` : '';
    const subs = recorded.bySubscription ? `; ${recorded.bySubscription.map((b) => `${b.subscription} ${b.fires}`).join(', ')}` : '';
    parts.push(recorded.fires === 0 ? 'would not have fired on the recording' : `would have fired ${recorded.fires === 1 ? 'once' : `${recorded.fires} times`} on the recording (${times.join(', ')}${more}${subs})`);
  }
  if (replays) parts.push(`fires on ${replays.fired} of ${replays.replays} replays of the proposed configuration${replays.healthy < replays.replays ? ` (${replays.replays - replays.healthy} of them miss the SLO)` : ''}`);
  const v = verdict === 'ok' ? '' : `; ${verdict}${why ? `: ${why}` : ''}`;
  return `${parts.join('; ')}${v}`;
}
