/**
 * Stage 1 of `observe`: the alert kinds a pool gets and each threshold, derived from the SLO, the pool model and
 * the tuned configuration's predicted bands (shared/tune `predictedBands`). Each threshold carries the words that
 * say how it was derived; they go into the policy documentation unchanged. Pure: no simulation here.
 */
import type { PoolSlo } from '../config/settings-schema.ts';
import type { PredictedBands } from '../model/bands-schema.ts';
import type { PoolSettingsValues } from '../tune/schema.ts';
import type { AlertKind } from './schema.ts';

export interface ThresholdInputs {
  slo: PoolSlo;
  /** True when pool-tuner.yaml declares no wait or age SLO (the model's default wait target is used). */
  sloDefaulted: boolean;
  /** True when the pool has metrics and the tuner produced predicted bands: thresholds can be fitted. */
  fitted: boolean;
  bands?: PredictedBands;
  /** The configuration the alerts ship with: the tuned one (today's when the tuner proposes no change). */
  recommended: PoolSettingsValues;
  processingP99Sec?: number;
  downstreamLimitPerSec?: number;
}

export interface Derived {
  kind: AlertKind;
  threshold: number;
  unit: string;
  /** Consecutive minutes the condition must hold (the policy's `duration`; 1 = the first sample over the threshold). */
  durationMin: number;
  /** Rate/increase window of the condition, minutes. */
  windowMin: number;
  derivation: string;
  /** Whether the test may move the threshold (a level), or it is fixed by meaning (any dead letter, pinned, stalled). */
  adjustable: boolean;
  /** The SLO objective the alert watches: a recorded breach of it the alert misses makes it too loose. */
  watches?: SloPart;
  /** Never raised above this (the SLO itself for the age alert). */
  cap?: number;
  fitted: boolean;
}

export type SloPart = 'wait' | 'age' | 'duplicates';

export interface Skipped {
  kind: AlertKind;
  why: string;
}

/** "Approaching" the max age: 80% of it leaves the metric's 60 s sampling and ≤120 s delay, plus reaction time, before the breach (docs/sources.md#pubsub-metrics). Assumption. */
export const AGE_APPROACH = 0.8;
/** Without an age SLO: an oldest message 6× the p95 wait objective is a tail far past the objective. Assumption (not fitted). */
export const AGE_PER_WAIT_OBJECTIVE = 6;
/** Expired-deadline ratio above the predicted band: 1.5× the band's p95 over the replays (headroom for a day unlike the replays). Assumption. */
export const EXPIRED_BAND_MARGIN = 1.5;
/** Floor of the expired-deadline threshold: a ratio under 0.1% is noise, not a lease problem. Assumption. */
export const EXPIRED_MIN_RATIO = 0.001;
/** Without bands: 1% of deliveries expiring is not a healthy pool's behaviour (the model's lease calibration limit, shared/model LEASE_CALIBRATION_REDELIVERY_RATIO). */
export const EXPIRED_UNFITTED_RATIO = 0.01;
/** At the downstream ceiling: acks at 95% of the declared limit for 10 minutes. Assumption. */
export const DOWNSTREAM_SHARE = 0.95;
/** Pinned at the maximum for 15 minutes: longer than a burst the scaler absorbs (3× the HPA's 300 s scale-down window, docs/sources.md#hpa-algorithm). */
export const PINNED_MINUTES = 15;
/** Stalled: no ack for max(10 min, 5 × p99 processing) while the backlog is non-zero: a working slot acks at least once per processing time. Assumption. */
export const STALL_MIN_MINUTES = 10;
export const STALL_PROCESSING_MULTIPLE = 5;

const s = (x: number) => `${Number(x.toPrecision(4))}`;

