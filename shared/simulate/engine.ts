/**
 * Discrete-event simulation of a worker pool pulling from a Pub/Sub subscription. The model, its assumptions
 * and tolerances are in docs/simulator.md; in short:
 * - Arrivals: per-minute counts from a trace; within a minute a Poisson process at rate n/60 (or exactly
 *   round(n) arrivals at uniform times). Deterministic given the seed (xoshiro128**, prng.ts); no clock.
 * - Service: slots = ready instances × concurrency, FIFO; processing times from `serviceTime`.
 * - Scaling: a fixed count, or CREMA (crema.ts) polling every `pollingIntervalSec` on num_undelivered_messages
 *   sampled every `metricSampleSec` and seen `metricIngestionDelaySec` late, or Cloud Run CPU autoscaling
 *   (cpu-autoscaler.ts) on the CPU the working slots use (cpuSecondsPerMessage), blind to the backlog. New instances are billed at once and
 *   serve after `startupSec`; a removed instance finishes what it can within the 10 s SIGTERM grace
 *   (docs/sources.md#worker-pool-limits) and the rest comes back after the ack deadline as duplicates
 *   (`scaleDownInFlight`); it is unbilled at once (the grace's billing is not counted).
 * - Leases: with `leaseExtension` the client extends the lease until `maxExtensionSec` (docs/sources.md#client-flow-control-and-leases), so a
 *   lease expires only when processing outlasts it; without it, at `ackDeadlineSec`. An expiry redelivers a
 *   copy (a duplicate) after the retry backoff; the first copy keeps running and its later ack is honoured.
 * - Failures: each delivery fails with `failureProbability` → nack at the end of processing → redelivery after
 *   the backoff min(max, min·2^(n−1)) for the n-th attempt (curve UNCONFIRMED: docs/sources.md#ack-deadlines, #dead-letter-topics; no retry
 *   policy = immediate) → dead-letter once attempts (= 1 + nacks + expiries, docs/sources.md#subscription-fields) reach
 *   `maxDeliveryAttempts`.
 * - Downstream rate limit (`downstreamLimitPerSec`): the pool's calls go through a limiter that admits one call per
 *   1/limit seconds (a token bucket of depth 1, i.e. GCRA; ITU-T I.371). A client that meets the limit either
 *   waits on a client-side limiter or retries HTTP 429 with backoff until accepted (Google Cloud's guidance for
 *   429/RESOURCE_EXHAUSTED: https://cloud.google.com/storage/docs/retry-strategy,
 *   https://cloud.google.com/apis/design/errors#handling_errors); either way the message keeps its slot and its
 *   lease while it waits and the work starts when the call is admitted: "slowed calls". Modelled as exactly that
 *   wait (the backoff's overshoot is not modelled: optimistic by up to one backoff step). Throughput is capped at
 *   the limit; what is pulled beyond it sits in flight, counted in the backlog the scaler sees.
 * - CPU contention (`cpuSecondsPerMessage` with `resources.vcpu`): processor sharing above saturation. A busy
 *   slot needs d = cpuSecondsPerMessage ÷ mean processing vCPU; with k slots working on an instance of v vCPU the
 *   load is ρ = k·d ÷ v and, when ρ > 1, each message gets 1/ρ of the CPU it needs, so its processing time
 *   stretches by ρ (egalitarian processor sharing: Kleinrock, Queueing Systems Vol. 2, 1976, §4.4). Approximation:
 *   the stretch is fixed at the message's start from the instance's load then (slots spread evenly over instances;
 *   when calls wait on the rate limiter, only min(busy, limit × mean) slots are working).
 * - Metrics: queue wait = first processing start (the call admitted) − publish; backlog = unacked messages (queued + in flight +
 *   awaiting retry), the meaning of num_undelivered_messages.
 */
import { costPerInstanceSecondUsd } from '../cost/model.ts';
import { CremaAutoscaler } from './crema.ts';
import { CpuAutoscaler } from './cpu-autoscaler.ts';
import { ArrivalStream } from './arrivals.ts';
import { serviceMoments, ServiceSampler } from './distributions.ts';
import { EventQueue } from './event-queue.ts';
import { WaitHistogram } from './histogram.ts';
import { ACKED as ACKED_STATE, DEAD as DEAD_STATE, IntFifo, LIVE as LIVE_STATE, MessageStore } from './messages.ts';
import { Rng } from './prng.ts';
import { SimConfigCheckedSchema, type SimConfig, type SimConfigInput, type SimResult, type TimelinePoint } from './types.ts';

