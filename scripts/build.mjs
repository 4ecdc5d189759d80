// Bundles the three entry points with esbuild. `--quiet` prints nothing on success.
import { build } from 'esbuild';

const quiet = process.argv.includes('--quiet');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: quiet ? 'error' : 'info',
};

await Promise.all([
  build({ ...common, entryPoints: ['cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' },
    external: ['@google-cloud/monitoring'] }),
  build({ ...common, entryPoints: ['mcp-server/main.ts'], outfile: 'dist/mcp-server.js', banner: { js: '#!/usr/bin/env node' },
    external: ['@google-cloud/monitoring'] }),
  // VS Code extension (docs/extension.md): `vscode` is provided by the editor; the Cloud Monitoring client is
  // loaded lazily, only when live metrics are chosen. Minified: activation time tracks bundle size (< 1 MB).
  build({ ...common, entryPoints: ['extension/extension.ts'], outfile: 'dist/extension.js', minify: true,
    external: ['vscode', '@google-cloud/monitoring'] }),
]);
