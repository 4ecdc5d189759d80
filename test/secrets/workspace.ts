/** Renders the redaction corpus into a worker pool's env list, in each case's YAML style. */
import { ordinaryCorpus, secretCorpus, type SecretCase } from './corpus.ts';

const ITEM = '        ';

function render(c: SecretCase): string {
  const head = `${ITEM}- name: ${c.envName}\n${ITEM}  value: `;
  const body = (v: string, ind: string) => v.replace(/\n$/, '').split('\n').map((l) => (l ? ind + l : '')).join('\n');
  switch (c.style) {
    case 'plain': return `${head}${c.value}\n`;
    case 'single': return `${head}'${c.value.replace(/'/g, "''")}'\n`;
    case 'double': return `${head}${JSON.stringify(c.value)}\n`;
    case 'literal': return `${head}|\n${body(c.value, `${ITEM}    `)}\n`;
    case 'folded': return `${head}>\n${body(c.value, `${ITEM}    `)}\n`;
    case 'literal-keep': return `${head}|+\n${body(c.value, `${ITEM}    `)}\n\n`;
    case 'literal-indent': return `${head}|2\n${body(c.value, `${ITEM}    `)}\n`;
  }
}

/** The env entries of every secret (each followed by a comment and an ordinary entry, so diffs show neighbours). */
export function corpusEnvBlock(): string {
  const ordinary = ordinaryCorpus();
  let out = '';
  secretCorpus().forEach((c, i) => {
    out += render(c);
    const o = ordinary[i % ordinary.length]!;
    out += `${ITEM}# next: ${o.envName}\n${ITEM}- name: ${o.envName}\n${ITEM}  value: ${JSON.stringify(o.value)}\n`;
  });
  for (const o of ordinary.slice(secretCorpus().length)) out += `${ITEM}- name: ${o.envName}\n${ITEM}  value: ${JSON.stringify(o.value)}\n`;
  return out;
}

/** Inserts the corpus env entries right after `env:` of examples/orders/worker-pool.yaml's text. */
export function withCorpus(workerPoolYaml: string): string {
  const at = workerPoolYaml.indexOf(`${ITEM}env:\n`);
  if (at < 0) throw new Error('no env: block to extend');
  const end = at + `${ITEM}env:\n`.length;
  return workerPoolYaml.slice(0, end) + corpusEnvBlock() + workerPoolYaml.slice(end);
}

/** Pieces of a secret that must not appear in any output (raw and JSON-escaped): the value, its lines, a URL's password. */
export function forbiddenPieces(c: SecretCase): string[] {
  const pieces = new Set<string>([c.value.trim(), ...(c.part ? [c.part] : [])]);
  for (const line of c.value.split(/\r?\n|\\n/)) if (line.trim().length >= 12) pieces.add(line.trim());
  const pw = /:\/\/[^:@/]*:([^@/]+)@/.exec(c.value)?.[1];
  if (pw) pieces.add(pw);
  const key = /AccountKey=([^;]+)/.exec(c.value)?.[1];
  if (key) pieces.add(key);
  return [...pieces].flatMap((p) => [p, JSON.stringify(p).slice(1, -1)]);
}
