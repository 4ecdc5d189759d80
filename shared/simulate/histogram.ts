/**
 * Waiting-time histogram with logarithmic buckets, so percentiles cost O(1) memory however many messages a run
 * has. Buckets grow by 1% from 0.1 ms; a reported percentile is the bucket's geometric midpoint, so its
 * relative error is ≤ 0.5% (same idea as HdrHistogram's log buckets). Exact zeros, the mean and the max are
 * tracked exactly.
 */
const MIN_SEC = 1e-4;
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);
const BUCKETS = Math.ceil(Math.log(1e8 / MIN_SEC) / LOG_GROWTH) + 1;

export class WaitHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private zeros = 0;
  private below = 0;
  count = 0;
  sum = 0;
  max = 0;

  add(sec: number): void {
    this.count++;
    this.sum += sec;
    if (sec > this.max) this.max = sec;
    if (sec <= 0) this.zeros++;
    else if (sec < MIN_SEC) this.below++;
    else {
      const i = Math.floor(Math.log(sec / MIN_SEC) / LOG_GROWTH);
      this.counts[i < BUCKETS ? i : BUCKETS - 1]! += 1;
    }
  }

  /** Share of samples above zero. */
  probPositive(): number {
    return this.count === 0 ? 0 : (this.count - this.zeros) / this.count;
  }

  mean(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  /** p-quantile (p in [0, 1]); 0 for an empty histogram. */
  quantile(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(p * this.count));
    let seen = this.zeros;
    if (seen >= rank) return 0;
    seen += this.below;
    if (seen >= rank) return MIN_SEC / 2;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(this.max, MIN_SEC * Math.pow(GROWTH, i + 0.5));
    }
    return this.max;
  }
}
