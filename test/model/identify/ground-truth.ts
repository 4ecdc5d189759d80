/**
 * Recordings with known ground truth for the identification corpus, made by a simulator written apart from
 * shared/simulate (no code in common): a 1-second time-stepped pool. Each second: Poisson arrivals; a queue-depth
 * scaler (KEDA-like: desired = ceil(backlog seen `lagSec` ago ÷ target), every `pollSec`, scale-down after a
 * 300 s window) or a fixed count; instances ready `startupSec` after they are requested; slots = ready × concurrency
 * pull FIFO; a pulled message first waits for a downstream token (a token bucket refilled at `limitPerSec`, at most
 * one second of burst) or an in-flight slot downstream (`maxInFlight`), then works for its intrinsic time, slowed
 * by CPU sharing when working messages need more vCPU than the ready instances have. Processing time recorded =
 * delivery → ack (waits inside the slot included), as Pub/Sub's ack latency is. Per minute it records what Cloud
 * Monitoring would (acks, end-of-minute backlog and oldest age, instances, CPU, ack-latency percentiles) and, as
 * hidden truth, every message's queue wait (publish → delivery).
 */
import type { MetricsSnapshot } from '../../../shared/metrics/snapshot-schema.ts';

export interface Truth {
  name: string;
  minutes: number;
  /** Arrival rate per second at a minute. */
  rate: (minute: number) => number;
  concurrency: number;
  scaling: { kind: 'manual'; instances: number } | { kind: 'queue'; target: number; min: number; max: number; pollSec: number; lagSec: number };
  startupSec: number;
  service: { p50Sec: number; sigma: number; heavyShare?: number; heavyFactor?: number };
  limitPerSec?: number;
  maxInFlight?: number;
  /** vCPU-seconds one message uses, with `vcpu` per instance. */
  cpuPerMsgSec?: number;
  vcpu: number;
  seed: number;
  /** The recording's first minute (default 2026-11-02T00:00:00Z, a Monday). */
  startUtc?: string;
}

export interface Recording {
  snapshot: MetricsSnapshot;
  /** Hidden truth: p95 of every message's queue wait, mean instances over the recording. */
  waitP95Sec: number;
  meanInstances: number;
}

