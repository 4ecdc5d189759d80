/**
 * tools/list, answered here so that the output schemas stay lean: every tool's full output schema came to about
 * 57 KB of the 79 KB listing (≈16k tokens of an assistant's context, read on every session). Each output schema is
 * listed to its first level: every top-level field with its type, enum and description, nested objects as plain
 * `object` (their shapes are in the tool descriptions and docs/mcp.md). structuredContent still conforms to it,
 * and the server keeps checking results against the full zod schema in its tests. Input schemas are listed in full
 * (clients validate arguments against them).
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { toJsonSchemaCompat } from '@modelcontextprotocol/sdk/server/zod-json-schema-compat.js';
import type { ToolDef } from './tool.ts';

type Json = Record<string, unknown>;

/** One property reduced to what a client needs to read it: type(s), enum/const, items' type, description. */
function compactProperty(p: Json): Json {
  const out: Json = {};
  const types = typesOf(p);
  if (types) out['type'] = types.length === 1 ? types[0] : types;
  if (Array.isArray(p['enum'])) out['enum'] = p['enum'];
  if (p['const'] !== undefined) out['const'] = p['const'];
  const items = p['items'] as Json | undefined;
  if (p['type'] === 'array' && items) {
    const it = typesOf(items);
    if (it) out['items'] = { type: it.length === 1 ? it[0] : it, ...(Array.isArray(items['enum']) ? { enum: items['enum'] } : {}) };
  }
  if (typeof p['description'] === 'string') out['description'] = p['description'];
  return out;
}

/** The JSON types a schema allows, through anyOf/oneOf; undefined when a branch does not say. */
function typesOf(p: Json): string[] | undefined {
  if (typeof p['type'] === 'string') return [p['type']];
  if (Array.isArray(p['type'])) return p['type'] as string[];
  const branches = (p['anyOf'] ?? p['oneOf']) as Json[] | undefined;
  if (!branches) return undefined;
  const all = new Set<string>();
  for (const b of branches) {
    const t = typesOf(b);
    if (!t) return undefined;
    for (const x of t) all.add(x);
  }
  return [...all];
}

export function compactOutputSchema(schema: Json): Tool['outputSchema'] {
  const props = (schema['properties'] ?? {}) as Record<string, Json>;
  return {
    type: 'object',
    properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, compactProperty(v)])),
    ...(Array.isArray(schema['required']) && schema['required'].length ? { required: schema['required'] as string[] } : {}),
  };
}

/** Drops what constrains nothing: `$schema`, and ±2^53−1 bounds zod adds to every integer. */
function lean(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(lean);
  if (!x || typeof x !== 'object') return x;
  const out: Json = {};
  for (const [k, v] of Object.entries(x as Json)) {
    if (k === '$schema') continue;
    if ((k === 'maximum' || k === 'minimum') && Math.abs(v as number) === Number.MAX_SAFE_INTEGER) continue;
    out[k] = lean(v);
  }
  return out;
}

export function listTools(defs: readonly ToolDef[], openWorld: (def: ToolDef) => boolean): Tool[] {
  return defs.map((def) => ({
    name: def.name,
    title: def.title,
    description: def.description,
    inputSchema: lean(toJsonSchemaCompat(def.input, { strictUnions: true, pipeStrategy: 'input' })) as Tool['inputSchema'],
    outputSchema: compactOutputSchema(toJsonSchemaCompat(def.output, { strictUnions: true, pipeStrategy: 'output' }) as Json),
    annotations: { title: def.title, ...def.annotations, openWorldHint: openWorld(def) },
  }));
}
