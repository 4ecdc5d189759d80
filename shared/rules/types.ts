/** The rule contract: `meta` beside a `check` that reads only from its context (no I/O, clock or randomness). */
import { z } from 'zod';
import type { Workspace } from '../config/workspace.ts';
import type { Pool } from '../config/model.ts';
import type { MetricsView } from '../metrics/figures.ts';
import type { PathSeg } from '../config/yaml-source.ts';
import type { Span } from '../config/span.ts';
import type { TextEdit } from '../config/edits.ts';
import type { YamlTree, YamlValue } from '../config/yaml-edit.ts';
import type { RawFinding } from './finding.ts';
import type { ProposalRecord } from '../verify/schema.ts';
import { SeveritySchema } from '../config/settings-schema.ts';
import { repositoryFileUrl } from '../product.ts';

/** Base URL of the rule docs on the web; a rule's page is `${RULE_DOCS_BASE_URL}/<id>.md` (the repository: shared/product.ts). */
export const RULE_DOCS_BASE_URL = repositoryFileUrl('docs/rules');

export const RuleMetaSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  title: z.string(),
  category: z.enum(['reliability', 'latency', 'cost', 'correctness', 'security']),
  defaultSeverity: SeveritySchema,
  needs: z.enum(['config', 'metrics']).describe('`metrics`: the rule only fires with a metrics snapshot'),
  description: z.string().describe('Why it matters, one or two sentences'),
  remediation: z.string().regex(/\.$/, 'remediation ends with a period'),
  fixable: z.enum(['fix', 'suggestion', 'none']),
});
export type RuleMeta = z.infer<typeof RuleMetaSchema>;

export interface Locator {
  ref: { file: string; docIndex: number };
}

export interface RuleContext {
  ws: Workspace;
  metrics?: MetricsView;
  /** Applied proposal records (.pool-tuner/proposals/), when the front read them: the `traffic-drift` rule's input. */
  records?: readonly ProposalRecord[];
  report(finding: RawFinding): void;
  /** Span of the field at `path` in the document behind `at` (value preferred; falls back to the nearest key). */
  span(at: Locator, path: readonly PathSeg[], prefer?: 'value' | 'key'): Span;
  /** A minimal edit setting `path` to `value` (replace or insert), or undefined when no safe edit exists. */
  setEdit(at: Locator, path: readonly PathSeg[], value: YamlValue): TextEdit | undefined;
  /** Minimal edits making the mapping at `path` contain `tree` (inserting a block where missing). */
  treeEdits(at: Locator, path: readonly PathSeg[], tree: YamlTree): TextEdit[] | undefined;
  /** A minimal edit deleting the entry at `path`. */
  removeEdit(at: Locator, path: readonly PathSeg[]): TextEdit | undefined;
  /** Pools in the workspace, sorted by name. */
  pools: readonly Pool[];
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export function docsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE_URL}/${ruleId}.md`;
}
