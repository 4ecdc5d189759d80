/**
 * Resources: each pool's config (the get_pool_config view, secrets redacted), each pool's metrics summary (when the
 * server has a metrics source) and the rule docs (docs/rules/<id>.md from the package; the rule's own meta when the
 * docs are not shipped). Pool resources run the same tool code, so redaction and limits are the same.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { RULES, ruleById, docsUrl } from '../shared/index.ts';
import type { ToolRunner } from './server.ts';
import type { Roots } from './roots.ts';
import type { MetricsAccess } from './metrics.ts';
import type { Logger } from './logger.ts';
import type { ToolDef } from './tool.ts';
import { poolNameCompleter } from './complete.ts';
import { getPoolConfigTool } from './tools/get-pool-config.ts';
import { getPoolMetricsTool } from './tools/get-pool-metrics.ts';

interface ResourceDeps {
  run: ToolRunner;
  roots: Roots;
  metrics?: MetricsAccess;
  ruleDocsDir?: string;
  log: Logger;
}

/** docs/rules next to the bundle (dist/…) or the sources (mcp-server/…): both sit one level under the package root. */
function defaultRuleDocsDir(): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  return path.resolve(here, '..', 'docs', 'rules');
}

function one(v: string | string[] | undefined): string {
  return decodeURIComponent(Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
}

async function poolList(roots: Roots, suffix: string, mimeLabel: string): Promise<{ resources: { uri: string; name: string; mimeType: string }[] }> {
  const loaded = await roots.load();
  return {
    resources: loaded.ws.pools.slice(0, 200).map((p) => ({
      uri: `pool-tuner://pools/${encodeURIComponent(p.name)}/${suffix}`,
      name: `${p.name} ${mimeLabel}`,
      mimeType: 'application/json',
    })),
  };
}

function toResource(uri: URL, result: CallToolResult): ReadResourceResult {
  if (result.isError) {
    const first = result.content[0];
    throw new Error(first && first.type === 'text' ? first.text : 'resource unavailable');
  }
  return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(result.structuredContent, null, 2) }] };
}

export function registerResources(server: McpServer, deps: ResourceDeps): void {
  const { run, roots } = deps;
  const complete = { pool: poolNameCompleter(roots) };
  const poolResource = (name: string, suffix: string, label: string, tool: ToolDef, description: string) =>
    server.registerResource(name, new ResourceTemplate(`pool-tuner://pools/{pool}/${suffix}`, { list: () => poolList(roots, suffix, label), complete }),
      { title: label, description, mimeType: 'application/json' },
      async (uri, vars) => toResource(uri, await run(tool, { pool: one(vars['pool']) })));

  poolResource('pool-config', 'config', 'config', getPoolConfigTool,
    'Normalised config of a pool with source file:line; secret values redacted (same as get_pool_config).');
  if (deps.metrics) {
    poolResource('pool-metrics', 'metrics', 'metrics summary', getPoolMetricsTool,
      'Metrics summary of a pool over the default window (same as get_pool_metrics).');
  }

  const docsDir = deps.ruleDocsDir ?? defaultRuleDocsDir();
  server.registerResource('rule-doc', new ResourceTemplate('pool-tuner://rules/{ruleId}', {
    list: () => ({ resources: RULES.map((r) => ({ uri: `pool-tuner://rules/${r.meta.id}`, name: r.meta.id, title: r.meta.title, mimeType: 'text/markdown' })) }),
    complete: { ruleId: (value) => RULES.map((r) => r.meta.id).filter((id) => id.startsWith(value)) },
  }), { title: 'Rule documentation', description: 'What a rule checks, why it matters and how to fix it (docs/rules/<id>.md).', mimeType: 'text/markdown' },
  async (uri, vars) => {
    const id = one(vars['ruleId']);
    const rule = ruleById(id);
    if (!rule) throw new Error(`No rule '${id}'. Known rules: ${RULES.map((r) => r.meta.id).join(', ')}.`);
    let text: string;
    try {
      // The id matched the registry, so it is a plain kebab-case name: no path can escape docsDir.
      text = await fs.readFile(path.join(docsDir, `${rule.meta.id}.md`), 'utf8');
    } catch {
      const m = rule.meta;
      text = `# ${m.id}\n\n${m.title}\n\n${m.description}\n\n## How to fix\n\n${m.remediation}\n\n(${docsUrl(m.id)})\n`;
    }
    return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text }] };
  });
}
