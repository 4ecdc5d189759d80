/**
 * Stage 2b: when a condition opens incidents. A condition holds at minute i when its value has been over the
 * threshold for `durationMin` consecutive minutes (the policy's `duration`, one sample per minute); an incident
 * opens on each minute the condition starts to hold, and closes when it stops (Cloud Monitoring opens one incident
 * per time series while the condition is met: docs/sources.md#alerting-and-dashboards).
 */
type Values = readonly (number | null)[];

/** The level held over the last `durationMin` minutes at each minute: the minimum of those values (null if any is missing). */
export function sustained(values: Values, durationMin: number): (number | null)[] {
  const d = Math.max(1, durationMin);
  return values.map((_, i) => {
    if (i < d - 1) return null;
    let m = Infinity;
    for (let j = i - d + 1; j <= i; j++) {
      const v = values[j];
      if (v === null || v === undefined) return null;
      m = Math.min(m, v);
    }
    return m;
  });
}

/** Minutes at which an incident opens: the condition (sustained level > threshold) turns true. */
export function fireMinutes(levels: Values, threshold: number): number[] {
  const out: number[] = [];
  let open = false;
  levels.forEach((v, i) => {
    const on = v !== null && v > threshold;
    if (on && !open) out.push(i);
    open = on;
  });
  return out;
}

/** Highest sustained level reached (undefined when never known). */
export function peak(levels: Values): number | undefined {
  let m: number | undefined;
  for (const v of levels) if (v !== null && (m === undefined || v > m)) m = v;
  return m;
}
