/**
 * The golden public corpus scored as a whole (issue 23): precision ≥ 98 % and every expected finding found, over
 * the YAML and Terraform corpora together. Prints both figures (node scripts/run-tests.mjs test/real-world/golden-score).
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { HclParser } from '../../shared/config/hcl/syntax.ts';
import { parser } from '../terraform/load.ts';
import { formatScore, scoreCorpus } from './score.ts';

describe('golden public corpus: precision and recall', () => {
  let hcl: HclParser;
  before(async () => {
    hcl = await parser();
  });

  it('precision ≥ 98 % and recall 100 % over YAML + Terraform', async () => {
    const s = await scoreCorpus(hcl);
    const lines = [formatScore('YAML', s.yaml), formatScore('Terraform', s.terraform), formatScore('YAML + Terraform', s.all)];
    process.stdout.write(`${lines.map((l) => `# ${l}`).join('\n')}\n`);
    assert.ok(s.all.precision >= 0.98, lines[2]);
    assert.equal(s.all.recall, 1, `${lines[2]}: an expected finding is missed`);
  });
});
