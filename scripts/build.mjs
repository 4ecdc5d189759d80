// Bundles the CLI, MCP server, extension and GitHub Action entry points with esbuild, plus the Cloud Monitoring client on its own (dist/monitoring.js).
// The package (npm and .vsix) therefore runs with no dependency install. `--quiet` prints nothing on success;
// `--outdir DIR` writes the bundles to DIR instead of dist/ (the package test builds into a temporary copy).
import { build } from 'esbuild';
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
};

await Promise.all([
  build({ ...common, entryPoints: ['cli/main.ts'], outfile: out('cli.js'), banner: { js: '#!/usr/bin/env node' },
    plugins: [monitoringExternal] }),
  build({ ...common, entryPoints: ['mcp-server/main.ts'], outfile: out('mcp-server.js'), banner: { js: '#!/usr/bin/env node' },
    plugins: [monitoringExternal] }),
  // VS Code extension (docs/extension.md): `vscode` is provided by the editor; the Cloud Monitoring client is
  // loaded lazily, only when live metrics are chosen. Minified: activation time tracks bundle size (< 1 MB).
  build({ ...common, entryPoints: ['extension/extension.ts'], outfile: out('extension.js'), minify: true,
    external: ['vscode'], plugins: [monitoringExternal] }),
  // The GitHub Action's entry point (action.yml `runs.main`).
  build({ ...common, entryPoints: ['action/main.ts'], outfile: out('action.js'), plugins: [monitoringExternal] }),
  // The Cloud Monitoring client with google-gax and grpc-js (about 2.7 MB minified), loaded by the three bundles
  // above only when live metrics are asked for. No source map: it is third-party code.
  build({ ...common, entryPoints: ['shared/node/monitoring-lib.ts'], outfile: out('monitoring.js'), minify: true, sourcemap: false }),
]);
