/** The one wording of a sizing (concurrency and scaling) in the stages' sentences. */
import type { Candidate } from '../evaluate.ts';

export function describeCandidate(c: Candidate): string {
  const s = c.scaling;
  return s.mode === 'manual' ? `${s.instances} instances × concurrency ${c.concurrency}` : `CREMA value ${s.targetValue}, min ${s.minReplicas}, max ${s.maxReplicas}, concurrency ${c.concurrency}`;
}
