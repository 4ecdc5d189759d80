/**
 * Parsers for the value forms the configs use. Each returns undefined on anything it cannot read,
 * so callers turn that into a finding at the field's span.
 */

/** Kubernetes CPU quantity: `2`, `'2'`, `0.5`, `500m` → vCPU. */
export function parseCpuVcpu(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) && raw > 0 ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)(m?)\s*$/.exec(raw);
  if (!m) return undefined;
  const n = Number(m[1]) / (m[2] ? 1000 : 1);
  return n > 0 ? n : undefined;
}

const MEMORY_UNITS_BYTES: Record<string, number> = {
  '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4,
};

/** Kubernetes memory quantity: `512Mi`, `1Gi`, `1G`, plain bytes → MiB. */
export function parseMemoryMiB(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) && raw > 0 ? raw / 1024 ** 2 : undefined;
  if (typeof raw !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(Ki|Mi|Gi|Ti|k|K|M|G|T)?\s*$/.exec(raw);
  if (!m) return undefined;
  const bytes = Number(m[1]) * (MEMORY_UNITS_BYTES[m[2] ?? ''] ?? 1);
  return bytes > 0 ? bytes / 1024 ** 2 : undefined;
}

/** Protobuf JSON duration (`600s`, `1.5s`) or a bare number of seconds → seconds. */
export function parseDurationSec(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const m = /^\s*(-?\d+(?:\.\d+)?)s?\s*$/.exec(raw);
  return m ? Number(m[1]) : undefined;
}

/** An integer written as a number or a numeric string (annotations are strings: `'3'`). */
export function parseIntLoose(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isInteger(raw) ? raw : undefined;
  if (typeof raw !== 'string' || !/^\s*-?\d+\s*$/.test(raw)) return undefined;
  return Number(raw);
}

/** A count (instances, replicas, GPUs): a whole number ≥ 0, written as a number or a numeric string. */
export function parseCountLoose(raw: unknown): number | undefined {
  const n = parseIntLoose(raw);
  return n !== undefined && n >= 0 ? n : undefined;
}

/** A whole number ≥ 1 (a polling interval in seconds). */
export function parsePositiveIntLoose(raw: unknown): number | undefined {
  const n = parseIntLoose(raw);
  return n !== undefined && n >= 1 ? n : undefined;
}

/** A number above 0 (a scaler's target per replica: 0 or less would divide the backlog by nothing). */
export function parsePositiveFloatLoose(raw: unknown): number | undefined {
  const n = parseFloatLoose(raw);
  return n !== undefined && n > 0 ? n : undefined;
}

/** A number ≥ 0 (an activation threshold). */
export function parseNonNegativeFloatLoose(raw: unknown): number | undefined {
  const n = parseFloatLoose(raw);
  return n !== undefined && n >= 0 ? n : undefined;
}

/** A float written as a number or a numeric string (KEDA trigger `value: "50"`). */
export function parseFloatLoose(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string' || !/^\s*-?\d+(?:\.\d+)?\s*$/.test(raw)) return undefined;
  return Number(raw);
}

/** Last path segment of a resource name: `projects/p/subscriptions/orders-sub` → `orders-sub`. */
export function shortName(name: string): string {
  const parts = name.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? name;
}
