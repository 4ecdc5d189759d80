/**
 * Arrival stream replaying a per-minute trace, one arrival at a time (the simulator keeps only the next
 * arrival in its event list).
 * - `poisson`: within minute m a Poisson process at rate n_m/60. Exponential gaps are memoryless, so when a gap
 *   crosses a minute edge the stream restarts at the edge with the next minute's rate: an exact nonstationary
 *   Poisson process for a piecewise-constant rate (Law & Kelton, Simulation Modeling and Analysis, on
 *   generating nonstationary Poisson processes).
 * - `uniform-count`: exactly round(n_m) arrivals at uniform times in the minute (a Poisson process conditioned
 *   on its count), for replaying a trace's counts exactly.
 */
import type { Rng } from './prng.ts';

export class ArrivalStream {
  private minute = 0;
  private times = new Float64Array(0);
  private idx = 0;
  private len = 0;

  constructor(private readonly perMinute: readonly number[], private readonly uniform: boolean, private readonly rng: Rng) {
    if (uniform && perMinute.length > 0) this.load(0);
  }

  /** Time of the next arrival after `t`; Infinity once the trace is over. */
  next(t: number): number {
    const perMinute = this.perMinute;
    if (this.uniform) {
      while (this.idx >= this.len) {
        if (++this.minute >= perMinute.length) return Infinity;
        this.load(this.minute);
      }
      return this.times[this.idx++]!;
    }
    let now = t;
    while (this.minute < perMinute.length) {
      const edge = (this.minute + 1) * 60;
      const ratePerSec = perMinute[this.minute]! / 60;
      // Exponential gap by inversion (see distributions.ts); inlined: this is the hottest line of a run.
      const next = ratePerSec > 0 ? now - Math.log(1 - this.rng.next()) / ratePerSec : Infinity;
      if (next < edge) return next;
      now = edge;
      this.minute++;
    }
    return Infinity;
  }

  private load(m: number): void {
    const n = Math.round(this.perMinute[m]!);
    if (this.times.length < n) this.times = new Float64Array(Math.max(n, this.times.length * 2));
    for (let i = 0; i < n; i++) this.times[i] = m * 60 + this.rng.next() * 60;
    this.times.subarray(0, n).sort();
    this.idx = 0;
    this.len = n;
  }
}
