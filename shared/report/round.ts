/**
 * The one rounding rule for numbers in JSON and MCP output (docs/output-precision.md): 4 significant digits for
 * non-integers (213.67062677693758 → 213.7, 0.0123456 → 0.01235, 1234.5678 → 1235), integers as they are. Four
 * digits are more than the model's inputs carry: per-minute samples, simulated percentiles from one seeded run,
 * list prices; the digits beyond only look exact. Internal files that feed later computations (proposal
 * records, metrics snapshots) keep full precision.
 */
export const OUTPUT_SIGNIFICANT_DIGITS = 4;

export function roundNumber(x: number, digits = OUTPUT_SIGNIFICANT_DIGITS): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return x;
  return Number(x.toPrecision(digits));
}

/** A JSON.stringify replacer applying `roundNumber` to every number. */
export function roundingReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' ? roundNumber(value) : value;
}

/** A deep copy of plain data with every number rounded. */
export function roundNumbers<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, roundingReplacer)) as T;
}
