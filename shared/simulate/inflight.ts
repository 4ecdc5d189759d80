/**
 * Deliveries in progress (engine.ts): one slot record per delivery being processed, in typed arrays with a dense
 * list for iteration (scale-down walks them) and a generation per slot, so a completion or kill event for a slot
 * that was released and reused is recognised as stale.
 */
export class InFlightTable {
  id = new Int32Array(256);
  attempt = new Int32Array(256);
  start = new Float64Array(256);
  end = new Float64Array(256);
  gen = new Int32Array(256);
  private pos = new Int32Array(256);
  /** Slots in use, positions 0 … count − 1. */
  dense = new Int32Array(256);
  count = 0;
  private free: number[] = [];
  private high = 0;

  alloc(id: number, attempt: number, start: number, end: number): number {
    let k: number;
    if (this.free.length > 0) k = this.free.pop()!;
    else {
      if (this.high === this.id.length) this.grow();
      k = this.high++;
    }
    this.id[k] = id;
    this.attempt[k] = attempt;
    this.start[k] = start;
    this.end[k] = end;
    this.pos[k] = this.count;
    this.dense[this.count++] = k;
    return k;
  }

  release(k: number): void {
    this.gen[k]!++;
    const pos = this.pos[k]!;
    const last = this.dense[--this.count]!;
    this.dense[pos] = last;
    this.pos[last] = pos;
    this.free.push(k);
  }

  /**
   * `removed` of `readyBefore` ready instances stop (scale-down). Cloud Run sends them SIGTERM and kills them after
   * the grace (`shutdownGraceSec`; https://cloud.google.com/run/docs/container-contract#lifecycle,
   * https://cloud.google.com/run/docs/samples/cloudrun-sigterm-handler: "due to an event like scale down"). Which
   * instances go is not documented; each delivery in progress is on a removed instance with probability
   * removed ÷ readyBefore (deliveries spread evenly). One that finishes by `killAt` completes and is acked; one still
   * running then is lost with its instance: its lease is no longer extended, so Pub/Sub redelivers it once the ack
   * deadline runs out (https://cloud.google.com/pubsub/docs/lease-management). Returns the slots to kill at `killAt`.
   */
  killedOnScaleDown(killAt: number, removed: number, readyBefore: number, rng: { next(): number }): number[] {
    if (removed <= 0 || readyBefore <= 0 || this.count === 0) return [];
    const p = Math.min(1, removed / readyBefore);
    const out: number[] = [];
    for (let i = 0; i < this.count; i++) {
      const k = this.dense[i]!;
      if (this.end[k]! <= killAt) continue; // finishes within the grace
      if (p < 1 && rng.next() >= p) continue;
      out.push(k);
    }
    return out;
  }

  private grow(): void {
    const n = this.id.length * 2;
    const i32 = (a: Int32Array) => { const b = new Int32Array(n); b.set(a); return b; };
    const f64 = (a: Float64Array) => { const b = new Float64Array(n); b.set(a); return b; };
    this.id = i32(this.id);
    this.attempt = i32(this.attempt);
    this.gen = i32(this.gen);
    this.pos = i32(this.pos);
    this.dense = i32(this.dense);
    this.start = f64(this.start);
    this.end = f64(this.end);
  }
}

/** Instances requested but not yet ready, in batches (one per scale-up; engine.ts EV_READY carries the index). */
export class Startups {
  private batches: number[] = [];
  private pending = 0;

  /** A batch of `n` starting now; its index. */
  add(n: number): number {
    this.batches.push(n);
    this.pending += n;
    return this.batches.length - 1;
  }

  /** Cancels up to `remove` starting instances, latest first; returns how many must still stop among the ready. */
  cancel(remove: number): number {
    for (let i = this.batches.length - 1; i >= 0 && remove > 0 && this.pending > 0; i--) {
      const take = Math.min(this.batches[i]!, remove);
      this.batches[i]! -= take;
      this.pending -= take;
      remove -= take;
    }
    return remove;
  }

  /** The batch is ready: how many of it were not cancelled. */
  take(batch: number): number {
    const n = this.batches[batch]!;
    this.batches[batch] = 0;
    this.pending -= n;
    return n;
  }
}
