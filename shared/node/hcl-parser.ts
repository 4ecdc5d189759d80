/**
 * Loads the Terraform parser: web-tree-sitter (WebAssembly) with the `tree-sitter-terraform.wasm` grammar of
 * @tree-sitter-grammars/tree-sitter-hcl. The `.wasm` files are looked up beside the bundle (`dist/`, where the build
 * copies them) and then in node_modules. Loading is async; adapters call `ensureHclParser()` once at start-up and
 * the core's synchronous `parseWorkspace` then reads `.tf` files.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import { copyTree, type HclParser } from '../config/hcl/syntax.ts';
import { registerHclParser, registeredHclParser } from '../config/hcl/parser-slot.ts';

export const HCL_WASM_FILES = { runtime: 'tree-sitter.wasm', grammar: 'tree-sitter-terraform.wasm' } as const;

function locate(file: string, pkgPath: string, extraDirs: readonly string[]): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (const dir of [...extraDirs, here, path.join(here, '..', 'dist')]) {
    const p = path.join(dir, file);
    if (existsSync(p)) return p;
  }
  try {
    return require.resolve(pkgPath);
  } catch {
    throw new Error(`Pool Tuner: cannot find ${file} (the Terraform parser); reinstall the package.`);
  }
}

let loading: Promise<HclParser> | undefined;

/** Loads (once) and returns the HCL parser. `dirs`: folders to look in first for the `.wasm` files. */
export function loadHclParser(dirs: readonly string[] = []): Promise<HclParser> {
  loading ??= (async () => {
    const runtime = locate(HCL_WASM_FILES.runtime, 'web-tree-sitter/tree-sitter.wasm', dirs);
    const grammar = locate(HCL_WASM_FILES.grammar, '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm', dirs);
    await Parser.init({ locateFile: () => runtime });
    const language = await Language.load(grammar);
    const parser = new Parser();
    parser.setLanguage(language);
    return {
      parse(text: string) {
        const tree = parser.parse(text);
        if (!tree) throw new Error('the HCL parser returned no tree');
        try {
          const cursor = tree.walk();
          try {
            return copyTree(cursor);
          } finally {
            cursor.delete();
          }
        } finally {
          tree.delete();
        }
      },
    };
  })();
  return loading;
}

/** Loads the parser and registers it for `parseWorkspace`. */
export async function ensureHclParser(dirs: readonly string[] = []): Promise<HclParser> {
  const existing = registeredHclParser();
  if (existing) return existing;
  const p = await loadHclParser(dirs);
  registerHclParser(p);
  return p;
}
