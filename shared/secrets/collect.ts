/**
 * Finds the credentials in a workspace's files, by value and by name, so every output can withhold them: each
 * string scalar matched by a credential pattern, each env var (a `name`/`value` pair) or mapping key whose name
 * says secret, and each env value that looks randomly generated. A secret is recorded as its value, its source
 * text (quoted, escaped or block form) and each of its source lines, so diff context lines that show part of a
 * block scalar are scrubbed too.
 */
import { isMap, isPair, isScalar, isSeq, visit, type Node } from 'yaml';
import { parseYamlFile, type YamlDoc } from '../config/yaml-source.ts';
import type { Workspace } from '../config/workspace.ts';
import { isPlainScalar, isSecretName, isSecretValue, patternMatches } from './patterns.ts';

/** Fragments shorter than this are not scrubbed from free text (they would hit ordinary words and numbers). */
export const MIN_SECRET_CHARS = 4;

/** A file to scan: its YAML documents when already parsed; other YAML is parsed here, Terraform is scanned as text. */
export interface SecretSource {
  path: string;
  text: string;
  docs?: readonly YamlDoc[];
}

function yamlDocsOf(file: SecretSource): readonly YamlDoc[] {
  if (file.docs) return file.docs;
  return /\.tf$/i.test(file.path) ? [] : parseYamlFile(file.path, file.text).docs;
}

/** Values found by name only and shorter than this are withheld with their key (`value: hunter2`), not as a word. */
const SHORT_BY_NAME_CHARS = 8;

/** Secret strings found in the given files (deduplicated; longest first). */
export function collectSecrets(files: Iterable<SecretSource>): string[] {
  const found = new Set<string>();
  for (const file of files) {
    for (const m of patternMatches(file.text)) addFragments(found, m);
    commentSecrets(file.text, found);
    if (/\.tf$/i.test(file.path)) terraformSecrets(file.text, found);
    for (const ydoc of yamlDocsOf(file)) {
      if (!ydoc.doc?.contents) continue;
      visit(ydoc.doc, {
        Pair(_key, pair, path) {
          if (!isScalar(pair.value) || typeof pair.value.value !== 'string') return;
          const keyName = isScalar(pair.key) ? String(pair.key.value) : '';
          const parent = path[path.length - 1];
          const envName = keyName === 'value' && isMap(parent) ? envNameOf(parent) : undefined;
          const value = pair.value.value;
          const inSeqOfEnv = envName !== undefined && isSeq(path[path.length - 2]);
          const range = pair.value.range;
          // By value, in every field of every kind (a CREMA trigger's `metadata:` under a neutral key too).
          if (isSecretValue(value, inSeqOfEnv ? envName : keyName)) {
            addFragments(found, value);
            if (range) addFragments(found, file.text.slice(range[0], range[1]));
            return;
          }
          const byName = (envName !== undefined && inSeqOfEnv && isSecretName(envName))
            || (envName === undefined && isSecretName(keyName) && !/^(secretKeyRef|secretName)$/i.test(keyName));
          if (!byName || isPlainScalar(value)) return;
          const keyStart = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
          if (value.trim().length < SHORT_BY_NAME_CHARS) {
            // A short password: withheld with its key on its line, so the same word elsewhere (a label, a
            // number in JSON) is left alone.
            if (keyStart !== undefined && range) found.add(file.text.slice(keyStart, range[1]));
            return;
          }
          addFragments(found, value);
          if (range) addFragments(found, file.text.slice(range[0], range[1]));
        },
      });
    }
  }
  return [...found].sort((a, b) => b.length - a.length);
}

/**
 * Tokens in comments (`# old key: …`, `// …`) that are credentials by their shape: a comment on an edited line is
 * shown in every diff context.
 */
