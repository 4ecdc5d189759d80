/**
 * Issue 21, secrets and redaction: credentials recognised by value in every field (a CREMA trigger's `metadata:`
 * under neutral keys, YAML and Terraform `yamlencode` alike) and in comments on edited lines are withheld from
 * every diff; redaction never corrupts output (a short value under a secret-sounding name is not blanked as a word,
 * `tune --format json` stays valid JSON, SLO numbers stay); `verify_pool` never echoes a non-snapshot file; and a
 * fuzz test: redacted JSON always parses, with its numbers unchanged.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { collectSecrets, parseYamlFile, Redactor, REDACTED } from '../../shared/index.ts';
import { isBasicAuthBase64, isPlainScalar, isSecretName, isSecretValue, looksHighEntropy } from '../../shared/secrets/patterns.ts';
import { connect, textOf } from '../mcp/harness.ts';
import { cleanup, runCli, tempWorkspace } from '../cli/harness.ts';

after(cleanup);

/** Assembled at test time (no literal a scanner would take for a live credential). */
const RANDOM40 = ['Qm7Zp', 'X2vLk', '9TnRb', 'W4sYh', 'D8cJf', 'G1uMa', 'E6oKq', 'V3iNz'].join('');
const AWS_SECRET = ['wJalr', 'XUtnF', 'EMI/K', '7MDEN', 'G/bPx', 'RfiCY', 'Ex4Mp', 'LeK3y'].join('');
const BASIC_B64 = Buffer.from(['deploy', ':', 'Tr0ub4dor', '-and-3'].join('')).toString('base64');
const COMMENT_TOKEN = ['Zk3Lq', '9Vt2W', 'xR7mB', 'p4Ys8', 'Nc1Hd'].join('');
const COMMENT_PASSWORD = ['correct', 'horse', 'battery'].join('-');
const SECRETS = { RANDOM40, AWS_SECRET, BASIC_B64, COMMENT_TOKEN, COMMENT_PASSWORD };

function assertNone(text: string, where: string): void {
  for (const [name, s] of Object.entries(SECRETS)) assert.ok(!text.includes(s), `${where}: ${name} leaked`);
}

describe('recognised by value', () => {
  it('the shapes of the issue are secrets by value; labels, versions and numbers are near misses', () => {
    for (const s of [RANDOM40, AWS_SECRET, BASIC_B64]) assert.equal(isSecretValue(s), true, s.slice(0, 6));
    assert.equal(isBasicAuthBase64(BASIC_B64), true);
    for (const v of ['release-2024-11-05-g3f9a1c2-Linux', 'v1.14.2-rc3+Build.20241105T1432Z', 'orders-worker-v1.14.2-b3f9a1c2Kx', 'Release-1.14.2-Build-20241105-1432', '3600', 'latest', 'b3JkZXJzLXN1Yg==']) {
      assert.equal(isSecretValue(v), false, v);
      assert.equal(looksHighEntropy(v, 'BUILD_LABEL'), false, v);
    }
    for (const n of ['TOKEN_TTL_SEC', 'SECRET_VERSION', 'SECRET_NAME', 'PASSWORD_FILE', 'TOKEN_URL', 'AUTH_ENABLED']) assert.equal(isSecretName(n), false, n);
    for (const n of ['DB_PASSWORD', 'API_TOKEN', 'SIGNING_KEY', 'CLIENT_SECRET']) assert.equal(isSecretName(n), true, n);
  });

  it('a short password under a secret name is withheld on its line, not as a word everywhere', () => {
    const text = 'env:\n- name: DB_PASSWORD\n  value: hunter2\n- name: TOKEN_TTL_SEC\n  value: \'3600\'\n- name: SECRET_VERSION\n  value: latest\n';
    const r = new Redactor(collectSecrets([parseYamlFile('wp.yaml', text)]));
    assert.equal(r.text('  value: hunter2'), `  ${REDACTED}`);
    assert.equal(r.text('user hunter2 ran 3600 s on latest'), 'user hunter2 ran 3600 s on latest');
    assert.equal(r.text('{"maxMessageAgeSec": 3600, "v": "latest"}'), '{"maxMessageAgeSec": 3600, "v": "latest"}');
  });
});

