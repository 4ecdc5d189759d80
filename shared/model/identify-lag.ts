/**
 * Start-up time and scaler lag from the instance series (identify.ts):
 * - start-up: on pressed minutes of a capacity-bound pool, throughput ≈ ready instances × the per-instance rate of
 *   the steady pressed minutes; ready instances are the count requested `s` seconds earlier (a new instance is
 *   billed at once and serves after start-up: https://cloud.google.com/run/docs/container-contract#lifecycle). `s` is
 *   the least-squares fit over a 15 s grid (0–600 s), used only when at least MIN_RISES scale-ups fall in pressed
 *   minutes.
 * - scaler lag: the shift d (minutes) that best lines up rises of the backlog with rises of the instance count (the
 *   cross-correlation of their positive increments): metric ingestion delay + polling as this pool saw them
 *   (docs/sources.md#crema). Per-minute series: the resolution is 60 s.
 */
export const MIN_RISES = 3;

type Series = readonly (number | null | undefined)[] | undefined;
const at = (s: Series, i: number) => {
  const v = s?.[i];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

interface Fit { value: number; basis: 'inferred'; evidence: string }

export function fitStartup(input: { ms: readonly { i: number; thr: number; n: number }[]; pressed: ReadonlySet<number>; instances: Series; capacityBound: boolean }): Fit | undefined {
  const inst = input.instances;
  if (!inst || !input.capacityBound) return undefined;
  const byMinute = new Map(input.ms.map((m) => [m.i, m]));
  const rises: number[] = [];
  for (let i = 1; i < inst.length; i++) {
    const a = at(inst, i - 1);
    const b = at(inst, i);
    if (a !== undefined && b !== undefined && b > a && input.pressed.has(i)) rises.push(i);
  }
  if (rises.length < MIN_RISES) return undefined;
  // Per-instance rate on steady pressed minutes (the count unchanged for the 10 minutes before).
  const steady = input.ms.filter((m) => input.pressed.has(m.i) && m.n > 0 && Array.from({ length: 10 }, (_, k) => at(inst, m.i - k)).every((v) => v === m.n));
  if (steady.length < 3) return undefined;
  const perInstance = steady.map((m) => m.thr / m.n).sort((a, b) => a - b)[Math.floor(steady.length / 2)]!;
  const near = new Set<number>();
  for (const r of rises) for (let k = 0; k <= 10; k++) if (input.pressed.has(r + k)) near.add(r + k);
  const nAt = (t: number) => at(inst, Math.floor(t)) ?? 0;
  let best: { s: number; err: number } | undefined;
  for (let s = 0; s <= 600; s += 15) {
    let err = 0;
    for (const i of near) {
      const m = byMinute.get(i);
      if (!m) continue;
      let ready = 0;
      for (let k = 0; k < 6; k++) ready += nAt(i + (k + 0.5) / 6 - s / 60) / 6;
      err += (m.thr - perInstance * ready) ** 2;
    }
    if (!best || err < best.err - 1e-9) best = { s, err };
  }
  if (!best) return undefined;
  return { value: best.s, basis: 'inferred', evidence: `${rises.length} scale-ups while the pool was pressed: throughput followed the instance count ${best.s} s late (at ${Number(perInstance.toPrecision(3))} msg/s per ready instance)` };
}

export function fitScalerLag(backlog: Series, instances: Series): Fit | undefined {
  if (!backlog || !instances) return undefined;
  const n = Math.min(backlog.length, instances.length);
  const db: number[] = [];
  const di: number[] = [];
  let rises = 0;
  for (let i = 1; i < n; i++) {
    const b0 = at(backlog, i - 1), b1 = at(backlog, i), n0 = at(instances, i - 1), n1 = at(instances, i);
    db.push(b0 !== undefined && b1 !== undefined ? Math.max(0, b1 - b0) : 0);
    const d = n0 !== undefined && n1 !== undefined ? Math.max(0, n1 - n0) : 0;
    if (d > 0) rises++;
    di.push(d);
  }
  if (rises < MIN_RISES) return undefined;
  let best: { d: number; score: number } | undefined;
  for (let d = 0; d <= 10; d++) {
    let score = 0;
    for (let i = d; i < di.length; i++) score += di[i]! * db[i - d]!;
    if (!best || score > best.score) best = { d, score };
  }
  if (!best || best.score <= 0) return undefined;
  return { value: best.d * 60, basis: 'inferred', evidence: `${rises} scale-ups: the instance count rose about ${best.d} min after the backlog did (metric delay + polling, 60 s resolution)` };
}