function commentSecrets(text: string, found: Set<string>): void {
  for (const m of text.matchAll(/(?:^|[ \t])(?:#|\/\/)([^\n]*)/g)) {
    // `# old password: hunter2horse`: a value after a secret-sounding name, whatever it looks like.
    for (const kv of (m[1] ?? '').matchAll(/([A-Za-z][A-Za-z0-9_-]*)\s*[:=]\s*['"]?([^\s'"]{4,})/g)) {
      const value = (kv[2] ?? '').replace(/[.,;)]+$/, '');
      if (!isSecretName(kv[1] ?? '') || isPlainScalar(value)) continue;
      if (value.length >= SHORT_BY_NAME_CHARS) addFragments(found, value);
      else found.add(kv[0]);
    }
    for (const raw of (m[1] ?? '').split(/\s+/)) {
      const token = raw.replace(/^['"`,;()[\]{}<>]+|['"`,;()[\]{}<>.]+$/g, '');
      const parts = [token, ...token.split(/[=:]/).slice(1)];
      for (const t of parts) if (t && isSecretValue(t)) addFragments(found, t);
    }
  }
}

/**
 * Terraform, scanned as text (no parser needed, so the editor and the CLI agree): `env { name = "X" value = "Y" }`
 * blocks whose name says secret or whose value looks random, `key = "value"` attributes whose key says secret, and
 * every string literal that is a credential by its shape (a `yamlencode` CremaConfig's trigger metadata included).
 */
function terraformSecrets(text: string, found: Set<string>): void {
  for (const m of text.matchAll(/\benv\s*\{([^{}]*)\}/g)) {
    const body = m[1] ?? '';
    const name = /\bname\s*=\s*"([^"]*)"/.exec(body)?.[1];
    const valueMatch = /\bvalue\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(body);
    const value = valueMatch?.[1];
    if (name === undefined || !value) continue;
    if (isSecretValue(value, name)) addFragments(found, value);
    else if (isSecretName(name) && !isPlainScalar(value)) {
      if (value.trim().length >= SHORT_BY_NAME_CHARS) addFragments(found, value);
      else found.add(valueMatch![0]);
    }
  }
  for (const m of text.matchAll(/^[ \t]*"?([A-Za-z0-9_.-]+)"?[ \t]*=[ \t]*"((?:[^"\\\n]|\\.)+)"/gm)) {
    const key = m[1] ?? '';
    const value = m[2] ?? '';
    if (/^(name|value|secret|secret_id|version)$/.test(key) || !isSecretName(key) || isPlainScalar(value)) continue;
    if (value.trim().length >= SHORT_BY_NAME_CHARS) addFragments(found, value);
    else found.add(m[0].trim());
  }
  // Every literal, left to right (so quotes pair up); `${…}` interpolations are not values.
  for (const m of text.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)) {
    const value = m[1] ?? '';
    if (value.length >= 12 && !value.includes('${') && isSecretValue(value)) addFragments(found, value);
  }
}

function envNameOf(map: Node): string | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && item.key.value === 'name' && isScalar(item.value) && typeof item.value.value === 'string') return item.value.value;
  }
  return undefined;
}

/** Adds a secret, its trimmed lines and its pieces between `\n` escapes (each at least MIN_SECRET_CHARS long). */
export function addFragments(into: Set<string>, secret: string): void {
  const add = (s: string): void => {
    const t = s.trim().replace(/^["']|["']$/g, '').trim();
    if (t.length >= MIN_SECRET_CHARS && !/^[|>][-+0-9]*$/.test(t)) into.add(t);
  };
  add(secret);
  for (const line of secret.split(/\r?\n|\\n/)) add(line);
}

/**
 * Plain env values of the normalised worker pools that are credentials (by name or randomness), whatever the file
 * format they came from (YAML or Terraform): the model-level complement of `collectSecrets`.
 */
export function collectEnvSecrets(ws: Workspace): string[] {
  const found = new Set<string>();
  // Kubernetes workloads too (GKE pools' workers, and any other Deployment in the files).
  for (const wp of [...ws.workerPools, ...(ws.workloads ?? [])]) {
    for (const c of wp.containers) {
      for (const e of c.env) {
        if (e.fromSecret || e.value === undefined) continue;
        // By name only: a number or a short word is withheld with its key by collectSecrets, never as a word.
        const byName = isSecretName(e.name) && !isPlainScalar(e.value) && e.value.trim().length >= SHORT_BY_NAME_CHARS;
        if (byName || isSecretValue(e.value, e.name)) addFragments(found, e.value);
      }
    }
  }
  return [...found];
}
