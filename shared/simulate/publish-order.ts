/**
 * Messages in publish order, for the oldest unacked age of the timeline (engine.ts): a ring of (id, publish time)
 * whose consumed head is dropped lazily; an entry is stale once its message is finished or its id reused. Arrivals
 * come in publish-time order (`push`); a warm start's aged backlog, published before messages already queued, is
 * merged in (`merge`), so the ring stays sorted and its live head is always the oldest unacked message.
 */
import { LIVE, type MessageStore } from './messages.ts';

export class PublishOrder {
  private ids = new Int32Array(1024);
  private ts = new Float64Array(1024);
  private head = 0;
  private tail = 0;

  push(id: number, t: number): void {
    if (this.tail === this.ids.length) {
      // Compact the consumed head, then grow if still full.
      const live = this.tail - this.head;
      if (this.head > 0 && live < this.ids.length / 2) {
        this.ids.copyWithin(0, this.head, this.tail);
        this.ts.copyWithin(0, this.head, this.tail);
      } else {
        const ids = new Int32Array(this.ids.length * 2);
        ids.set(this.ids.subarray(this.head, this.tail));
        const ts = new Float64Array(this.ts.length * 2);
        ts.set(this.ts.subarray(this.head, this.tail));
        this.ids = ids;
        this.ts = ts;
      }
      this.head = 0;
      this.tail = live;
    }
    this.ids[this.tail] = id;
    this.ts[this.tail++] = t;
  }

  /**
   * Adds messages that may be older than entries already held (backlog-reset.ts: a join's backlog that was waiting
   * before the join), `ts` ascending: one merge of two sorted runs, O(held + added), once per join.
   */
  merge(ids: ArrayLike<number>, ts: ArrayLike<number>): void {
    const held = this.tail - this.head;
    const total = held + ids.length;
    let cap = this.ids.length;
    while (cap < total) cap *= 2;
    const outIds = new Int32Array(cap);
    const outTs = new Float64Array(cap);
    let i = this.head;
    let j = 0;
    for (let k = 0; k < total; k++) {
      // Ties keep the held entry first (it was pushed earlier at the same instant).
      if (j >= ids.length || (i < this.tail && this.ts[i]! <= ts[j]!)) {
        outIds[k] = this.ids[i]!;
        outTs[k] = this.ts[i++]!;
      } else {
        outIds[k] = ids[j]!;
        outTs[k] = ts[j++]!;
      }
    }
    this.ids = outIds;
    this.ts = outTs;
    this.head = 0;
    this.tail = total;
  }

  /** Age of the oldest unacked message at t (the head of the publish order that is still live and not reused). */
  oldestAge(t: number, msgs: MessageStore): number {
    while (this.head < this.tail) {
      const id = this.ids[this.head]!;
      const at = this.ts[this.head]!;
      if (msgs.state[id] === LIVE && msgs.publishAt[id] === at) return Math.max(0, t - at);
      this.head++;
    }
    return 0;
  }
}
