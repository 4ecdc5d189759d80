/**
 * Per-message state in typed arrays, with ids recycled once a message is finished and no queued copy,
 * in-flight delivery or pending retry refers to it; memory follows the live backlog, not the run length.
 * Plus the FIFO of copies waiting for a slot.
 */
export const LIVE = 0;
export const ACKED = 1;
export const DEAD = 2;
const FREE = 3;

export class MessageStore {
  /** Publish time: before the window (t < the join) for a warm-start message that was already waiting (backlog-reset.ts). */
  publishAt = new Float64Array(1 << 12);
  /**
   * Where the message's queue wait, latency and age figures count from: its publish time, or for a warm-start
   * message the join it entered the simulation at (docs/simulator.md, "Warm start and joins"). The oldest-age
   * timeline uses publishAt.
   */
  countFrom = new Float64Array(1 << 12);
  /** Deliveries started so far (= delivery attempts, docs/sources.md#subscription-fields). */
  attempts = new Int32Array(1 << 12);
  /** The attempt whose lease expired (0 = none). */
  expiredAttempt = new Int32Array(1 << 12);
  state = new Uint8Array(1 << 12).fill(FREE);
  private refs = new Int32Array(1 << 12);
  private freeIds = new Int32Array(1 << 12);
  private freeTop = 0;
  /** Ids ever handed out: every live id is below it. */
  highWater = 0;

  /** A new live message published at `t` (counted from `from`, default t), referenced once (by its first queued copy). */
  alloc(t: number, from = t): number {
    let id: number;
    if (this.freeTop > 0) id = this.freeIds[--this.freeTop]!;
    else {
      if (this.highWater === this.publishAt.length) this.grow();
      id = this.highWater++;
    }
    this.publishAt[id] = t;
    this.countFrom[id] = from;
    this.state[id] = LIVE;
    this.attempts[id] = 0;
    this.expiredAttempt[id] = 0;
    this.refs[id] = 1;
    return id;
  }

  /** One more queued copy / delivery / pending retry refers to `id`. */
  retain(id: number): void {
    this.refs[id]!++;
  }

  /** Drops one reference; recycles the id once the message is finished and unreferenced. */
  release(id: number): void {
    if (--this.refs[id]! === 0 && this.state[id] !== LIVE) {
      this.state[id] = FREE;
      this.freeIds[this.freeTop++] = id;
    }
  }

  private grow(): void {
    const n = this.publishAt.length * 2;
    const f = new Float64Array(n); f.set(this.publishAt); this.publishAt = f;
    const cf = new Float64Array(n); cf.set(this.countFrom); this.countFrom = cf;
    const a = new Int32Array(n); a.set(this.attempts); this.attempts = a;
    const e = new Int32Array(n); e.set(this.expiredAttempt); this.expiredAttempt = e;
    const s = new Uint8Array(n).fill(FREE); s.set(this.state); this.state = s;
    const r = new Int32Array(n); r.set(this.refs); this.refs = r;
    const fr = new Int32Array(n); fr.set(this.freeIds); this.freeIds = fr;
  }
}

/** Ring-buffer FIFO of int entries (the simulator stores id << 1 | duplicateFlag). */
export class IntFifo {
  private buf = new Int32Array(1 << 12);
  private head = 0;
  length = 0;

  push(v: number): void {
    if (this.length === this.buf.length) {
      const n = new Int32Array(this.buf.length * 2);
      for (let i = 0; i < this.length; i++) n[i] = this.buf[(this.head + i) % this.buf.length]!;
      this.buf = n;
      this.head = 0;
    }
    let i = this.head + this.length;
    if (i >= this.buf.length) i -= this.buf.length;
    this.buf[i] = v;
    this.length++;
  }

  /** Removes and returns the oldest entry (call only when length > 0). */
  shift(): number {
    const v = this.buf[this.head]!;
    this.head = this.head + 1 === this.buf.length ? 0 : this.head + 1;
    this.length--;
    return v;
  }
}