/** mulberry32 (Tommy Ettinger's public-domain generator): the corpus's own stream, unrelated to shared/simulate's. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(u: () => number, mean: number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss(u)));
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= u();
  } while (p > l);
  return k - 1;
}
function gauss(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}
const pct = (xs: number[], q: number) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};

interface Msg { pub: number; del: number; work: number; waiting: boolean }

export function record(t: Truth): Recording {
  const u = rng(t.seed);
  const queue: Msg[] = [];
  let qHead = 0;
  const waiting: Msg[] = [];
  let wHead = 0;
  let working: Msg[] = [];
  let requested = t.scaling.kind === 'manual' ? t.scaling.instances : t.scaling.min;
  const readyAt: number[] = Array.from({ length: requested }, () => 0);
  let tokens = 0;
  const backlogHist: number[] = [];
  const desiredHist: { t: number; d: number }[] = [];
  const waits: number[] = [];
  const S = () => new Array<number | null>(t.minutes).fill(null);
  const s = { pub: S(), acked: S(), del: S(), backlog: S(), age: S(), inst: S(), cpu: S(), p50: S(), p95: S(), p99: S() };
  let instSec = 0;
  const demandPerMsg = t.cpuPerMsgSec !== undefined ? t.cpuPerMsgSec / (t.service.p50Sec * Math.exp((t.service.sigma ** 2) / 2)) : 0;
  for (let m = 0; m < t.minutes; m++) {
    let acked = 0;
    let delivered = 0;
    let published = 0;
    let cpuSum = 0;
    const proc: number[] = [];
    for (let sec = 0; sec < 60; sec++) {
      const now = m * 60 + sec;
      const n = poisson(u, t.rate(m));
      published += n;
      for (let k = 0; k < n; k++) {
        const heavy = t.service.heavyShare !== undefined && u() < t.service.heavyShare;
        const work = t.service.p50Sec * (heavy ? t.service.heavyFactor ?? 1 : 1) * Math.exp(t.service.sigma * gauss(u));
        queue.push({ pub: now + u(), del: 0, work, waiting: true });
      }
      const inFlight = (waiting.length - wHead) + working.length;
      if (t.scaling.kind === 'queue' && sec % t.scaling.pollSec === 0) {
        const seen = backlogHist[Math.max(0, backlogHist.length - 1 - t.scaling.lagSec)] ?? 0;
        const d = Math.min(t.scaling.max, Math.max(t.scaling.min, Math.ceil(seen / t.scaling.target)));
        desiredHist.push({ t: now, d });
        const windowMax = Math.max(...desiredHist.filter((x) => x.t > now - 300).map((x) => x.d));
        const next = d > requested ? d : Math.min(requested, windowMax);
        while (requested < next) {
          readyAt.push(now + t.startupSec);
          requested++;
        }
        while (requested > next) {
          readyAt.pop();
          requested--;
        }
      }
      const ready = readyAt.filter((r) => r <= now).length;
      instSec += requested;
      // Pull into free slots.
      const slots = ready * t.concurrency;
      let busy = inFlight;
      while (busy < slots && qHead < queue.length) {
        const msg = queue[qHead++]!;
        msg.del = Math.max(now, msg.pub);
        delivered++;
        if (t.limitPerSec !== undefined || t.maxInFlight !== undefined) waiting.push(msg);
        else {
          waits.push(msg.del - msg.pub);
          msg.waiting = false;
          working.push(msg);
        }
        busy++;
      }
      if (qHead > 100_000) {
        queue.splice(0, qHead);
        qHead = 0;
      }
      // Downstream admission.
      if (t.limitPerSec !== undefined) tokens = Math.min(tokens + t.limitPerSec, t.limitPerSec + 1);
      while (wHead < waiting.length) {
        if (t.limitPerSec !== undefined && tokens < 1) break;
        if (t.maxInFlight !== undefined && working.length >= t.maxInFlight) break;
        if (t.limitPerSec !== undefined) tokens -= 1;
        const msg = waiting[wHead++]!;
        msg.waiting = false;
        waits.push(Math.max(now, msg.del) - msg.pub);
        working.push(msg);
      }
      if (wHead > 10_000) {
        waiting.splice(0, wHead);
        wHead = 0;
      }
      // Work, with CPU sharing over the ready instances.
      const need = working.length * demandPerMsg;
      const have = Math.max(1, ready) * t.vcpu;
      const speed = need > have ? have / need : 1;
      let busySec = 0;
      // A slot freed within the second pulls its next message at once (no step boundary on slot reuse).
      const still: Msg[] = [];
      const gated = t.limitPerSec !== undefined || t.maxInFlight !== undefined;
      const run = (msg: Msg, from: number) => {
        let at = from;
        for (;;) {
          const budget = (now + 1 - at) * speed;
          if (msg.work > budget) {
            msg.work -= budget;
            busySec += now + 1 - at;
            still.push(msg);
            return;
          }
          busySec += msg.work / speed;
          at += msg.work / speed;
          acked++;
          proc.push(Math.max(0.001, at - msg.del));
          if (gated) {
            // The freed slot pulls the next message into the downstream wait; the freed downstream place admits
            // the first waiting one (a token permitting) and runs it from now.
            if (qHead < queue.length) {
              const next = queue[qHead++]!;
              next.del = Math.max(at, next.pub);
              delivered++;
              waiting.push(next);
            }
            if (wHead >= waiting.length || (t.limitPerSec !== undefined && tokens < 1)) return;
            if (t.limitPerSec !== undefined) tokens -= 1;
            msg = waiting[wHead++]!;
            msg.waiting = false;
            at = Math.max(at, msg.del);
            waits.push(at - msg.pub);
            continue;
          }
          if (qHead >= queue.length || queue[qHead]!.pub >= now + 1) return;
          msg = queue[qHead++]!;
          msg.del = Math.max(at, msg.pub);
          at = msg.del;
          waits.push(at - msg.pub);
          delivered++;
          msg.waiting = false;
        }
      };
      for (const msg of working) run(msg, msg.del > now ? msg.del : now);
      working = still;
      // CPU used this second: the vCPU-seconds the working messages got (demand × speed × time worked).
      if (ready > 0) cpuSum += Math.min(1, (busySec * demandPerMsg * speed) / have);
      // The backlog gauge at the end of the second (queued + in flight): what the scaler reads `lagSec` later.
      backlogHist.push(queue.length - qHead + (waiting.length - wHead) + working.length);
    }
    const inFlight = (waiting.length - wHead) + working.length;
    const oldest = qHead < queue.length ? queue[qHead]!.pub : inFlight ? Math.min(...working.map((x) => x.pub), ...(wHead < waiting.length ? [waiting[wHead]!.pub] : [])) : undefined;
    s.pub[m] = published;
    s.acked[m] = acked;
    s.del[m] = delivered;
    s.backlog[m] = queue.length - qHead + inFlight;
    s.age[m] = oldest !== undefined ? Math.max(0, (m + 1) * 60 - oldest) : 0;
    s.inst[m] = requested;
    s.cpu[m] = Math.min(1, cpuSum / 60 + 0.02);
    const p = (q: number) => { const v = pct(proc, q); return v === null ? null : Math.round(v * 1000); };
    s.p50[m] = p(0.5);
    s.p95[m] = p(0.95);
    s.p99[m] = p(0.99);
  }
  const sub = `${t.name}-sub`;
  const snapshot: MetricsSnapshot = {
    schemaVersion: 1,
    source: `generated: ground-truth ${t.name}`,
    project: 'corpus',
    window: { start: t.startUtc ?? '2026-11-02T00:00:00Z', end: new Date(Date.parse(t.startUtc ?? '2026-11-02T00:00:00Z') + t.minutes * 60_000).toISOString().replace('.000Z', 'Z'), stepSec: 60 },
    pools: { [t.name]: { instanceCount: s.inst, ...(t.cpuPerMsgSec !== undefined ? { cpuUtilization: s.cpu } : {}) } },
    subscriptions: {
      [sub]: {
        publishedMessagesPerMin: s.pub, deliveredMessagesPerMin: s.del, ackedMessagesPerMin: s.acked,
        nackedMessagesPerMin: S().map(() => 0), expiredAckDeadlinesPerMin: S().map(() => 0), deadLetteredMessagesPerMin: S().map(() => 0),
        backlogMessages: s.backlog, oldestUnackedAgeSec: s.age, processingTimeMs: { p50: s.p50, p95: s.p95, p99: s.p99 },
      },
    },
  };
  return { snapshot, waitP95Sec: pct(waits, 0.95) ?? 0, meanInstances: instSec / (t.minutes * 60) };
}

/** The pool's files: a WorkerPool (manual or scaled by a CremaConfig), its subscription and pool-tuner.yaml. */
export function filesOf(t: Truth, declare: { limitPerSec?: number; slo?: { queueWaitP95Sec: number }; scalerLagSec?: number } = {}): { path: string; text: string }[] {
  const manual = t.scaling.kind === 'manual';
  const wp = `apiVersion: run.googleapis.com/v1
kind: WorkerPool
metadata:
  name: ${t.name}
  labels:
    cloud.googleapis.com/location: us-central1
  annotations:
    run.googleapis.com/scalingMode: manual
    run.googleapis.com/manualInstanceCount: '${manual ? (t.scaling as { instances: number }).instances : t.scaling.kind === 'queue' ? t.scaling.min : 1}'
spec:
  template:
    spec:
      containers:
      - name: worker
        image: us-docker.pkg.dev/corpus/apps/worker:1
        env:
        - name: SUBSCRIPTION_ID
          value: ${t.name}-sub
        - name: MAX_OUTSTANDING_MESSAGES
          value: '${t.concurrency}'
        resources:
          limits:
            cpu: '${t.vcpu}'
            memory: 2Gi
`;
  const sub = `---
ackDeadlineSeconds: 600
name: projects/corpus/subscriptions/${t.name}-sub
topic: projects/corpus/topics/${t.name}
retryPolicy:
  minimumBackoff: 10s
  maximumBackoff: 600s
deadLetterPolicy:
  deadLetterTopic: projects/corpus/topics/${t.name}-dlq
  maxDeliveryAttempts: 5
`;
  const crema = t.scaling.kind === 'queue' ? `---
apiVersion: crema/v1
kind: CremaConfig
metadata:
  name: ${t.name}-scaler
spec:
  pollingInterval: ${t.scaling.pollSec}
  scaledObjects:
    - spec:
        scaleTargetRef:
          name: projects/corpus/locations/us-central1/workerpools/${t.name}
        minReplicaCount: ${t.scaling.min}
        maxReplicaCount: ${t.scaling.max}
        triggers:
          - type: gcp-pubsub
            metadata:
              subscriptionName: ${t.name}-sub
              value: "${t.scaling.target}"
` : '';
  const settings = `apiVersion: pool-tuner/v1
kind: PoolTunerSettings
project: corpus
pools:
  ${t.name}:
${t.scaling.kind === 'queue' ? `    scaler: ${t.name}-scaler\n` : ''}    slo:
      queueWaitP95Sec: ${declare.slo?.queueWaitP95Sec ?? 60}
${declare.limitPerSec !== undefined ? `    downstreamLimitPerSec: ${declare.limitPerSec}\n` : ''}${declare.scalerLagSec !== undefined ? `    model:\n      scalerLagSec: ${declare.scalerLagSec}\n` : ''}`;
  return [{ path: `${t.name}/pool.yaml`, text: wp + sub + crema }, { path: 'pool-tuner.yaml', text: settings }];
}
