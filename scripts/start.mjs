// `npm start`: builds the CLI, then reviews, tunes and verifies the bundled example project offline.
// Exit code: 0 when both ran (findings are the point of the demo), 2 when a command failed to run.
import { spawnSync } from 'node:child_process';

const node = process.execPath;
const metrics = ['--metrics', 'examples/metrics/snapshot.json'];
const steps = [
  ['scripts/build.mjs', '--quiet'],
  ['dist/cli.js', 'review', 'examples', ...metrics],
  ['dist/cli.js', 'tune', 'examples', ...metrics],
  // The shipped proposal record against a day recorded after it (docs/verify.md, "The example").
  ['dist/cli.js', 'verify', 'examples', '--metrics', 'examples/metrics/after.json'],
];
for (const args of steps) {
  if (args[0] === 'dist/cli.js') process.stdout.write(`\n$ pool-tuner ${args.slice(1).join(' ')}\n\n`);
  const r = spawnSync(node, args, { stdio: 'inherit' });
  // review/tune/verify exit 1 when they find something: expected here.
  if (r.status === null || r.status >= 2) process.exit(2);
}
