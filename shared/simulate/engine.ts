/**
 * Discrete-event simulation of a worker pool pulling from a Pub/Sub subscription. The model, its assumptions, its
 * sources and tolerances are in docs/simulator.md ("Model and assumptions"); in short:
 * - arrivals: per-minute counts, Poisson within a minute (arrivals.ts); service from `serviceTime` (distributions.ts);
 * - scaling: fixed, CREMA (crema.ts: polls num_undelivered_messages seen `metricIngestionDelaySec` late,
 *   metric-samples.ts) or Cloud Run CPU autoscaling (cpu-autoscaler.ts); new instances serve after `startupSec`;
 *   a removed one gets SIGTERM and is killed after `shutdownGraceSec` (https://cloud.google.com/run/docs/container-contract#lifecycle),
 *   its unfinished deliveries redelivered after the ack deadline;
 * - leases extended to `maxExtensionSec` or expiring at the ack deadline (docs/sources.md#client-flow-control-and-leases),
 *   nacks retried with min(max, min·2^(n−1)) backoff (UNCONFIRMED curve), dead-lettered at `maxDeliveryAttempts`
 *   (docs/sources.md#subscription-fields, #dead-letter-topics);
 * - a downstream rate limit as a token bucket of depth 1 (GCRA; ITU-T I.371): the call waits inside its slot;
 * - CPU contention as egalitarian processor sharing above saturation (Kleinrock, Queueing Systems Vol. 2, 1976, §4.4):
 *   processing stretches by ρ = busy slots × CPU per slot ÷ vCPU when ρ > 1, fixed at the message's start;
 * - bookkeeping (counters.ts): queue wait = first processing start − publish; latency = publish → ack; backlog =
 *   queued + in flight + awaiting retry (num_undelivered_messages); a warm start's messages count their wait,
 *   latency and age from the join they entered at, the timeline's oldest age from their true publish times.
 */