function examplesWithSecrets(): string {
  const dir = tempWorkspace(path.resolve('examples'));
  const crema = path.join(dir, 'orders', 'crema.yaml');
  const text = readFileSync(crema, 'utf8')
    .replace('activationValue: "5"', `activationValue: "5"\n              clientRef: ${RANDOM40}\n              storageB: "${AWS_SECRET}"\n              upstream: '${BASIC_B64}'`)
    .replace('pollingInterval: 15          # per-object: CREMA rejects this', `pollingInterval: 15          # per-object: CREMA rejects this; old key ${COMMENT_TOKEN}, old password: ${COMMENT_PASSWORD}`);
  assert.ok(text.includes(RANDOM40) && text.includes(COMMENT_TOKEN));
  writeFileSync(crema, text);
  const wp = path.join(dir, 'orders', 'worker-pool.yaml');
  writeFileSync(wp, readFileSync(wp, 'utf8').replace("        - name: MAX_OUTSTANDING_MESSAGES", "        - name: TOKEN_TTL_SEC\n          value: '3600'\n        - name: SECRET_VERSION\n          value: 'latest'\n        - name: MAX_OUTSTANDING_MESSAGES"));
  const settings = path.join(dir, 'pool-tuner.yaml');
  writeFileSync(settings, readFileSync(settings, 'utf8').replace('maxMessageAgeSec: 900', 'maxMessageAgeSec: 3600'));
  return dir;
}

function terraformWithSecrets(): string {
  const dir = tempWorkspace(path.resolve('examples-terraform'));
  const f = path.join(dir, 'orders.tf');
  const text = readFileSync(f, 'utf8')
    .replace('activationValue  = "5"', `activationValue  = "5"\n              clientRef        = "${RANDOM40}"\n              storageB         = "${AWS_SECRET}"\n              upstream         = "${BASIC_B64}"`)
    .replace('pollingInterval = 15 # per-object: CREMA rejects this', `pollingInterval = 15 # per-object: CREMA rejects this; old key ${COMMENT_TOKEN}, old password: ${COMMENT_PASSWORD}`);
  assert.ok(text.includes(RANDOM40) && text.includes(COMMENT_TOKEN));
  writeFileSync(f, text);
  return dir;
}

