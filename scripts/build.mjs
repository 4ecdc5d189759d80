// Bundles the three entry points with esbuild. `--quiet` prints nothing on success.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const quiet = process.argv.includes('--quiet');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: quiet ? 'error' : 'info',
  // web-tree-sitter's ESM build reads `import.meta.url`; in a CommonJS bundle it is this file's URL.
  define: { 'import.meta.url': '__importMetaUrl' },
};
const importMetaUrl = 'var __importMetaUrl = require("url").pathToFileURL(__filename).href;';

// The Terraform parser's WebAssembly (web-tree-sitter runtime + the HCL/Terraform grammar) ships beside the
// bundles: shared/node/hcl-parser.ts looks for it next to the running bundle first.
const require = createRequire(import.meta.url);
mkdirSync('dist', { recursive: true });
copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), 'dist/tree-sitter.wasm');
copyFileSync(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'), 'dist/tree-sitter-terraform.wasm');

await Promise.all([
  build({ ...common, entryPoints: ['cli/main.ts'], outfile: 'dist/cli.js', banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` },
    external: ['@google-cloud/monitoring'] }),
  build({ ...common, entryPoints: ['mcp-server/main.ts'], outfile: 'dist/mcp-server.js', banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` },
    external: ['@google-cloud/monitoring'] }),
  // VS Code extension (docs/extension.md): `vscode` is provided by the editor; the Cloud Monitoring client is
  // loaded lazily, only when live metrics are chosen. Minified: activation time tracks bundle size (< 1 MB).
  build({ ...common, entryPoints: ['extension/extension.ts'], outfile: 'dist/extension.js', minify: true, banner: { js: importMetaUrl },
    external: ['vscode', '@google-cloud/monitoring'] }),
]);