/** The alerts of one pool and why some kinds are skipped. */
export function deriveThresholds(i: ThresholdInputs): { derived: Derived[]; skipped: Skipped[] } {
  const derived: Derived[] = [];
  const skipped: Skipped[] = [];
  const notFitted = i.fitted ? '' : ' Not fitted: no metrics, so this threshold comes from the SLO alone.';
  const waitSec = i.slo.queueWaitP95Sec;
  const ageSec = i.slo.maxMessageAgeSec;
  const sloWords = i.sloDefaulted ? `the default wait target (no SLO declared in pool-tuner.yaml)` : 'the SLO in pool-tuner.yaml';

  // Oldest unacked age approaching the age objective.
  if (ageSec !== undefined) {
    derived.push({ kind: 'oldest-age', threshold: AGE_APPROACH * ageSec, unit: 's', durationMin: 2, windowMin: 1, adjustable: true, watches: 'age', cap: ageSec, fitted: i.fitted,
      derivation: `${AGE_APPROACH * 100}% of the SLO max message age ${s(ageSec)} s: the metric is sampled every 60 s and visible after up to 120 s, so the alert must open before the breach.${notFitted}` });
  } else if (waitSec !== undefined) {
    derived.push({ kind: 'oldest-age', threshold: AGE_PER_WAIT_OBJECTIVE * waitSec, unit: 's', durationMin: 2, windowMin: 1, adjustable: true, watches: 'wait', fitted: i.fitted,
      derivation: `No max-age SLO: ${AGE_PER_WAIT_OBJECTIVE} × the p95 queue-wait objective ${s(waitSec)} s (${sloWords}), an oldest message far past the objective.${notFitted}` });
  }

  // Backlog growing while its drain time (backlog ÷ ack rate, Little's law L = λW) is over the wait objective.
  const drainSec = waitSec ?? (ageSec !== undefined ? ageSec / 2 : undefined);
  if (drainSec !== undefined) {
    derived.push({ kind: 'backlog-growth', threshold: drainSec, unit: 's', durationMin: 5, windowMin: 10, adjustable: true, watches: waitSec !== undefined ? 'wait' : 'age', fitted: i.fitted,
      derivation: `The backlog grew over the last 10 min and draining it at the current ack rate would take over ${s(drainSec)} s (${waitSec !== undefined ? `the p95 queue-wait objective of ${sloWords}` : 'half the SLO max age'}): by Little's law (L = λW) a message arriving now waits about backlog ÷ ack rate, so the queue breaches before it turns.${notFitted}` });
  }

  // Any dead-lettered message: a message the pool gave up on (no healthy non-zero rate, docs/sources.md#dead-letter-topics).
  if (i.recommended.maxDeliveryAttempts !== undefined) {
    const band = i.bands ? ` The tuned configuration dead-letters ${s(i.bands.deadLetteredPerDay.median)} per day on its median replay (p95 ${s(i.bands.deadLetteredPerDay.p95)}).` : '';
    derived.push({ kind: 'dead-letters', threshold: 0, unit: 'messages', durationMin: 1, windowMin: 5, adjustable: false, fitted: i.fitted,
      derivation: `Any message dead-lettered in 5 min: each one failed every delivery attempt and sits in the dead-letter topic until its retention deletes it.${band}` });
  } else skipped.push({ kind: 'dead-letters', why: 'no dead-letter policy (in the files or the proposal)' });

  // Expired ack deadlines above the predicted band.
  if (i.bands) {
    const t = Math.max(EXPIRED_BAND_MARGIN * i.bands.duplicateRatio.p95, EXPIRED_MIN_RATIO);
    const capped = i.slo.duplicateRatioMax !== undefined && t > i.slo.duplicateRatioMax ? i.slo.duplicateRatioMax : t;
    derived.push({ kind: 'expired-ack-deadlines', threshold: capped, unit: 'ratio', durationMin: 5, windowMin: 10, adjustable: true, ...(i.slo.duplicateRatioMax !== undefined ? { watches: 'duplicates' as const } : {}), fitted: true,
      derivation: `Expired ack deadlines ÷ deliveries over 10 min above ${EXPIRED_BAND_MARGIN} × the predicted band's p95 of ${s(i.bands.duplicateRatio.p95)} over ${i.bands.replays} replays of the tuned configuration (floor ${EXPIRED_MIN_RATIO})${capped !== t ? `, capped at the SLO duplicate ratio ${s(i.slo.duplicateRatioMax!)}` : ''}.` });
  } else {
    const t = i.slo.duplicateRatioMax ?? EXPIRED_UNFITTED_RATIO;
    derived.push({ kind: 'expired-ack-deadlines', threshold: t, unit: 'ratio', durationMin: 5, windowMin: 10, adjustable: true, ...(i.slo.duplicateRatioMax !== undefined ? { watches: 'duplicates' as const } : {}), fitted: false,
      derivation: `${i.slo.duplicateRatioMax !== undefined ? 'The SLO duplicate ratio' : `${EXPIRED_UNFITTED_RATIO * 100}% of deliveries, beyond which expiries are not a healthy pool's`} (${s(t)}) of expired ack deadlines ÷ deliveries over 10 min. Not fitted: no predicted band.` });
  }

  // Instances pinned at the scaler's maximum.
  const sc = i.recommended.scaling;
  if (sc?.mode === 'crema' && sc.maxReplicas > sc.minReplicas) {
    derived.push({ kind: 'pinned-at-max', threshold: sc.maxReplicas - 0.5, unit: 'instances', durationMin: PINNED_MINUTES, windowMin: 1, adjustable: false, fitted: i.fitted,
      derivation: `Instances at the scaler maximum of ${sc.maxReplicas} (maxReplicaCount of the tuned configuration) for ${PINNED_MINUTES} min: the scaler asks for more than it may run.` });
  } else skipped.push({ kind: 'pinned-at-max', why: sc?.mode === 'crema' ? `min = max = ${sc.maxReplicas}: the count is fixed` : 'manual scaling: the instance count is fixed' });

  // Throughput at the downstream ceiling.
  if (i.downstreamLimitPerSec !== undefined) {
    derived.push({ kind: 'downstream-ceiling', threshold: DOWNSTREAM_SHARE * i.downstreamLimitPerSec, unit: 'msg/s', durationMin: 10, windowMin: 5, adjustable: true, cap: i.downstreamLimitPerSec, fitted: i.fitted,
      derivation: `Acks at ${DOWNSTREAM_SHARE * 100}% of the declared downstream limit of ${s(i.downstreamLimitPerSec)} msg/s (pool-tuner.yaml downstreamLimitPerSec) for 10 min: more instances will not drain faster.` });
  } else skipped.push({ kind: 'downstream-ceiling', why: 'no downstreamLimitPerSec in pool-tuner.yaml' });

  // Stalled: backlog but no acks.
  const stallMin = Math.max(STALL_MIN_MINUTES, Math.ceil((STALL_PROCESSING_MULTIPLE * (i.processingP99Sec ?? 0)) / 60));
  derived.push({ kind: 'stalled', threshold: 0.5, unit: '1', durationMin: 1, windowMin: stallMin, adjustable: false, fitted: i.fitted,
    derivation: `No message acked for ${stallMin} min (max of ${STALL_MIN_MINUTES} min and ${STALL_PROCESSING_MULTIPLE} × p99 processing${i.processingP99Sec !== undefined ? ` ${s(i.processingP99Sec)} s` : ', unknown'}) while the backlog is non-zero: a working slot acks at least once per processing time.` });

  return { derived, skipped };
}
