/** SARIF output: valid against the official SARIF 2.1.0 schema, with positions, rule indexes, fixes and stable fingerprints. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { artifactLocation, buildSarif, FINGERPRINT_KEY, formatSarif, SRCROOT } from '../../shared/report/sarif.ts';
import { RULES } from '../../shared/rules/index.ts';
import { applyEdits } from '../../shared/config/edits.ts';
import { lineStarts, toOffset } from '../../shared/config/span.ts';
import { reviewFixture, reviewSources } from './review-fixture.ts';

// Official OASIS schema (draft-07 edition); see sarif-schema-2.1.0.PROVENANCE.md for where this copy comes from.
const schema = JSON.parse(readFileSync('test/report/sarif-schema-2.1.0.json', 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function assertValid(log: unknown) {
  const ok = validate(log);
  assert.ok(ok, `SARIF schema errors: ${JSON.stringify(validate.errors?.slice(0, 5), null, 2)}`);
}

describe('SARIF', () => {
  it('the review of the fixture workspace validates against the official SARIF 2.1.0 schema', async () => {
    const r = await reviewFixture();
    const text = formatSarif(r.findings, r.pos, { toolVersion: '1.2.3', rules: RULES, skippedForMetrics: r.skippedForMetrics, srcRootUri: 'file:///work/repo/' });
    const log = JSON.parse(text) as ReturnType<typeof buildSarif>;
    assertValid(log);
    assert.ok(log.runs[0]!.results.length >= 7);
  });

  it('an empty review is a valid log with no results', () => {
    const r = reviewSources([{ path: 'ok.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\n' }]);
    const log = buildSarif(r.findings, r.pos, { toolVersion: '1.0.0', rules: RULES });
    assertValid(log);
    assert.deepEqual(log.runs[0]!.results, []);
  });

  it('the validator is live: a broken log is rejected', async () => {
    const r = await reviewFixture();
    const log = structuredClone(buildSarif(r.findings, r.pos, { toolVersion: '1.0.0', rules: RULES })) as unknown as { runs: { results: Record<string, unknown>[] }[] };
    log.runs[0]!.results[0]!['level'] = 'info'; // SARIF has none, warning, error, note
    assert.equal(validate(log), false);
  });

  it('tool.driver lists every registered rule with the required metadata', () => {
    const log = buildSarif([], reviewSources([]).pos, { toolVersion: '9.9.9', rules: RULES });
    const driver = log.runs[0]!.tool.driver;
    assert.equal(driver.name, 'Pool Tuner');
    assert.equal(driver.version, '9.9.9');
    assert.match(driver.informationUri, /^https:\/\//);
    assert.deepEqual(driver.rules.map((d) => d.id), RULES.map((r) => r.meta.id));
    for (const [i, d] of driver.rules.entries()) {
      const meta = RULES[i]!.meta;
      assert.equal(d.fullDescription?.text, meta.description);
      assert.equal(d.shortDescription.text, meta.title);
      assert.equal(d.helpUri, `https://github.com/pool-tuner/pool-tuner/blob/main/docs/rules/${meta.id}.md`);
      assert.equal(d.defaultConfiguration?.level, { error: 'error', warning: 'warning', info: 'note' }[meta.defaultSeverity]);
      assert.equal(d.properties?.category, meta.category);
    }
  });

  it('results point at the right rule, file and 1-based region', async () => {
    const r = await reviewFixture();
    const log = buildSarif(r.findings, r.pos, { toolVersion: '1.0.0', rules: RULES });
    const run = log.runs[0]!;
    run.results.forEach((res, i) => {
      const f = r.findings[i]!;
      assert.equal(run.tool.driver.rules[res.ruleIndex]!.id, res.ruleId);
      assert.equal(res.ruleId, f.ruleId);
      const loc = res.locations[0]!.physicalLocation;
      assert.equal(loc.artifactLocation.uri, f.file);
      assert.equal(loc.artifactLocation.uriBaseId, SRCROOT);
      assert.ok(!loc.artifactLocation.uri.includes('\\'));
      // Converting the region back to offsets lands on the finding's span.
      const text = r.sources.find((s) => s.path === f.file)!.text;
      const starts = lineStarts(text);
      assert.equal(toOffset(starts, { line: loc.region.startLine, column: loc.region.startColumn }, text.length), f.span.start);
      assert.equal(toOffset(starts, { line: loc.region.endLine, column: loc.region.endColumn }, text.length), f.span.end);
    });
  });

  it('fixes carry artifactChanges that reproduce the finding\'s edits', async () => {
    const r = await reviewFixture();
    const log = buildSarif(r.findings, r.pos, { toolVersion: '1.0.0', rules: RULES });
    let checked = 0;
    r.findings.forEach((f, i) => {
      const fixes = log.runs[0]!.results[i]!.fixes ?? [];
      const wanted = [...(f.fix ? [f.fix] : []), ...(f.suggestions ?? [])];
      assert.equal(fixes.length, wanted.length);
      fixes.forEach((sf, k) => {
        for (const change of sf.artifactChanges) {
          const file = change.artifactLocation.uri;
          const text = r.sources.find((s) => s.path === file)!.text;
          const starts = lineStarts(text);
          const edits = change.replacements.map((rep) => ({
            span: {
              start: toOffset(starts, { line: rep.deletedRegion.startLine, column: rep.deletedRegion.startColumn }, text.length),
              end: toOffset(starts, { line: rep.deletedRegion.endLine, column: rep.deletedRegion.endColumn }, text.length),
            },
            newText: rep.insertedContent.text,
          }));
          assert.equal(applyEdits(text, edits), applyEdits(text, wanted[k]!.edits.filter((e) => e.file === file)));
          checked++;
        }
      });
    });
    assert.ok(checked >= 3, `only ${checked} fixes checked`);
  });

  it('fingerprints survive lines inserted above and re-indentation, and change with the flagged text', async () => {
    const r = await reviewFixture();
    const shifted = r.sources.map((s) => ({ ...s, text: `# a new header comment\n# and another\n${s.text}` }));
    const r2 = reviewSources(shifted);
    const prints = (x: typeof r) => buildSarif(x.findings, x.pos, { toolVersion: '1', rules: RULES }).runs[0]!.results.map((res) => res.partialFingerprints[FINGERPRINT_KEY]);
    const lines = (x: typeof r) => buildSarif(x.findings, x.pos, { toolVersion: '1', rules: RULES }).runs[0]!.results.map((res) => res.locations[0]!.physicalLocation.region.startLine);
    assert.deepEqual(prints(r2), prints(r));
    assert.deepEqual(lines(r2), lines(r).map((l) => l + 2));
    assert.equal(new Set(prints(r)).size, prints(r).length, 'fingerprints are unique within a run');
    for (const p of prints(r)) assert.match(p!, /^[0-9a-f]{16}:\d+$/);

    const crema = r.sources.find((s) => s.path.endsWith('billing/crema.yaml'))!;
    const changed = reviewSources(r.sources.map((s) => (s === crema ? { ...s, text: s.text.replace('pollingInterval: 10      # per-object', 'pollingInterval: 5') } : s)));
    const before = prints(r)[r.findings.findIndex((f) => f.ruleId === 'crema-per-object-polling-interval')];
    const after = prints(changed)[changed.findings.findIndex((f) => f.ruleId === 'crema-per-object-polling-interval')];
    assert.notEqual(after, before);
    const comment = reviewSources(r.sources.map((s) => (s === crema ? { ...s, text: s.text.replace('pollingInterval: 10      # per-object', 'pollingInterval: 10   # moved soon') } : s)));
    assert.equal(prints(comment)[comment.findings.findIndex((f) => f.ruleId === 'crema-per-object-polling-interval')], before, 'a trailing comment does not change the fingerprint');
  });

  it('artifact locations: relative paths are encoded URI references, absolute paths file: URIs', () => {
    assert.deepEqual(artifactLocation('pools/my pool/wp.yaml'), { uri: 'pools/my%20pool/wp.yaml', uriBaseId: SRCROOT });
    assert.deepEqual(artifactLocation('pools\\win\\wp.yaml'), { uri: 'pools/win/wp.yaml', uriBaseId: SRCROOT });
    assert.deepEqual(artifactLocation('./a.yaml'), { uri: 'a.yaml', uriBaseId: SRCROOT });
    assert.deepEqual(artifactLocation('/abs/dir/a#1.yaml'), { uri: 'file:///abs/dir/a%231.yaml' });
    assert.deepEqual(artifactLocation('C:\\work\\a.yaml'), { uri: 'file:///C:/work/a.yaml' });
  });
});
