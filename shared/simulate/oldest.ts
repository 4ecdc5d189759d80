/**
 * The age of the oldest unacked message, per timeline point, in amortised O(1): messages are remembered in
 * publish order (id and publish time); at each point the head is dropped while it no longer names a live message
 * (finished, or its id recycled for a newer message, which then has another publish time). What Cloud Monitoring
 * records as subscription/oldest_unacked_message_age.
 */
export class OldestUnacked {
  private ids = new Int32Array(1 << 12);
  private times = new Float64Array(1 << 12);
  private head = 0;
  private length = 0;

  push(id: number, publishAtSec: number): void {
    if (this.length === this.ids.length) {
      const n = this.ids.length * 2;
      const ids = new Int32Array(n);
      const times = new Float64Array(n);
      for (let i = 0; i < this.length; i++) {
        const j = (this.head + i) % this.ids.length;
        ids[i] = this.ids[j]!;
        times[i] = this.times[j]!;
      }
      this.ids = ids;
      this.times = times;
      this.head = 0;
    }
    const i = (this.head + this.length) % this.ids.length;
    this.ids[i] = id;
    this.times[i] = publishAtSec;
    this.length++;
  }

  /** Age at `t` of the oldest message for which `isLive(id, publishAtSec)` holds; 0 when none is. */
  ageAt(t: number, isLive: (id: number, publishAtSec: number) => boolean): number {
    while (this.length > 0 && !isLive(this.ids[this.head]!, this.times[this.head]!)) {
      this.head = this.head + 1 === this.ids.length ? 0 : this.head + 1;
      this.length--;
    }
    return this.length > 0 ? t - this.times[this.head]! : 0;
  }
}
