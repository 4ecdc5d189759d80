/**
 * Secrets in the input files, found by secretlint's recommended rule preset (a maintained detector: private keys,
 * GCP service-account keys, GitHub, Slack, SendGrid, npm, Shopify, OpenAI, Linear, 1Password tokens and basic-auth
 * URLs) on top of Pool Tuner's own patterns, names and entropy check (`shared/secrets/`). secretlint is the last
 * release line that supports Node 20 (10.x) and runs asynchronously, so this lives beside the file loading.
 */
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { addFragments, collectSecrets, type SecretSource } from '../secrets/collect.ts';

const CONFIG = { rules: [{ id: recommended.meta.id, rule: recommended, options: {} }] };

/** Substrings of `text` that secretlint reports as credentials. */
export async function secretlintMatches(text: string, filePath = 'config.yaml'): Promise<string[]> {
  const result = await lintSource({
    source: { content: text, filePath, ext: '.yaml', contentType: 'text' },
    options: { config: CONFIG, noPhysicFilePath: true },
  });
  return result.messages.map((m) => text.slice(m.range[0], m.range[1])).filter((s) => s.length > 0);
}

/** Every secret in the files: Pool Tuner's own detection plus secretlint's, as fragments ready for a Redactor. */
export async function scanSecrets(files: Iterable<SecretSource>): Promise<string[]> {
  const list = [...files];
  const found = new Set(collectSecrets(list));
  for (const f of list) {
    for (const m of await secretlintMatches(f.text, f.path)) addFragments(found, m);
  }
  return [...found];
}