describe('withheld from every output', () => {
  for (const [kind, make] of [['YAML', examplesWithSecrets], ['Terraform yamlencode', terraformWithSecrets]] as const) {
    it(`${kind}: analyze_pool's fix diffs, get_pool_config and the CLI hold none of them`, async () => {
      const dir = make();
      const c = await connect({ roots: [dir] });
      try {
        const r = await c.call('analyze_pool', { pool: 'orders-worker' });
        assert.notEqual(r.isError, true, textOf(r));
        const all = JSON.stringify(r);
        // The per-object pollingInterval fix edits the commented line: its diff is shown, withheld.
        assert.match(all, /crema-per-object-polling-interval/);
        assert.match(all, /pollingInterval/);
        assertNone(all, `${kind} analyze_pool`);
        for (const tool of ['get_pool_config', 'propose_scaling']) assertNone(JSON.stringify(await c.call(tool, { pool: 'orders-worker' })), `${kind} ${tool}`);
      } finally {
        await c.close();
      }
      for (const args of [['review', '--format', 'json'], ['review'], ['tune', '--format', 'json', '--jobs', '1'], ['review', '--format', 'sarif']]) {
        const out = runCli(args, dir);
        assertNone(out.stdout + out.stderr, `${kind} ${args.join(' ')}`);
      }
    });
  }

  it('tune --format json stays valid JSON with TOKEN_TTL_SEC: "3600" and the SLO keeps its 3600 s', () => {
    const dir = examplesWithSecrets();
    const out = runCli(['tune', '--format', 'json', '--jobs', '1', '--metrics', 'metrics/snapshot.json', '--pool', 'orders-worker'], dir);
    assert.equal(out.code, 0, out.stderr);
    const json = JSON.parse(out.stdout) as { pools: { warnings: string[]; rationale: { text: string }[] }[] };
    assert.ok(json.pools.length === 1);
    assert.match(out.stdout, /"maxMessageAgeSec": 3600\b/);
    // No number became a marker: every "…Sec" figure is still a number.
    const secs: unknown[] = [];
    JSON.parse(out.stdout, (k, v: unknown) => {
      if (/Sec$/.test(k) && typeof v !== 'object') secs.push(v);
      return v;
    });
    assert.ok(secs.length > 10 && secs.every((v) => typeof v === 'number'), JSON.stringify(secs.filter((v) => typeof v !== 'number')));
    const text = runCli(['tune', '--jobs', '1', '--metrics', 'metrics/snapshot.json', '--pool', 'orders-worker'], dir).stdout;
    assert.match(text, /3600/);
    // No SLO number and no diff value blanked (a comment's credential is, on purpose).
    assert.doesNotMatch(text, /≤ \[redacted\]|^\s*[+ -]\s*[A-Za-z][\w.-]*: \[redacted\]\s*$/m);
  });

  it('verify_pool with metrics ".env" says it is not a snapshot without echoing the file', async () => {
    const dir = tempWorkspace(path.resolve('examples'));
    const env = `DB_PASSWORD=${['hunter', '2', 'horse'].join('')}\nAPI_BASE=https://internal.example.com\n`;
    writeFileSync(path.join(dir, '.env'), env);
    const c = await connect({ roots: [dir] });
    try {
      const r = await c.call('verify_pool', { pool: 'orders-worker', metrics: '.env' });
      assert.equal(r.isError, true);
      const t = textOf(r);
      assert.match(t, /not a valid metrics snapshot/);
      for (const piece of ['DB_PASSWORD', 'hunter2', 'DB_P', 'internal.example']) assert.ok(!t.includes(piece), `echoed ${piece}: ${t}`);
    } finally {
      await c.close();
    }
  });
});

describe('fuzz: redacted JSON always parses', () => {
  const tricky = fc.oneof(
    fc.string({ minLength: 4, maxLength: 30 }),
    fc.string({ unit: fc.constantFrom('a', 'Z', '9', '"', '\\', '\n', 'u', '0', ':', ',', '{', '}', '[', ']', ' ', '-', '\u0001', 'é'), minLength: 4, maxLength: 20 }),
    fc.constantFrom('3600', 'latest', 'true', 'null', '-----BEGIN PRIVATE KEY-----', '"a": "b"', '\\n\\u00', 'password=abc\\'),
  );
  it('for any JSON value and any secrets (quotes, backslashes, escapes, numbers), with or without indentation', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.array(tricky, { maxLength: 6 }), fc.constantFrom(0, 2), (value, secrets, indent) => {
      // Secrets also inside the document, so they are found and replaced.
      const doc = { value, secrets, nested: { [secrets[0] ?? 'k']: secrets.join(' '), n: 3600, f: 0.75 } };
      const text = JSON.stringify(doc, null, indent || undefined);
      const out = new Redactor(secrets).text(text);
      const parsed = JSON.parse(out) as typeof doc;
      assert.equal(parsed.nested.n, 3600);
      assert.equal(parsed.nested.f, 0.75);
      for (const s of secrets) if (s.trim().length >= 4 && !isPlainScalar(s)) assert.ok(!JSON.stringify(parsed.secrets).includes(JSON.stringify(s)), 'a secret string kept');
    }), { numRuns: 400, seed: 21 });
  });

  it('plain text: a marker never cuts an escape sequence in two', () => {
    fc.assert(fc.property(fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 5 }), fc.array(tricky, { maxLength: 4 }), (parts, secrets) => {
      // A JSON string embedded in prose (a diff line, a message): the string must stay well-formed.
      const inner = JSON.stringify([...parts, ...secrets].join(' '));
      const out = new Redactor(secrets).text(`value: ${inner} # note`);
      const m = /^value: ("(?:[^"\\]|\\.)*") # note$/.exec(out);
      if (m) JSON.parse(m[1]!);
    }), { numRuns: 300, seed: 7 });
  });
});