import { ArrivalStream } from './arrivals.ts';
import { serviceMoments, ServiceSampler } from './distributions.ts';
import { EventQueue } from './event-queue.ts';
import { RunCounters } from './counters.ts';
import { resetBacklog } from './backlog-reset.ts';
import { deliveryPolicy, type DeliveryPolicy } from './delivery-policy.ts';
import { InFlightTable, Startups } from './inflight.ts';
import { ScalingDriver } from './scaling-driver.ts';
import { PublishOrder } from './publish-order.ts';
import { ACKED as ACKED_STATE, DEAD as DEAD_STATE, IntFifo, LIVE as LIVE_STATE, MessageStore } from './messages.ts';
import { Rng } from './prng.ts';
import { SimConfigCheckedSchema, type SimConfig, type SimConfigInput, type SimResult } from './types.ts';

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
  private readonly scaler: ScalingDriver;
  private readonly horizonSec: number;
  private readonly policy: DeliveryPolicy;
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
  private readonly starting = new Startups();

  private readonly c = new RunCounters();
  /** Publish order for the oldest-age timeline figure. */
  private readonly order = new PublishOrder();
  /** Deliveries in progress (stable slots with generations: stale completion and kill events are ignored). */
  private readonly infl = new InFlightTable();
  private nextCallAt = 0;
  private readonly callGapSec: number;
  private readonly cpuDemandPerSlot: number;
  private readonly meanSvcSec: number;
  /** Its own stream, so placing killed deliveries never shifts the arrival and service draws of a run. */
  private readonly killRng: Rng;

  constructor(private readonly cfg: SimConfig) {
    this.rng = new Rng(cfg.seed);
    this.killRng = new Rng((cfg.seed ^ 0x5bd1e995) | 0);
    this.service = new ServiceSampler(cfg.serviceTime, this.rng);
    this.arrivals = new ArrivalStream(cfg.arrivalsPerMinute, cfg.arrivalMode === 'uniform-count', this.rng);
    this.horizonSec = cfg.arrivalsPerMinute.length * 60;
    this.policy = deliveryPolicy(cfg.subscription);
    this.failP = cfg.failureProbability;
    this.conc = cfg.concurrencyPerInstance;
    this.callGapSec = cfg.downstreamLimitPerSec ? 1 / cfg.downstreamLimitPerSec : 0;
    const meanSvc = serviceMoments(cfg.serviceTime).meanSec;
    this.meanSvcSec = meanSvc;
    this.cpuDemandPerSlot = cfg.cpuSecondsPerMessage && cfg.resources && meanSvc > 0 ? cfg.cpuSecondsPerMessage / meanSvc / cfg.resources.vcpu : 0;
    this.scaler = new ScalingDriver(cfg.scaling);
    this.instances = this.ready = this.scaler.initial;
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
    // Warm start: the recorded backlog at t = 0, aged by the recorded oldest age (backlog-reset.ts; counted as
    // published, waits measured from 0).
    if (cfg.initialBacklog > 0) resetBacklog(0, cfg.initialBacklog, { msgs: this.msgs, queue: this.queue, c: this.c, ...(cfg.timeline ? { order: this.order } : {}) }, cfg.initialBacklogAgeSec);
    if (cfg.initialBacklog > 0) this.dispatch(0);
    const first = this.arrivals.next(0);
    if (first < this.horizonSec) ev.push(first, EV_ARRIVAL, 0, 0);

    let pastHorizon = false;
    let end = stopAt;
    while (ev.pop()) {
      const t = ev.t;
      if (t > stopAt) break;
      while (nextMark <= t) {
        this.c.mark(nextMark / 60, { instances: this.instances, ready: this.ready, busy: this.busy, oldestAgeSec: this.order.oldestAge(nextMark, this.msgs) });
        nextMark += 60;
      }
      this.advance(t);
      this.c.eventCount++;
      switch (ev.kind) {
        case EV_ARRIVAL: this.onArrival(t); break;
        case EV_COMPLETE: this.onCompleteSlot(t, ev.a, ev.b); break;
        case EV_EXPIRE: this.onExpire(t, ev.a, ev.b); break;
        case EV_RETRY: this.queue.push((ev.a << 1) | ev.b); this.dispatch(t); break;
        case EV_READY: this.onReady(t, ev.a); break;
        case EV_POLL: this.onPoll(t); break;
        case EV_SAMPLE: this.onSample(t); break;
        case EV_HORIZON: pastHorizon = true; this.c.horizonInstanceSeconds = this.c.instanceSeconds; break;
        case EV_RESET: this.onReset(t, ev.a); break;
        case EV_KILL: this.onKill(t, ev.a, ev.b); break;
        case EV_LOST_LEASE: this.onExpire(t, ev.a, ev.b); this.msgs.release(ev.a); break;
      }
      if ((pastHorizon && this.c.unacked === 0) || this.c.stoppedEarly) {
        end = t;
        break;
      }
    }
    if (end === stopAt) {
      this.advance(stopAt);
      while (nextMark <= stopAt) {
        this.c.mark(nextMark / 60, { instances: this.instances, ready: this.ready, busy: this.busy, oldestAgeSec: this.order.oldestAge(nextMark, this.msgs) });
        nextMark += 60;
      }
    }
    return this.result(end);
  }

  private advance(t: number): void {
    const working = this.callGapSec > 0 ? Math.min(this.busy, this.meanSvcSec / this.callGapSec) : this.busy;
    this.c.advance(t, { busy: this.busy, instances: this.instances, ready: this.ready, cpu: this.cpuDemandPerSlot > 0 ? Math.min(this.ready, working * this.cpuDemandPerSlot) : 0 });
  }

  // ---- arrivals -------------------------------------------------------------------------------------------

  private onArrival(t: number): void {
    const id = this.msgs.alloc(t);
    this.c.published++;
    this.c.minutePublished++;
    if (++this.c.unacked > this.cfg.maxBacklogMessages) this.c.stoppedEarly = true;
    this.queue.push(id << 1);
    if (this.cfg.timeline) this.order.push(id, t);
    this.dispatch(t);
    const next = this.arrivals.next(t);
    if (next < this.horizonSec) this.events.push(next, EV_ARRIVAL, 0, 0);
  }

  // ---- messages ---------------------------------------------------------------------------------------------

  private finish(t: number, id: number, how: typeof ACKED | typeof DEAD): void {
    this.msgs.state[id] = how;
    this.c.unacked--;
    const age = t - this.msgs.countFrom[id]!;
    if (age > this.c.maxAgeSec) this.c.maxAgeSec = age;
    if (how === ACKED) {
      this.c.latencies.add(age);
      this.c.acked++;
      this.c.minuteAcked++;
    } else this.c.deadLettered++;
  }

  /** Redelivers after the retry backoff for the `attempt`-th delivery (UNCONFIRMED exponential curve). */
  private redeliver(t: number, id: number, attempt: number, dupFlag: number): void {
    this.msgs.retain(id);
    const delay = this.policy.hasRetryPolicy ? Math.min(this.policy.maxBackoffSec, this.policy.minBackoffSec * Math.pow(2, attempt - 1)) : 0;
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
      this.c.deliveries++;
      this.c.minuteDelivered++;
      // Downstream limiter: the call is admitted at the next free slot of the limiter (slowed call, see header).
      let start = t;
      if (this.callGapSec > 0) {
        start = Math.max(t, this.nextCallAt);
        this.nextCallAt = start + this.callGapSec;
        this.c.throttledSec += start - t;
      }
      if (attempt === 1) this.c.waits.add(start - msgs.countFrom[id]!);
      if ((entry & 1) === 1) this.c.duplicates++;
      this.busy++;
      let s = this.service.sample();
      if (this.cpuDemandPerSlot > 0 && this.ready > 0) {
        // Processor sharing above saturation (header): load of the instance when this message starts.
        const working = this.callGapSec > 0 ? Math.min(this.busy, this.meanSvcSec / this.callGapSec) : this.busy;
        const rho = (working / this.ready) * this.cpuDemandPerSlot;
        if (rho > 1) s *= rho;
        this.c.stretchSum += rho > 1 ? rho : 1;
      } else this.c.stretchSum += 1;
      const held = start - t + s;
      const k = this.infl.alloc(id, attempt, t, t + held);
      this.events.push(t + held, EV_COMPLETE, k, this.infl.gen[k]!);
      if (held > this.policy.leaseLimitSec) this.events.push(t + this.policy.leaseLimitSec, EV_EXPIRE, id, attempt);
    }
  }

  // ---- deliveries in progress and scale-down ---------------------------------------------------------------

  private onCompleteSlot(t: number, k: number, gen: number): void {
    if (this.infl.gen[k] !== gen) return; // killed by a scale-down before it finished
    const id = this.infl.id[k]!;
    const attempt = this.infl.attempt[k]!;
    this.infl.release(k);
    this.onComplete(t, id, attempt);
  }

  /** Scale-down: deliveries on removed instances that outlast the grace are killed (inflight.ts `killedOnScaleDown`). */
  private scaleDownInFlight(t: number, removed: number, readyBefore: number): void {
    if (this.cfg.inFlightOnScaleDown !== 'redeliver') return;
    const killAt = t + this.cfg.shutdownGraceSec;
    for (const k of this.infl.killedOnScaleDown(killAt, removed, readyBefore, this.killRng)) this.events.push(killAt, EV_KILL, k, this.infl.gen[k]!);
  }

  private onKill(t: number, k: number, gen: number): void {
    if (this.infl.gen[k] !== gen) return;
    const id = this.infl.id[k]!;
    const attempt = this.infl.attempt[k]!;
    const start = this.infl.start[k]!;
    this.infl.release(k);
    this.busy--;
    this.c.killedInFlight++;
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
        this.c.nacks++;
        if (attempt >= this.policy.maxAttempts) this.finish(t, id, DEAD);
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
    this.c.expiredLeases++;
    this.c.minuteExpired++;
    msgs.expiredAttempt[id] = attempt;
    if (attempt >= this.policy.maxAttempts) this.finish(t, id, DEAD);
    else {
      this.redeliver(t, id, attempt, 1);
      this.dispatch(t);
    }
  }

  /**
   * A join between recorded segments (sampled windows): the state jumps to the recorded one. Missing backlog is
   * added (published over the recorded oldest age, backlog-reset.ts); excess queued messages (not in flight) leave the simulation uncounted; a
   * scaler's instances are set to the recorded count (ready at once: they were running).
   */
  private onReset(t: number, index: number): void {
    const r = this.cfg.stateResets[index]!;
    if (r.backlog !== undefined) resetBacklog(t, r.backlog, { msgs: this.msgs, queue: this.queue, c: this.c, ...(this.cfg.timeline ? { order: this.order } : {}) }, r.oldestAgeSec);
    if (r.instances !== undefined && this.cfg.scaling.kind !== 'manual') {
      const sc = this.cfg.scaling;
      const target = Math.min(sc.maxInstances, Math.max(sc.minInstances, r.instances));
      if (target > this.instances) {
        this.ready += target - this.instances;
        this.instances = target;
      } else if (target < this.instances) this.setInstances(t, target);
      this.scaler.resetTo(t, target);
    }
    // The metric the scaler reads late (ingestion delay) is the recorded backlog from before the join.
    if (r.backlog !== undefined) this.scaler.samples?.fillRecent(r.backlog);
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
      } else this.events.push(t + this.cfg.startupSec, EV_READY, this.starting.add(add), 0);
    } else if (target < this.instances) {
      // Instances still starting are cancelled first (latest first), then ready ones stop.
      const remove = this.starting.cancel(this.instances - target);
      this.instances = target;
      this.scaleDownInFlight(t, remove, this.ready);
      this.ready -= remove;
    }
  }

  private onReady(t: number, batch: number): void {
    const n = this.starting.take(batch);
    this.ready += n;
    if (n > 0) this.dispatch(t);
  }

  private onSample(t: number): void {
    this.scaler.samples?.push(this.c.unacked);
    this.events.push(t + this.scaler.sampleSec!, EV_SAMPLE, 0, 0);
  }

  private onPoll(t: number): void {
    const want = this.scaler.decide(t, this.instances, this.c.unacked, this.c.areaCpu);
    if (want !== this.instances) this.setInstances(t, want);
    this.events.push(t + this.scaler.pollSec!, EV_POLL, 0, 0);
  }

  private result(endSec: number): SimResult {
    let maxAge = this.c.maxAgeSec;
    for (let id = 0; id < this.msgs.highWater; id++) {
      if (this.msgs.state[id] === LIVE) maxAge = Math.max(maxAge, endSec - this.msgs.countFrom[id]!);
    }
    return this.c.result(endSec, maxAge, { cfg: this.cfg, instances: this.instances, horizonSec: this.horizonSec, cpuKnown: this.cpuDemandPerSlot > 0 });
  }
}
