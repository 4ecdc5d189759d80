/**
 * Which findings depend on Terraform values the module cannot settle (and are withheld). Most rules read a whole
 * pool (worker pool, scaler, subscriptions together), so any unsettled value of the pool withholds their findings.
 * The rules listed in DEPENDS_ON read only their own document, and only the listed fields of it: their findings are
 * withheld only when one of those fields is unsettled, so an absent dead-letter policy is still reported on a
 * subscription whose retention comes from a variable. `ws.unchecked` says, per resource, what was not checked.
 */
import type { ConfigDoc } from '../../config/doc.ts';
import type { PathSeg } from '../../config/yaml-source.ts';
import { docOf, type Workspace } from '../../config/workspace.ts';
import type { Finding } from '../finding.ts';

interface Dependency {
  /** Model paths (prefixes) of the finding's own document the rule reads. */
  paths: PathSeg[][];
  /**
   * The rule skips subscriptions that read another subscription's dead-letter topic: an unsettled dead-letter
   * topic anywhere may make this subscription such a reader. It reads `topic` only for that test, so when no
   * subscription of the module dead-letters at all, an unsettled topic cannot change its finding.
   */
  deadLetterReaders?: boolean;
}

export const DEPENDS_ON: Readonly<Record<string, Dependency>> = {
  'no-dead-letter-policy': { paths: [['deadLetterPolicy'], ['topic']], deadLetterReaders: true },
  'no-retry-policy': { paths: [['retryPolicy'], ['topic'], ['bigqueryConfig'], ['cloudStorageConfig']], deadLetterReaders: true },
  'max-delivery-attempts-at-minimum': { paths: [['deadLetterPolicy']] },
  'dlq-same-as-source-topic': { paths: [['deadLetterPolicy'], ['topic']] },
  // Each finding is about one written, settled value (an unsettled one is not in the model, so not judged).
  'subscription-value-out-of-range': { paths: [] },
  'secret-in-plain-env-var': { paths: [] },
  'worker-pool-scaling-not-in-api': { paths: [['metadata', 'annotations']] },
};

/** Findings never withheld: parse problems, and the notes that say what was not checked. */
const NEVER_WITHHELD = new Set(['yaml-syntax', 'invalid-field', 'terraform-not-checked']);

interface UnsettledDoc {
  doc: ConfigDoc;
  file: string;
  start: number;
  end: number;
  paths: PathSeg[][];
}

function unsettledDocs(ws: Workspace): UnsettledDoc[] {
  return [...ws.unsettled].map(([doc, paths]) => ({ doc, file: doc.file, start: doc.start, end: doc.start + docLength(doc), paths }));
}

function withheldPools(ws: Workspace): Set<string> {
  const unsettled = new Set<ConfigDoc>(ws.unsettled.keys());
  const pools = new Set<string>();
  for (const p of ws.pools) {
    const refs = [p.workerPool?.ref, p.scaler?.ref, ...p.subscriptions.map((s) => s.ref)];
    if (refs.some((r) => r && unsettled.has(docOf(ws, r)!))) pools.add(p.name);
  }
  return pools;
}

const startsWith = (path: readonly PathSeg[], prefix: readonly PathSeg[]) => prefix.every((s, i) => path[i] === s);

/** The findings that do not depend on an unsettled value. */
export function withhold(ws: Workspace, findings: Finding[]): Finding[] {
  if (ws.unsettled.size === 0) return findings;
  const pools = withheldPools(ws);
  const docs = unsettledDocs(ws);
  // Which topic a subscription dead-letters into is unknown: a dynamic block, or an unsettled dead_letter_topic.
  const deadLetterUnknown = docs.filter((d) => d.paths.some((p) => p[0] === 'deadLetterPolicy' && (p.length === 1 || p[1] === 'deadLetterTopic')));
  const inDoc = (f: Finding) => docs.find((d) => d.file === f.file && f.span.start >= d.start && f.span.start <= d.end);
  // Per Terraform module (folder): an unsettled topic comes from the module's own inputs and resources.
  const folder = (file: string) => file.slice(0, file.lastIndexOf('/') + 1);
  const noDeadLetters = (d: UnsettledDoc) => !deadLetterUnknown.some((x) => folder(x.file) === folder(d.file))
    && !ws.subscriptions.some((s) => s.hasDeadLetterPolicy && folder(s.ref.file) === folder(d.file));
  return findings.filter((f) => {
    if (NEVER_WITHHELD.has(f.ruleId)) return true;
    const dep = DEPENDS_ON[f.ruleId];
    const d = inDoc(f);
    if (dep) {
      if (dep.deadLetterReaders && deadLetterUnknown.some((x) => x !== d)) return false;
      const paths = dep.deadLetterReaders && d && noDeadLetters(d) ? dep.paths.filter((q) => q[0] !== 'topic') : dep.paths;
      return !d || !d.paths.some((p) => paths.some((q) => startsWith(p, q)));
    }
    if (f.pool !== undefined && pools.has(f.pool)) return false;
    return !d;
  });
}

function docLength(d: ConfigDoc): number {
  const node = (d as { node?: { start: number; end: number } }).node;
  return node ? node.end - node.start : 0;
}