// Module-local copies: an imported binding read in the hot loop costs a getter call under CommonJS interop.
const LIVE = LIVE_STATE;
const ACKED = ACKED_STATE;
const DEAD = DEAD_STATE;

const EV_ARRIVAL = 0;
const EV_COMPLETE = 1;
const EV_EXPIRE = 2;
const EV_RETRY = 3;
const EV_READY = 4;
const EV_POLL = 5;
const EV_SAMPLE = 6;
const EV_HORIZON = 7;
const EV_RESET = 8;
const EV_KILL = 9;
/** The lease of a delivery lost with its instance runs out; the event holds a reference to the message. */
const EV_LOST_LEASE = 10;


/**
 * Runs one simulation. Pure: the result depends only on `input` (including its seed).
 * Throws a ZodError on an invalid config (a caller bug); use `trySimulate` for configs from users.
 */
export function simulate(input: SimConfigInput): SimResult {
  return new Simulation(SimConfigCheckedSchema.parse(input)).run();
}

/** `simulate` that reports an invalid config as data instead of throwing. */
export function trySimulate(input: unknown): { ok: true; result: SimResult } | { ok: false; issues: string[] } {
  const parsed = SimConfigCheckedSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`) };
  return { ok: true, result: new Simulation(parsed.data).run() };
}

class Simulation {
  private readonly rng: Rng;
  private readonly service: ServiceSampler;
  private readonly events = new EventQueue();
  private readonly waits = new WaitHistogram();
  /** End-to-end latency of acked messages: publish → ack (waits, retries and processing included). */
  private readonly latencies = new WaitHistogram();
  private readonly autoscaler: CremaAutoscaler | undefined;
  private readonly cpuScaler: CpuAutoscaler | undefined;
  private readonly horizonSec: number;
  private readonly leaseLimitSec: number;
  private readonly hasRetryPolicy: boolean;
  private readonly minBackoffSec: number;
  private readonly maxBackoffSec: number;
  private readonly maxAttempts: number;
  private readonly failP: number;
  private readonly conc: number;

  private readonly msgs = new MessageStore();
  /** Copies waiting for a slot: id << 1 | duplicateFlag. */
  private readonly queue = new IntFifo();
  private readonly arrivals: ArrivalStream;

  // Pool.
  private instances = 0;
  private ready = 0;
  private busy = 0;
  private batches: number[] = [];
  private pendingStarts = 0;

  // Metric samples seen by the autoscaler.
  private samples = new Float64Array(64);
  private sampleCount = 0;

  // Counters.
  private published = 0;
  private acked = 0;
  private deadLettered = 0;
  private unacked = 0;
  private deliveries = 0;
  private nacks = 0;
  private expiredLeases = 0;
  private duplicates = 0;
  private maxAgeSec = 0;
  private eventCount = 0;
  private stoppedEarly = false;
  private lastT = 0;
  private areaBusy = 0;
  private areaBacklog = 0;
  /** ∫ CPU used dt, in instance-seconds (min(ready, working slots × CPU share per slot)); ∫ ready dt. */
  private areaCpu = 0;
  private areaReady = 0;
  private instanceSeconds = 0;
  private horizonInstanceSeconds = -1;
  private minutePublished = 0;
  private minuteAcked = 0;
  private minuteDelivered = 0;
  private minuteExpired = 0;
  private nextCallAt = 0;
  private readonly callGapSec: number;
  private readonly cpuDemandPerSlot: number;
  private readonly meanSvcSec: number;
  /** Publish order (id, publish time) for the oldest-age timeline figure; ids are reused, so the time is checked. */
  private orderIds = new Int32Array(1024);
  private orderT = new Float64Array(1024);
  private orderHead = 0;
  private orderTail = 0;
  private throttledSec = 0;
  private stretchSum = 0;
  /** Totals at the previous timeline point, for per-minute nacked and dead-lettered counts. */
  private markedAt = { nacks: 0, dead: 0 };
  private readonly timeline: TimelinePoint[] = [];
  /**
   * Deliveries in progress, in stable slots (free list) plus a dense list for picking the ones on a removed
   * instance. A slot's generation changes when it is freed, so a completion or kill event for a delivery that
   * already ended is recognised and ignored.
   */
  private inflId = new Int32Array(256);
  private inflAttempt = new Int32Array(256);
  private inflStart = new Float64Array(256);
  private inflEnd = new Float64Array(256);
  private inflGen = new Int32Array(256);
  private inflPos = new Int32Array(256);
  private inflDense = new Int32Array(256);
  private inflCount = 0;
  private inflFree: number[] = [];
  private inflHigh = 0;
  private killedInFlight = 0;
  /** Its own stream, so placing killed deliveries never shifts the arrival and service draws of a run. */
  private readonly killRng: Rng;

  constructor(private readonly cfg: SimConfig) {
    this.rng = new Rng(cfg.seed);
    this.killRng = new Rng((cfg.seed ^ 0x5bd1e995) | 0);
    this.service = new ServiceSampler(cfg.serviceTime, this.rng);
    this.arrivals = new ArrivalStream(cfg.arrivalsPerMinute, cfg.arrivalMode === 'uniform-count', this.rng);
    this.horizonSec = cfg.arrivalsPerMinute.length * 60;
    const sub = cfg.subscription;
    this.leaseLimitSec = sub.leaseExtension ? sub.maxExtensionSec : sub.ackDeadlineSec === 0 ? 10 : sub.ackDeadlineSec;
    this.hasRetryPolicy = sub.minimumBackoffSec !== undefined || sub.maximumBackoffSec !== undefined;
    // docs/sources.md#subscription-fields: retryPolicy defaults min 10 s, max 600 s.
    this.minBackoffSec = sub.minimumBackoffSec ?? 10;
    this.maxBackoffSec = Math.max(this.minBackoffSec, sub.maximumBackoffSec ?? 600);
    this.maxAttempts = sub.maxDeliveryAttempts ?? Infinity;
    this.failP = cfg.failureProbability;
    this.conc = cfg.concurrencyPerInstance;
    this.callGapSec = cfg.downstreamLimitPerSec ? 1 / cfg.downstreamLimitPerSec : 0;
    const meanSvc = serviceMoments(cfg.serviceTime).meanSec;
    this.meanSvcSec = meanSvc;
    this.cpuDemandPerSlot = cfg.cpuSecondsPerMessage && cfg.resources && meanSvc > 0 ? cfg.cpuSecondsPerMessage / meanSvc / cfg.resources.vcpu : 0;
    const sc = cfg.scaling;
    if (sc.kind === 'manual') {
      this.instances = this.ready = sc.instances;
    } else if (sc.kind === 'cpu') {
      this.cpuScaler = new CpuAutoscaler(sc);
      this.instances = this.ready = Math.min(sc.maxInstances, Math.max(sc.minInstances, sc.initialInstances ?? sc.minInstances));
    } else {
      this.autoscaler = new CremaAutoscaler(sc);
      this.instances = this.ready = Math.min(sc.maxInstances, Math.max(sc.minInstances, sc.initialInstances ?? sc.minInstances));
    }
  }

  run(): SimResult {
    const ev = this.events;
    const cfg = this.cfg;
    if (cfg.scaling.kind === 'crema') {
      ev.push(0, EV_SAMPLE, 0, 0);
      ev.push(0, EV_POLL, 0, 0);
    } else if (cfg.scaling.kind === 'cpu') ev.push(cfg.scaling.evaluationPeriodSec, EV_POLL, 0, 0);
    const stopAt = this.horizonSec + cfg.drainAfterSec;
    // Timeline points are taken outside the event list: a point is the state at the minute boundary, before
    // anything due at that same instant runs.
    let nextMark = cfg.timeline ? 60 : Infinity;
    ev.push(this.horizonSec, EV_HORIZON, 0, 0);
    cfg.stateResets.forEach((r, i) => ev.push(r.minute * 60, EV_RESET, i, 0));
    // Warm start: the recorded backlog at t = 0 (published at 0; counted as published, waits measured from 0).
    for (let i = 0; i < cfg.initialBacklog; i++) {
      const id = this.msgs.alloc(0);
      this.published++;
      this.unacked++;
      this.queue.push(id << 1);
      if (cfg.timeline) this.recordOrder(id, 0);
    }
    if (cfg.initialBacklog > 0) this.dispatch(0);
    const first = this.arrivals.next(0);
    if (first < this.horizonSec) ev.push(first, EV_ARRIVAL, 0, 0);

    let pastHorizon = false;
    let end = stopAt;
    while (ev.pop()) {
      const t = ev.t;
      if (t > stopAt) break;
      while (nextMark <= t) {
        this.markMinute(nextMark / 60);
        nextMark += 60;
      }
      this.advance(t);
      this.eventCount++;
      switch (ev.kind) {
        case EV_ARRIVAL: this.onArrival(t); break;
        case EV_COMPLETE: this.onCompleteSlot(t, ev.a, ev.b); break;
        case EV_EXPIRE: this.onExpire(t, ev.a, ev.b); break;
        case EV_RETRY: this.queue.push((ev.a << 1) | ev.b); this.dispatch(t); break;
        case EV_READY: this.onReady(t, ev.a); break;
        case EV_POLL: this.onPoll(t); break;
        case EV_SAMPLE: this.onSample(t); break;
        case EV_HORIZON: pastHorizon = true; this.horizonInstanceSeconds = this.instanceSeconds; break;
        case EV_RESET: this.onReset(t, ev.a); break;
        case EV_KILL: this.onKill(t, ev.a, ev.b); break;
        case EV_LOST_LEASE: this.onExpire(t, ev.a, ev.b); this.msgs.release(ev.a); break;
      }
      if ((pastHorizon && this.unacked === 0) || this.stoppedEarly) {
        end = t;
        break;
      }
    }
    if (end === stopAt) {
      this.advance(stopAt);
      while (nextMark <= stopAt) {
        this.markMinute(nextMark / 60);
        nextMark += 60;
      }
    }
    return this.result(end);
  }

  private advance(t: number): void {
    const dt = t - this.lastT;
    if (dt > 0) {
      this.areaBusy += this.busy * dt;
      this.areaBacklog += this.unacked * dt;
      this.instanceSeconds += this.instances * dt;
      if (this.cpuDemandPerSlot > 0) {
        const working = this.callGapSec > 0 ? Math.min(this.busy, this.meanSvcSec / this.callGapSec) : this.busy;
        this.areaCpu += Math.min(this.ready, working * this.cpuDemandPerSlot) * dt;
      }
      this.areaReady += this.ready * dt;
      this.lastT = t;
    }
  }

  // ---- arrivals -------------------------------------------------------------------------------------------

  private onArrival(t: number): void {
    const id = this.msgs.alloc(t);
    this.published++;
    this.minutePublished++;
    if (++this.unacked > this.cfg.maxBacklogMessages) this.stoppedEarly = true;
    this.queue.push(id << 1);
    if (this.cfg.timeline) this.recordOrder(id, t);
    this.dispatch(t);
    const next = this.arrivals.next(t);
    if (next < this.horizonSec) this.events.push(next, EV_ARRIVAL, 0, 0);
  }

  // ---- messages ---------------------------------------------------------------------------------------------

  private finish(t: number, id: number, how: typeof ACKED | typeof DEAD): void {
    this.msgs.state[id] = how;
    this.unacked--;
    const age = t - this.msgs.publishAt[id]!;
    if (age > this.maxAgeSec) this.maxAgeSec = age;
    if (how === ACKED) {
      this.latencies.add(age);
      this.acked++;
      this.minuteAcked++;
    } else this.deadLettered++;
  }

  /** Redelivers after the retry backoff for the `attempt`-th delivery (UNCONFIRMED exponential curve). */
  private redeliver(t: number, id: number, attempt: number, dupFlag: number): void {
    this.msgs.retain(id);
    const delay = this.hasRetryPolicy ? Math.min(this.maxBackoffSec, this.minBackoffSec * Math.pow(2, attempt - 1)) : 0;
    if (delay > 0) this.events.push(t + delay, EV_RETRY, id, dupFlag);
    else this.queue.push((id << 1) | dupFlag);
  }

  // ---- processing -------------------------------------------------------------------------------------------

  private dispatch(t: number): void {
    const cap = this.ready * this.conc;
    const msgs = this.msgs;
    const queue = this.queue;
    while (this.busy < cap && queue.length > 0) {
      const entry = queue.shift();
      const id = entry >> 1;
      if (msgs.state[id] !== LIVE) {
        msgs.release(id); // acked or dead-lettered while this copy waited: Pub/Sub no longer delivers it
        continue;
      }
      const attempt = ++msgs.attempts[id]!;
      this.deliveries++;
      this.minuteDelivered++;
      // Downstream limiter: the call is admitted at the next free slot of the limiter (slowed call, see header).
      let start = t;
      if (this.callGapSec > 0) {
        start = Math.max(t, this.nextCallAt);
        this.nextCallAt = start + this.callGapSec;
        this.throttledSec += start - t;
      }
      if (attempt === 1) this.waits.add(start - msgs.publishAt[id]!);
      if ((entry & 1) === 1) this.duplicates++;
      this.busy++;
      let s = this.service.sample();
      if (this.cpuDemandPerSlot > 0 && this.ready > 0) {
        // Processor sharing above saturation (header): load of the instance when this message starts.
        const working = this.callGapSec > 0 ? Math.min(this.busy, this.meanSvcSec / this.callGapSec) : this.busy;
        const rho = (working / this.ready) * this.cpuDemandPerSlot;
        if (rho > 1) s *= rho;
        this.stretchSum += rho > 1 ? rho : 1;
      } else this.stretchSum += 1;
      const held = start - t + s;
      const k = this.inflAlloc(id, attempt, t, t + held);
      this.events.push(t + held, EV_COMPLETE, k, this.inflGen[k]!);
      if (held > this.leaseLimitSec) this.events.push(t + this.leaseLimitSec, EV_EXPIRE, id, attempt);
    }
  }

  // ---- deliveries in progress and scale-down ---------------------------------------------------------------

  private inflAlloc(id: number, attempt: number, start: number, end: number): number {
    let k: number;
    if (this.inflFree.length > 0) k = this.inflFree.pop()!;
    else {
      if (this.inflHigh === this.inflId.length) this.inflGrow();
      k = this.inflHigh++;
    }
    this.inflId[k] = id;
    this.inflAttempt[k] = attempt;
    this.inflStart[k] = start;
    this.inflEnd[k] = end;
    this.inflPos[k] = this.inflCount;
    this.inflDense[this.inflCount++] = k;
    return k;
  }

  private inflRelease(k: number): void {
    this.inflGen[k]!++;
    const pos = this.inflPos[k]!;
    const last = this.inflDense[--this.inflCount]!;
    this.inflDense[pos] = last;
    this.inflPos[last] = pos;
    this.inflFree.push(k);
  }

  private inflGrow(): void {
    const n = this.inflId.length * 2;
    const i32 = (a: Int32Array) => { const b = new Int32Array(n); b.set(a); return b; };
    const f64 = (a: Float64Array) => { const b = new Float64Array(n); b.set(a); return b; };
    this.inflId = i32(this.inflId);
    this.inflAttempt = i32(this.inflAttempt);
    this.inflGen = i32(this.inflGen);
    this.inflPos = i32(this.inflPos);
    this.inflDense = i32(this.inflDense);
    this.inflStart = f64(this.inflStart);
    this.inflEnd = f64(this.inflEnd);
  }

  private onCompleteSlot(t: number, k: number, gen: number): void {
    if (this.inflGen[k] !== gen) return; // killed by a scale-down before it finished
    const id = this.inflId[k]!;
    const attempt = this.inflAttempt[k]!;
    this.inflRelease(k);
    this.onComplete(t, id, attempt);
  }

  /**
   * `removed` of `readyBefore` ready instances are stopped at `t` (scale-down). Cloud Run sends them SIGTERM and
   * kills them 10 s later (`shutdownGraceSec`; https://cloud.google.com/run/docs/container-contract#lifecycle,
   * https://cloud.google.com/run/docs/samples/cloudrun-sigterm-handler: "due to an event like scale down").
   * Which instances go is not documented; each delivery in progress is on a removed instance with probability
   * removed ÷ readyBefore (deliveries spread evenly). One that would finish within the grace completes and is
   * acked; one still running at the kill is lost with its instance: its lease is no longer extended, so Pub/Sub
   * redelivers it once the ack deadline runs out (https://cloud.google.com/pubsub/docs/lease-management) — a
   * duplicate of work already partly done.
   */
  private scaleDownInFlight(t: number, removed: number, readyBefore: number): void {
    if (this.cfg.inFlightOnScaleDown !== 'redeliver' || removed <= 0 || readyBefore <= 0 || this.inflCount === 0) return;
    const p = Math.min(1, removed / readyBefore);
    const killAt = t + this.cfg.shutdownGraceSec;
    for (let i = 0; i < this.inflCount; i++) {
      const k = this.inflDense[i]!;
      if (this.inflEnd[k]! <= killAt) continue; // finishes within the grace
      if (p < 1 && this.killRng.next() >= p) continue;
      this.events.push(killAt, EV_KILL, k, this.inflGen[k]!);
    }
  }

  private onKill(t: number, k: number, gen: number): void {
    if (this.inflGen[k] !== gen) return;
    const id = this.inflId[k]!;
    const attempt = this.inflAttempt[k]!;
    const start = this.inflStart[k]!;
    this.inflRelease(k);
    this.busy--;
    this.killedInFlight++;
    const msgs = this.msgs;
    if (msgs.state[id] === LIVE && attempt === msgs.attempts[id] && msgs.expiredAttempt[id] !== attempt) {
      // The lease runs out: with extension, at most one ack deadline after the last extension (taken as a full
      // deadline after the kill); without it, one deadline after the delivery started.
      const sub = this.cfg.subscription;
      const deadline = sub.ackDeadlineSec === 0 ? 10 : sub.ackDeadlineSec;
      const at = sub.leaseExtension ? t + deadline : Math.max(t, start + deadline);
      msgs.retain(id);
      this.events.push(at, EV_LOST_LEASE, id, attempt);
    }
    msgs.release(id);
    this.dispatch(t);
  }

  private onComplete(t: number, id: number, attempt: number): void {
    this.busy--;
    const failed = this.failP > 0 && this.rng.next() < this.failP;
    const msgs = this.msgs;
    if (msgs.state[id] === LIVE) {
      if (!failed) this.finish(t, id, ACKED);
      else if (attempt === msgs.attempts[id] && msgs.expiredAttempt[id] !== attempt) {
        // A nack on the current lease (docs/sources.md#subscription-fields: a nack is ModifyAckDeadline 0 → redelivery).
        this.nacks++;
        if (attempt >= this.maxAttempts) this.finish(t, id, DEAD);
        else this.redeliver(t, id, attempt, 0);
      }
      // A failure on a lease that already expired or was superseded changes nothing: a copy is already out.
    }
    msgs.release(id);
    this.dispatch(t);
  }

  private onExpire(t: number, id: number, attempt: number): void {
    const msgs = this.msgs;
    if (msgs.state[id] !== LIVE || attempt !== msgs.attempts[id] || msgs.expiredAttempt[id] === attempt) return;
    this.expiredLeases++;
    this.minuteExpired++;
    msgs.expiredAttempt[id] = attempt;
    if (attempt >= this.maxAttempts) this.finish(t, id, DEAD);
    else {
      this.redeliver(t, id, attempt, 1);
      this.dispatch(t);
    }
  }

  /**
   * A join between recorded segments (sampled windows): the state jumps to the recorded one. Missing backlog is
   * added as messages published now; excess queued messages (not in flight) leave the simulation uncounted; a
   * scaler's instances are set to the recorded count (ready at once: they were running).
   */
  private onReset(t: number, index: number): void {
    const r = this.cfg.stateResets[index]!;
    if (r.backlog !== undefined) {
      let diff = r.backlog - this.unacked;
      for (; diff > 0; diff--) {
        const id = this.msgs.alloc(t);
        this.published++;
        this.unacked++;
        this.queue.push(id << 1);
        if (this.cfg.timeline) this.recordOrder(id, t);
      }
      if (diff < 0) {
        // Oldest first; retries and redeliveries stay (they carry attempt counts).
        const kept: number[] = [];
        for (let k = this.queue.length; k > 0; k--) {
          const entry = this.queue.shift();
          const id = entry >> 1;
          if (diff < 0 && this.msgs.state[id] === LIVE && this.msgs.attempts[id] === 0) {
            this.msgs.state[id] = ACKED; // leaves the window: neither acked nor dead-lettered in the counts
            this.unacked--;
            this.published--;
            diff++;
            this.msgs.release(id);
          } else kept.push(entry);
        }
        for (const e of kept) this.queue.push(e);
      }
    }
    if (r.instances !== undefined && this.cfg.scaling.kind !== 'manual') {
      const sc = this.cfg.scaling;
      const target = Math.min(sc.maxInstances, Math.max(sc.minInstances, r.instances));
      if (target > this.instances) {
        this.ready += target - this.instances;
        this.instances = target;
      } else if (target < this.instances) this.setInstances(t, target);
      this.autoscaler?.resetTo(t, target);
    }
    if (r.backlog !== undefined && this.cfg.scaling.kind === 'crema') {
      // The metric the scaler reads late (ingestion delay) is the recorded backlog from before the join.
      const sc = this.cfg.scaling;
      const back = Math.ceil((sc.metricIngestionDelaySec + sc.metricSampleSec) / sc.metricSampleSec) + 1;
      for (let k = Math.max(0, this.sampleCount - back); k < this.sampleCount; k++) this.samples[k] = r.backlog;
    }
    this.dispatch(t);
  }

  // ---- pool and autoscaler --------------------------------------------------------------------------------

  private setInstances(t: number, target: number): void {
    if (target > this.instances) {
      const add = target - this.instances;
      this.instances = target;
      if (this.cfg.startupSec === 0) {
        this.ready += add;
        this.dispatch(t);
      } else {
        this.batches.push(add);
        this.pendingStarts += add;
        this.events.push(t + this.cfg.startupSec, EV_READY, this.batches.length - 1, 0);
      }
    } else if (target < this.instances) {
      let remove = this.instances - target;
      this.instances = target;
      // Cancel instances still starting first (latest first), then stop ready ones.
      for (let i = this.batches.length - 1; i >= 0 && remove > 0 && this.pendingStarts > 0; i--) {
        const take = Math.min(this.batches[i]!, remove);
        this.batches[i]! -= take;
        this.pendingStarts -= take;
        remove -= take;
      }
      this.scaleDownInFlight(t, remove, this.ready);
      this.ready -= remove;
    }
  }

  private onReady(t: number, batch: number): void {
    const n = this.batches[batch]!;
    this.batches[batch] = 0;
    this.pendingStarts -= n;
    this.ready += n;
    if (n > 0) this.dispatch(t);
  }

  private onSample(t: number): void {
    const sc = this.cfg.scaling;
    if (sc.kind !== 'crema') return;
    if (this.sampleCount === this.samples.length) {
      const s = new Float64Array(this.samples.length * 2);
      s.set(this.samples);
      this.samples = s;
    }
    this.samples[this.sampleCount++] = this.unacked;
    this.events.push(t + sc.metricSampleSec, EV_SAMPLE, 0, 0);
  }

  /** The num_undelivered_messages value CREMA reads at `t`: the newest sample at or before t − delay. */
  private metricAt(t: number): number | undefined {
    const sc = this.cfg.scaling;
    if (sc.kind !== 'crema') return undefined;
    const seenUpTo = t - sc.metricIngestionDelaySec;
    if (seenUpTo < 0) return undefined;
    const idx = Math.floor(seenUpTo / sc.metricSampleSec + 1e-9);
    if (idx < this.sampleCount) return this.samples[idx]!;
    // The sample due exactly now has not run yet (same timestamp): it would read the current backlog.
    return idx * sc.metricSampleSec <= t ? this.unacked : undefined;
  }

  private onPoll(t: number): void {
    const sc = this.cfg.scaling;
    if (sc.kind === 'cpu' && this.cpuScaler) {
      const want = this.cpuScaler.decide(t, this.instances, this.areaCpu);
      if (want !== this.instances) this.setInstances(t, want);
      this.events.push(t + sc.evaluationPeriodSec, EV_POLL, 0, 0);
      return;
    }
    if (sc.kind !== 'crema' || !this.autoscaler) return;
    const next = this.autoscaler.decide(t, this.instances, this.metricAt(t));
    if (next !== this.instances) this.setInstances(t, next);
    this.events.push(t + sc.pollingIntervalSec, EV_POLL, 0, 0);
  }

  private markMinute(minute: number): void {
    this.timeline.push({
      minute: minute - 1, instances: this.instances, readyInstances: this.ready, backlog: this.unacked,
      published: this.minutePublished, acked: this.minuteAcked,
      delivered: this.minuteDelivered, nacked: this.nacks - this.markedAt.nacks, expired: this.minuteExpired,
      deadLettered: this.deadLettered - this.markedAt.dead, oldestAgeSec: this.oldestAge(minute * 60), busySlots: this.busy,
    });
    this.markedAt = { nacks: this.nacks, dead: this.deadLettered };
    this.minutePublished = 0;
    this.minuteAcked = 0;
    this.minuteDelivered = 0;
    this.minuteExpired = 0;
  }

  private recordOrder(id: number, t: number): void {
    if (this.orderTail === this.orderIds.length) {
      // Compact the consumed head, then grow if still full.
      const live = this.orderTail - this.orderHead;
      if (this.orderHead > 0 && live < this.orderIds.length / 2) {
        this.orderIds.copyWithin(0, this.orderHead, this.orderTail);
        this.orderT.copyWithin(0, this.orderHead, this.orderTail);
      } else {
        const ids = new Int32Array(this.orderIds.length * 2);
        ids.set(this.orderIds.subarray(this.orderHead, this.orderTail));
        const ts = new Float64Array(this.orderT.length * 2);
        ts.set(this.orderT.subarray(this.orderHead, this.orderTail));
        this.orderIds = ids;
        this.orderT = ts;
      }
      this.orderHead = 0;
      this.orderTail = live;
    }
    this.orderIds[this.orderTail] = id;
    this.orderT[this.orderTail++] = t;
  }

  /** Age of the oldest unacked message at t (the head of the publish order that is still live and not reused). */
  private oldestAge(t: number): number {
    const msgs = this.msgs;
    while (this.orderHead < this.orderTail) {
      const id = this.orderIds[this.orderHead]!;
      const at = this.orderT[this.orderHead]!;
      if (msgs.state[id] === LIVE && msgs.publishAt[id] === at) return Math.max(0, t - at);
      this.orderHead++;
    }
    return 0;
  }


  // ---- result ---------------------------------------------------------------------------------------------------

  private result(endSec: number): SimResult {
    let maxAge = this.maxAgeSec;
    for (let id = 0; id < this.msgs.highWater; id++) {
      if (this.msgs.state[id] === LIVE) maxAge = Math.max(maxAge, endSec - this.msgs.publishAt[id]!);
    }
    const w = this.waits;
    const res = this.cfg.resources;
    const simulated = endSec > 0 ? endSec : 0;
    return {
      published: this.published,
      acked: this.acked,
      deadLettered: this.deadLettered,
      unfinished: this.unacked,
      deliveries: this.deliveries,
      nacks: this.nacks,
      expiredLeases: this.expiredLeases,
      duplicates: this.duplicates,
      killedInFlight: this.killedInFlight,
      duplicateRatio: this.published === 0 ? 0 : this.duplicates / this.published,
      waitSec: {
        p50: w.quantile(0.5), p95: w.quantile(0.95), p99: w.quantile(0.99), mean: w.mean(), max: w.max,
        probPositive: w.probPositive(), samples: w.count,
      },
      maxMessageAgeSec: maxAge,
      latencySec: { p50: this.latencies.quantile(0.5), p95: this.latencies.quantile(0.95), p99: this.latencies.quantile(0.99) },
      instanceSeconds: this.instanceSeconds,
      horizonInstanceSeconds: this.horizonInstanceSeconds >= 0 ? this.horizonInstanceSeconds : this.instanceSeconds,
      averageInstances: simulated > 0 ? this.instanceSeconds / simulated : this.instances,
      costUsd: res ? this.instanceSeconds * costPerInstanceSecondUsd(res) : 0,
      meanBusySlots: simulated > 0 ? this.areaBusy / simulated : 0,
      meanBacklog: simulated > 0 ? this.areaBacklog / simulated : 0,
      throttledSec: this.throttledSec,
      meanStretch: this.deliveries > 0 ? this.stretchSum / this.deliveries : 1,
      horizonSec: this.horizonSec,
      simulatedSec: simulated,
      events: this.eventCount,
      stoppedEarly: this.stoppedEarly,
      timeline: this.timeline,
      ...(this.cpuDemandPerSlot > 0 && this.areaReady > 0 ? { meanCpuUtilization: this.areaCpu / this.areaReady } : {}),
    };
  }
}
