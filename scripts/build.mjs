// Bundles the CLI, MCP server, extension and GitHub Action entry points with esbuild, plus the Cloud Monitoring
// client on its own (dist/monitoring.js), and copies the Terraform parser's WebAssembly beside them. The package
// (npm and .vsix) therefore runs with no dependency install. `--quiet` prints nothing on success;
// `--outdir DIR` writes the bundles to DIR instead of dist/ (the package test builds into a temporary copy).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { monitoringExternal } from './esbuild-monitoring.mjs';

const quiet = process.argv.includes('--quiet');
const outIndex = process.argv.indexOf('--outdir');
const outdir = outIndex > 0 ? process.argv[outIndex + 1] : 'dist';
const out = (name) => path.join(outdir, name);
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
mkdirSync(outdir, { recursive: true });
copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), out('tree-sitter.wasm'));
copyFileSync(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'), out('tree-sitter-terraform.wasm'));

await Promise.all([
  build({ ...common, entryPoints: ['cli/main.ts'], outfile: out('cli.js'), banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` },
    plugins: [monitoringExternal] }),
  build({ ...common, entryPoints: ['mcp-server/main.ts'], outfile: out('mcp-server.js'), banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` },
    plugins: [monitoringExternal] }),
  // VS Code extension (docs/extension.md): `vscode` is provided by the editor; the Cloud Monitoring client is
  // loaded lazily, only when live metrics are chosen. Minified: activation time tracks bundle size (< 1 MB).
  build({ ...common, entryPoints: ['extension/extension.ts'], outfile: out('extension.js'), minify: true, banner: { js: importMetaUrl },
    external: ['vscode'], plugins: [monitoringExternal] }),
  // The job worker thread (shared/node/jobs/pool.ts looks for worker.js beside the running bundle): tuner searches,
  // simulations and big reviews of the CLI, the MCP server and the extension (CodeLens figures, Tune) run there,
  // off the main thread. Minified: it ships in the .vsix too.
  build({ ...common, entryPoints: ['shared/node/jobs/worker.ts'], outfile: out('worker.js'), minify: true, banner: { js: importMetaUrl },
    plugins: [monitoringExternal] }),
  // The GitHub Action's entry point (action.yml `runs.main`).
  build({ ...common, entryPoints: ['action/main.ts'], outfile: out('action.js'), banner: { js: importMetaUrl }, plugins: [monitoringExternal] }),
  // The Cloud Monitoring client with google-gax and grpc-js (about 2.7 MB minified), loaded by the bundles above
  // only when live metrics are asked for. No source map: it is third-party code.
  build({ ...common, entryPoints: ['shared/node/monitoring-lib.ts'], outfile: out('monitoring.js'), minify: true, sourcemap: false,
    define: {} }),
]);
