/**
 * The extension's part of the root package.json (it is the extension manifest): `main`, `engines.vscode`,
 * `activationEvents` and `contributes`, generated from the settings schema (settings-schema.ts) and the command list
 * so they cannot drift. `npm run manifest` writes them; test/vscode/manifest.test.ts fails
 * when package.json is stale.
 *
 * Run: `tsx extension/manifest.ts --write` (re-reads package.json right before an atomic write; other keys kept).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { DEFAULTS, ExtensionSettingsSchema, KEYS, SECTION, type ExtensionSettings } from './settings-schema.ts';

const COMMAND_TITLES: { command: string; title: string; when?: string }[] = [
  { command: 'poolTuner.tune', title: 'Tune…', when: 'poolTuner.hasPoolConfigs' },
  { command: 'poolTuner.selectMetricsSource', title: 'Select metrics source…' },
  { command: 'poolTuner.recordMetricsSnapshot', title: 'Record metrics snapshot…', when: 'poolTuner.hasPoolConfigs' },
  { command: 'poolTuner.writeMcpJson', title: 'Write .vscode/mcp.json (MCP server for agents)' },
  { command: 'poolTuner.showOutput', title: 'Show output' },
  { command: 'poolTuner.openRuleDoc', title: 'Open rule documentation…' },
  { command: 'poolTuner.generateAlerts', title: 'Generate alerts for this pool', when: 'poolTuner.hasPoolConfigs' },
];

const ENUM_DESCRIPTIONS: Partial<Record<keyof ExtensionSettings, string[]>> = {
  docsLinks: [
    'The rule docs shipped with the extension (offline, this version), as a Markdown preview.',
    'The rule docs on the web: the project repository, or `poolTuner.docs.webBaseUrl`.',
  ],
  metricsSource: [
    'Read a metrics snapshot JSON file (`poolTuner.metrics.snapshotPath`): offline and reproducible.',
    'Fetch from Cloud Monitoring (`poolTuner.metrics.project`) with Application Default Credentials.',
    'No metrics: config-only review; hovers and CodeLens say "no metrics".',
  ],
};

function property(key: keyof ExtensionSettings): Record<string, unknown> {
  const field = ExtensionSettingsSchema.shape[key];
  const { $schema: _s, description, ...schema } = z.toJSONSchema(field) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...schema, default: DEFAULTS[key], markdownDescription: description, scope: 'resource' };
  const enums = ENUM_DESCRIPTIONS[key];
  if (enums) out['enumDescriptions'] = enums;
  return out;
}

export function manifestPart(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const key of Object.keys(KEYS) as (keyof ExtensionSettings)[]) properties[`${SECTION}.${KEYS[key]}`] = property(key);
  return {
    main: './dist/extension.js',
    activationEvents: ['workspaceContains:**/*.{yaml,yml}', 'workspaceContains:**/*.tf', 'onLanguage:yaml', 'onLanguage:terraform', 'onLanguage:hcl'],
    contributes: {
      configuration: { title: 'Pool Tuner', properties },
      commands: COMMAND_TITLES.map(({ command, title }) => ({ command, title, category: 'Pool Tuner' })),
      menus: {
        commandPalette: COMMAND_TITLES.filter((c) => c.when).map(({ command, when }) => ({ command, when })),
      },
      yamlValidation: [
        { fileMatch: 'pool-tuner.yaml', url: './schemas/pool-tuner.schema.json' },
        { fileMatch: 'pool-tuner.yml', url: './schemas/pool-tuner.schema.json' },
      ],
      mcpServerDefinitionProviders: [{ id: 'poolTuner.mcpServer', label: 'Pool Tuner' }],
    },
  };
}

/** package.json with the manifest part merged in (engines.vscode kept if set). */
export function merged(pkg: Record<string, unknown>): Record<string, unknown> {
  const part = manifestPart();
  const engines = { ...(pkg['engines'] as Record<string, string> | undefined), vscode: '^1.100.0' };
  return { ...pkg, engines, ...part };
}

if (process.argv.includes('--write')) {
  const file = path.join(__dirname, '..', 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const text = JSON.stringify(merged(pkg), null, 2) + '\n';
  const tmp = path.join(__dirname, '..', `.package.json.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, file);
  process.stdout.write('package.json: extension manifest updated\n');
}
