/**
 * The extension manifest in package.json matches what extension/manifest.ts generates (settings schema,
 * commands, MCP provider id), and what the code registers matches what the manifest declares.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { manifestPart } from '../../extension/manifest.ts';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, unknown>;

it('package.json carries the generated manifest part (run `npm run manifest` after changing settings)', () => {
  for (const [key, value] of Object.entries(manifestPart())) assert.deepEqual(pkg[key], value, `package.json "${key}" is stale`);
  assert.equal((pkg['engines'] as Record<string, string>)['vscode'], '^1.100.0');
});

it('every command the extension registers is declared, and vice versa', () => {
  const src = ['extension/commands.ts', 'extension/codelens.ts', 'extension/status-bar.ts', 'extension/rule-docs.ts', 'extension/code-actions.ts'].map((f) => readFileSync(f, 'utf8')).join('\n');
  const used = new Set([...src.matchAll(/'(poolTuner\.[a-zA-Z]+)'/g)].map((m) => m[1]!).filter((c) => !c.startsWith('poolTuner.metricsSource')));
  const declared = new Set(((pkg['contributes'] as { commands: { command: string }[] }).commands).map((c) => c.command));
  assert.deepEqual([...used].sort(), [...declared].sort());
});

it('the MCP provider id registered in code is the one the manifest declares', () => {
  const src = readFileSync('extension/mcp.ts', 'utf8');
  const id = /MCP_PROVIDER_ID = '([^']+)'/.exec(src)?.[1];
  const declared = (pkg['contributes'] as { mcpServerDefinitionProviders: { id: string }[] }).mcpServerDefinitionProviders.map((p) => p.id);
  assert.deepEqual(declared, [id]);
});

it('activation is lazy: YAML/Terraform workspaces and YAML/Terraform documents only', () => {
  assert.deepEqual(pkg['activationEvents'], ['workspaceContains:**/*.{yaml,yml}', 'workspaceContains:**/*.tf', 'onLanguage:yaml', 'onLanguage:terraform', 'onLanguage:hcl']);
  assert.equal(pkg['main'], './dist/extension.js');
});
