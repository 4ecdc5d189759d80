/**
 * SARIF 2.1.0 review output (OASIS Static Analysis Results Interchange Format), for GitHub code scanning and
 * other SARIF viewers. Validated against the official schema in test/report/sarif.test.ts.
 * Spec sections cited as "SARIF §n" refer to the OASIS SARIF 2.1.0 standard (errata 01).
 */
import type { Finding, Fix } from '../rules/finding.ts';
import type { RuleMeta } from '../rules/types.ts';
import { docsUrl } from '../rules/types.ts';
import type { TextEdit } from '../config/edits.ts';
import type { PositionMapper, Region } from './format-position.ts';
import { fingerprints } from './fingerprint.ts';
import { REPOSITORY_URL } from '../product.ts';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The `uriBaseId` every artifact location is relative to (the folder the review ran in). */
export const SRCROOT = '%SRCROOT%';
/** Key of our entry in `partialFingerprints`; bump the version if the fingerprint recipe changes. */
export const FINGERPRINT_KEY = 'poolTuner/v1';

export interface SarifOptions {
  toolVersion: string;
  /** Every known rule (the registry), listed in `tool.driver.rules` in this order. */
  rules: readonly { meta: RuleMeta }[];
  skippedForMetrics?: string[];
  /** Absolute `file:` URI (ending in `/`) of the folder relative paths start from; omitted when not given. */
  srcRootUri?: string;
}

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Finding['severity'], Level> = { error: 'error', warning: 'warning', info: 'note' };

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** Relative paths become forward-slash URI references against %SRCROOT%; absolute paths become file: URIs. */
export function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const slashed = file.replace(/\\/g, '/');
  const encode = (p: string) => p.split('/').map((seg) => (/^[A-Za-z]:$/.test(seg) ? seg : encodeURIComponent(seg))).join('/');
  if (slashed.startsWith('/')) return { uri: `file://${encode(slashed)}` };
  if (/^[A-Za-z]:\//.test(slashed)) return { uri: `file:///${encode(slashed)}` };
  return { uri: encode(slashed.replace(/^\.\//, '')), uriBaseId: SRCROOT };
}

/** SARIF §3.30: 1-based lines and columns; an empty region (start = end) marks an insertion point. */
function sarifRegion(r: Region): SarifRegion {
  return { startLine: r.start.line, startColumn: r.start.column, endLine: r.end.line, endColumn: r.end.column };
}

/** SARIF §3.49 reportingDescriptor, the fields we write. */
export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  help?: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration?: { level: Level; enabled: boolean };
  properties?: { category: string; tags: string[]; needs: string; fixable: string };
}

function ruleDescriptor(meta: RuleMeta): SarifRule {
  return {
    id: meta.id,
    name: toPascalCase(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    help: { text: meta.remediation, markdown: `${meta.remediation}\n\n[Documentation](${docsUrl(meta.id)})` },
    helpUri: docsUrl(meta.id),
    defaultConfiguration: { level: LEVEL[meta.defaultSeverity], enabled: true },
    properties: { category: meta.category, tags: [meta.category], needs: meta.needs, fixable: meta.fixable },
  };
}

/** SARIF §3.49.7 recommends a readable, PascalCase-ish `name` beside the opaque `id`. */
function toPascalCase(id: string): string {
  return id.split('-').map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w)).join('');
}

/** SARIF §3.55 fix: one artifactChange per file, edits as replacements (deletedRegion + insertedContent). */
function sarifFix(fix: Fix, kind: 'fix' | 'suggestion', pos: PositionMapper) {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  return {
    description: { text: kind === 'fix' ? fix.title : `Suggestion: ${fix.title}` },
    artifactChanges: [...byFile].map(([file, edits]) => ({
      artifactLocation: artifactLocation(file),
      replacements: [...edits]
        .sort((a, b) => a.span.start - b.span.start)
        .map((e) => ({ deletedRegion: sarifRegion(pos.region(file, e.span)), insertedContent: { text: e.newText } })),
    })),
    properties: { kind },
  };
}

/** Builds the SARIF log object (exported for tests and adapters that post-process it). */
export function buildSarif(findings: readonly Finding[], pos: PositionMapper, opts: SarifOptions) {
  const rules = opts.rules.map((r) => r.meta);
  const extra = [...new Set(findings.map((f) => f.ruleId))].filter((id) => !rules.some((m) => m.id === id));
  const descriptors: SarifRule[] = [
    ...rules.map(ruleDescriptor),
    // A finding from a rule outside the registry (a plug-in, a test rule) still gets a descriptor.
    ...extra.map((id) => ({ id, name: toPascalCase(id), shortDescription: { text: id }, helpUri: docsUrl(id) })),
  ];
  const index = new Map(descriptors.map((d, i) => [d.id, i] as const));
  const regions = findings.map((f) => pos.region(f.file, f.span));
  const prints = fingerprints(findings.map((f, i) => ({ ruleId: f.ruleId, file: f.file, pool: f.pool, lineText: pos.lineText(f.file, regions[i]!.start.line) })));
  const results = findings.map((f, i) => {
    const fixes = [
      ...(f.fix ? [sarifFix(f.fix, 'fix', pos)] : []),
      ...(f.suggestions ?? []).map((s) => sarifFix(s, 'suggestion', pos)),
    ].filter((x) => x.artifactChanges.length > 0);
    return {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId)!,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(f.file), region: sarifRegion(regions[i]!) } }],
      partialFingerprints: { [FINGERPRINT_KEY]: prints[i]! },
      ...(fixes.length ? { fixes } : {}),
      ...(f.pool || f.data ? { properties: { ...(f.pool ? { pool: f.pool } : {}), ...(f.data ? { data: f.data } : {}) } } : {}),
    };
  });
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0' as const,
    runs: [{
      tool: {
        driver: {
          name: 'Pool Tuner',
          version: opts.toolVersion,
          semanticVersion: opts.toolVersion,
          informationUri: REPOSITORY_URL,
          rules: descriptors,
        },
      },
      ...(opts.srcRootUri ? { originalUriBaseIds: { [SRCROOT]: { uri: opts.srcRootUri } } } : {}),
      // Our columns count UTF-16 code units (docs/output-formats.md; shared/config/span.ts).
      columnKind: 'utf16CodeUnits' as const,
      results,
      properties: { skippedForMetrics: opts.skippedForMetrics ?? [] },
    }],
  };
}

export function formatSarif(findings: readonly Finding[], pos: PositionMapper, opts: SarifOptions): string {
  return JSON.stringify(buildSarif(findings, pos, opts), null, 2) + '\n';
}
