/** Generated JSON Schemas: current with their zod sources, accepting real files, and documented field by field. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { generatedSchemas } from '../../scripts/gen-schemas.ts';

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const load = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;
const SETTINGS_ID = 'https://github.com/pool-tuner/pool-tuner/blob/main/schemas/pool-tuner.schema.json';
const settingsValidator = () => ajv.getSchema(SETTINGS_ID) ?? ajv.compile(load('schemas/pool-tuner.schema.json'));

it('the checked-in schemas are current (npm run schemas regenerates them)', () => {
  for (const [file, text] of generatedSchemas()) {
    assert.equal(readFileSync(file, 'utf8'), text, `${file} is stale: run npm run schemas`);
  }
});

it('pool-tuner.schema.json accepts the example settings and rejects an unknown key', () => {
  const validate = settingsValidator();
  assert.ok(validate(parse(readFileSync('examples/pool-tuner.yaml', 'utf8'))), JSON.stringify(validate.errors));
  assert.equal(validate(parse(readFileSync('test/fixtures/review/pool-tuner.yaml', 'utf8'))), false);
  assert.ok(validate.errors?.some((e) => e.instancePath === '/pools/email-worker' && e.params['additionalProperty'] === 'retries'));
  assert.equal(validate({ priceTier: 3 }), false);
  assert.equal(validate({ pools: { p: { slo: { duplicateRatioMax: 2 } } } }), false);
});

it('the example in docs/settings.md is valid settings', () => {
  const validate = settingsValidator();
  const block = /```yaml\n([\s\S]*?)```/.exec(readFileSync('docs/settings.md', 'utf8'))?.[1];
  assert.ok(block, 'no yaml example in docs/settings.md');
  assert.ok(validate(parse(block)), JSON.stringify(validate.errors));
});

it('review-output.schema.json accepts the golden JSON review', () => {
  const validate = ajv.compile(load('schemas/review-output.schema.json'));
  assert.ok(validate(load('test/report/golden/review.json')), JSON.stringify(validate.errors?.slice(0, 3)));
  assert.equal(validate({ version: 2, findings: [], summary: { errors: 0, warnings: 0, infos: 0, fixable: 0 }, skippedForMetrics: [] }), false);
});

it('docs/settings.md documents every settings field', () => {
  const doc = readFileSync('docs/settings.md', 'utf8');
  const fields: string[] = [];
  const walk = (schema: Record<string, unknown>, prefix: string) => {
    const props = (schema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
    for (const [k, v] of Object.entries(props)) {
      fields.push(`${prefix}${k}`);
      walk(v, `${prefix}${k}.`);
      const additional = v['additionalProperties'];
      if (additional && typeof additional === 'object') walk(additional as Record<string, unknown>, `${prefix}${k}.<name>.`);
    }
  };
  walk(load('schemas/pool-tuner.schema.json'), '');
  assert.ok(fields.length > 15);
  const missing = fields.filter((f) => !doc.includes(`\`${f}\``));
  assert.deepEqual(missing, [], 'fields missing from docs/settings.md (write each as `path.to.field`)');
});
