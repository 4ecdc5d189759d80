/**
 * The identified parameters in words: one line per parameter, "name: value (basis): evidence". The one place
 * the text, Markdown, MCP and hover renderings take their sentences from.
 */
import type { Identification } from './identify-schema.ts';

const sig = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toString() : Number(x.toPrecision(3)).toString());

export interface IdentifiedLine {
  parameter: string;
  value: string;
  basis: string;
  evidence: string;
}

export function identificationLines(id: Identification): IdentifiedLine[] {
  const st = id.serviceTime;
  const out: IdentifiedLine[] = [{ parameter: 'intrinsic processing', value: `p50 ${sig(st.p50Sec)} s, p99 ${sig(st.p99Sec)} s, mean ${sig(st.meanSec)} s`, basis: st.basis, evidence: st.evidence }];
  if (id.stretch.kind !== 'none') out.push({ parameter: 'under load', value: id.stretch.kind === 'throttle' ? `throttled (×${sig(id.stretch.factor)})` : id.stretch.kind === 'cpu' ? `CPU-bound (×${sig(id.stretch.factor)})` : 'slots full, processing unchanged', basis: 'inferred', evidence: id.stretch.evidence });
  if (id.downstreamLimit) out.push({ parameter: 'downstream ceiling', value: `${sig(id.downstreamLimit.perSec)} msg/s`, basis: id.downstreamLimit.basis, evidence: id.downstreamLimit.evidence });
  if (id.mixture) out.push({ parameter: 'mixed work', value: `${sig(id.mixture.heavyShare * 100)}% heavy, ×${sig(id.mixture.heavyFactor)}`, basis: id.mixture.basis, evidence: id.mixture.evidence });
  if (id.startupSec) out.push({ parameter: 'start-up', value: `${sig(id.startupSec.value)} s`, basis: id.startupSec.basis, evidence: id.startupSec.evidence });
  if (id.scalerLagSec) out.push({ parameter: 'scaler lag', value: `${sig(id.scalerLagSec.value)} s`, basis: id.scalerLagSec.basis, evidence: id.scalerLagSec.evidence });
  return out;
}

/** One line each: "  parameter: value (basis) — evidence". */
export function identificationText(id: Identification, indent = '  '): string[] {
  return [
    ...identificationLines(id).map((l) => `${indent}${l.parameter}: ${l.value} (${l.basis}) — ${l.evidence}`),
    ...id.notes.map((n) => `${indent}! ${n}`),
  ];
}
