/**
 * The simulator's future-event list: a binary min-heap (Williams 1964; CLRS ch. 6) ordered by time, ties by
 * insertion order (so simultaneous events run first-scheduled-first and runs are deterministic). Event data
 * lives in typed-array pools indexed by slot; the heap holds slot numbers, so a sift moves one int. `pop()`
 * writes the event into public fields instead of returning an object: no allocation per event.
 */
export class EventQueue {
  private time = new Float64Array(1024);
  private order = new Float64Array(1024);
  private kindOf = new Uint8Array(1024);
  private aOf = new Int32Array(1024);
  private bOf = new Int32Array(1024);
  private heap = new Int32Array(1024);
  private free = new Int32Array(1024);
  private freeTop = 0;
  private nextSlot = 0;
  private counter = 0;
  size = 0;
  /** Fields of the last popped event. */
  t = 0;
  kind = 0;
  a = 0;
  b = 0;

  push(time: number, kind: number, a: number, b: number): void {
    let slot: number;
    if (this.freeTop > 0) slot = this.free[--this.freeTop]!;
    else {
      if (this.nextSlot === this.time.length) this.grow();
      slot = this.nextSlot++;
    }
    this.time[slot] = time;
    this.order[slot] = this.counter++;
    this.kindOf[slot] = kind;
    this.aOf[slot] = a;
    this.bOf[slot] = b;
    // Sift up.
    const heap = this.heap;
    const tm = this.time;
    const ord = this.order;
    let i = this.size++;
    const o = ord[slot]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const ps = heap[p]!;
      const pt = tm[ps]!;
      if (pt < time || (pt === time && ord[ps]! < o)) break;
      heap[i] = ps;
      i = p;
    }
    heap[i] = slot;
  }

  /** Time of the next event; Infinity when empty. */
  peekTime(): number {
    return this.size > 0 ? this.time[this.heap[0]!]! : Infinity;
  }

  /** Removes the earliest event into `t`, `kind`, `a`, `b`. Returns false when empty. */
  pop(): boolean {
    if (this.size === 0) return false;
    const heap = this.heap;
    const tm = this.time;
    const ord = this.order;
    const top = heap[0]!;
    this.t = tm[top]!;
    this.kind = this.kindOf[top]!;
    this.a = this.aOf[top]!;
    this.b = this.bOf[top]!;
    this.free[this.freeTop++] = top;
    const n = --this.size;
    if (n > 0) {
      const last = heap[n]!;
      const lt = tm[last]!;
      const lo = ord[last]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        let cs = heap[c]!;
        let ct = tm[cs]!;
        const r = c + 1;
        if (r < n) {
          const rs = heap[r]!;
          const rt = tm[rs]!;
          if (rt < ct || (rt === ct && ord[rs]! < ord[cs]!)) {
            c = r;
            cs = rs;
            ct = rt;
          }
        }
        if (lt < ct || (lt === ct && lo < ord[cs]!)) break;
        heap[i] = cs;
        i = c;
      }
      heap[i] = last;
    }
    return true;
  }

  private grow(): void {
    const n = this.time.length * 2;
    const g = <T extends Float64Array | Uint8Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const x = make(n);
      x.set(old);
      return x;
    };
    this.time = g(this.time, (k) => new Float64Array(k));
    this.order = g(this.order, (k) => new Float64Array(k));
    this.kindOf = g(this.kindOf, (k) => new Uint8Array(k));
    this.aOf = g(this.aOf, (k) => new Int32Array(k));
    this.bOf = g(this.bOf, (k) => new Int32Array(k));
    this.heap = g(this.heap, (k) => new Int32Array(k));
    this.free = g(this.free, (k) => new Int32Array(k));
  }
}
