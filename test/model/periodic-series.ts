/** Generated per-minute arrival series for the periodicity tests and the schedule search (issue 22). */
import { Rng } from '../../shared/simulate/prng.ts';

/** A Poisson draw (Knuth's product method below 30, a rounded normal approximation above). */
function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) {
    const u = Math.max(1e-12, rng.next());
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do { k++; p *= rng.next(); } while (p > l);
  return k - 1;
}

/** `hours` hours at `base`/min with a burst of `ratio` × base for `burstMin` minutes at minute `at` (± `jitterMin`) of each hour. */
export function hourlyBatch(o: { hours: number; base: number; ratio: number; burstMin: number; at?: number; jitterMin?: number; seed?: number }): number[] {
  const rng = new Rng(o.seed ?? 7);
  const out: number[] = [];
  for (let h = 0; h < o.hours; h++) {
    const shift = o.jitterMin ? Math.round((rng.next() * 2 - 1) * o.jitterMin) : 0;
    const start = (o.at ?? 0) + shift;
    for (let m = 0; m < 60; m++) {
      const inBurst = m >= start && m < start + o.burstMin;
      out.push(poisson(rng, inBurst ? o.base * o.ratio : o.base));
    }
  }
  return out;
}

/** `days` days at `base`/min with a ramp from `fromMin` (minute of the day) up to `peak`/min over `rampMin`, held `holdMin`, then down. */
export function dailyRamp(o: { days: number; base: number; peak: number; fromMin: number; rampMin: number; holdMin: number; seed?: number }): number[] {
  const rng = new Rng(o.seed ?? 11);
  const out: number[] = [];
  for (let d = 0; d < o.days; d++) {
    for (let m = 0; m < 1440; m++) {
      const t = m - o.fromMin;
      const up = o.rampMin > 0 ? t / o.rampMin : 1;
      const level = t < 0 ? 0 : t < o.rampMin ? up : t < o.rampMin + o.holdMin ? 1 : t < 2 * o.rampMin + o.holdMin ? 1 - (t - o.rampMin - o.holdMin) / o.rampMin : 0;
      out.push(poisson(rng, o.base + (o.peak - o.base) * level));
    }
  }
  return out;
}

/** `hours` hours at `base`/min with `spikes` spikes of `ratio` × base for `spikeMin` minutes at random minutes. */
export function randomSpikes(o: { hours: number; base: number; ratio: number; spikes: number; spikeMin: number; seed?: number }): number[] {
  const rng = new Rng(o.seed ?? 13);
  const n = o.hours * 60;
  const level = new Array<number>(n).fill(o.base);
  for (let s = 0; s < o.spikes; s++) {
    const at = Math.floor(rng.next() * (n - o.spikeMin));
    for (let m = at; m < at + o.spikeMin; m++) level[m] = o.base * o.ratio;
  }
  return level.map((x) => poisson(rng, x));
}

/** `days` days at `base`/min with several daily ramps (each up to its `peak`/min from `fromMin` over `rampMin`, held `holdMin`). */
export function dailyRamps(o: { days: number; base: number; ramps: { fromMin: number; peak: number; rampMin: number; holdMin: number }[]; seed?: number }): number[] {
  const rng = new Rng(o.seed ?? 17);
  const out: number[] = [];
  for (let d = 0; d < o.days; d++) {
    for (let m = 0; m < 1440; m++) {
      let level = o.base;
      for (const r of o.ramps) {
        const t = m - r.fromMin;
        const f = t < 0 ? 0 : t < r.rampMin ? t / r.rampMin : t < r.rampMin + r.holdMin ? 1 : t < 2 * r.rampMin + r.holdMin ? 1 - (t - r.rampMin - r.holdMin) / r.rampMin : 0;
        level = Math.max(level, o.base + (r.peak - o.base) * f);
      }
      out.push(poisson(rng, level));
    }
  }
  return out;
}
