/**
 * `poolTuner.*` settings: one zod schema, the defaults and the setting keys. Editor-free, so the manifest
 * generator (manifest.ts) derives `contributes.configuration` from it.
 */
import { z } from 'zod';

export const SECTION = 'poolTuner';

export const MetricsSourceKindSchema = z.enum(['snapshot', 'cloudMonitoring', 'off']);
export type MetricsSourceKind = z.infer<typeof MetricsSourceKindSchema>;

export const RuleSeverityOverrideSchema = z.enum(['error', 'warning', 'info', 'hint', 'off']);

export const ExtensionSettingsSchema = z.object({
  metricsSource: MetricsSourceKindSchema.describe('Where metrics come from: a snapshot file, live Cloud Monitoring, or none'),
  snapshotPath: z.string().describe('Metrics snapshot JSON, relative to the first workspace folder'),
  project: z.string().describe('Google Cloud project for live metrics (default: `project` in pool-tuner.yaml)'),
  region: z.string().describe('Region for live metrics (default: `region` in pool-tuner.yaml)'),
  include: z.array(z.string()).describe('Globs of YAML and Terraform files to consider'),
  exclude: z.array(z.string()).describe('Globs of files to skip'),
  severity: z.record(z.string(), RuleSeverityOverrideSchema).describe('Severity override per rule id (see docs/rules), or "off"; applied on top of `rules` in pool-tuner.yaml, e.g. `{ "no-retry-policy": "info" }`'),
  debounceMs: z.number().int().min(0).max(5000).describe('Delay after typing before re-checking'),
  docsLinks: z.enum(['bundled', 'web']).describe('Where a problem\'s rule link opens'),
  docsWebBaseUrl: z.string().describe('Base URL of the rule docs for `web` links (a rule\'s page is `<base>/<id>.md`); empty: the project repository\'s docs/rules'),
});
export type ExtensionSettings = z.infer<typeof ExtensionSettingsSchema>;

export const DEFAULTS: ExtensionSettings = {
  metricsSource: 'snapshot',
  snapshotPath: 'metrics/snapshot.json',
  project: '',
  region: '',
  include: ['**/*.{yaml,yml,tf}'],
  exclude: ['**/node_modules/**', '**/.git/**'],
  severity: {},
  debounceMs: 100,
  docsLinks: 'bundled',
  docsWebBaseUrl: '',
};

/** Setting keys under `poolTuner.` for each field. */
export const KEYS: Record<keyof ExtensionSettings, string> = {
  metricsSource: 'metrics.source',
  snapshotPath: 'metrics.snapshotPath',
  project: 'metrics.project',
  region: 'metrics.region',
  include: 'files.include',
  exclude: 'files.exclude',
  severity: 'rules.severity',
  debounceMs: 'diagnostics.debounceMs',
  docsLinks: 'docs.links',
  docsWebBaseUrl: 'docs.webBaseUrl',
};
