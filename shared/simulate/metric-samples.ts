/**
 * The backlog metric as CREMA reads it (engine.ts): num_undelivered_messages sampled every `metricSampleSec` and
 * visible `metricIngestionDelaySec` later (docs/sources.md#crema, #pubsub-metrics).
 */
export class MetricSamples {
  private samples = new Float64Array(64);
  count = 0;

  constructor(private readonly sampleSec: number, private readonly delaySec: number) {}

  push(backlog: number): void {
    if (this.count === this.samples.length) {
      const s = new Float64Array(this.samples.length * 2);
      s.set(this.samples);
      this.samples = s;
    }
    this.samples[this.count++] = backlog;
  }

  /** The value CREMA reads at `t`: the newest sample at or before t − delay (`current` for the one due now). */
  at(t: number, current: number): number | undefined {
    const seenUpTo = t - this.delaySec;
    if (seenUpTo < 0) return undefined;
    const idx = Math.floor(seenUpTo / this.sampleSec + 1e-9);
    if (idx < this.count) return this.samples[idx]!;
    // The sample due exactly now has not run yet (same timestamp): it would read the current backlog.
    return idx * this.sampleSec <= t ? current : undefined;
  }

  /** A join of recorded segments: the samples still to be read late are the recorded backlog from before it. */
  fillRecent(backlog: number): void {
    const back = Math.ceil((this.delaySec + this.sampleSec) / this.sampleSec) + 1;
    for (let k = Math.max(0, this.count - back); k < this.count; k++) this.samples[k] = backlog;
  }
}
