/**
 * `pool-tuner` command-line entry. Each sub-command lives in `cli/commands/<name>.ts` and returns an exit code:
 * 0 clean, 1 findings at or above the threshold, 2 usage or I/O error.
 */
import { print, errOut } from './output.ts';
import { COMMANDS } from './commands/index.ts';
import { UsageError } from './usage.ts';
import { toolVersion } from './report-formats.ts';

const HELP = `pool-tuner: review, tune and simulate Cloud Run worker pools pulling from Pub/Sub

Usage: pool-tuner <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)}${c.summary}`).join('\n')}

Run 'pool-tuner <command> --help' for a command's options.
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    print(HELP);
    return name ? 0 : 2;
  }
  if (name === '--version') {
    print(`${toolVersion()}\n`);
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    errOut(`pool-tuner: unknown command '${name}'. Commands: ${COMMANDS.map((c) => c.name).join(', ')}.\n`);
    return 2;
  }
  try {
    return await cmd.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      errOut(`pool-tuner ${name}: ${err.message}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    errOut(`pool-tuner ${name}: ${message}\n`);
    if (process.env['POOL_TUNER_DEBUG'] && err instanceof Error) errOut(`${err.stack}\n`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    errOut(`pool-tuner: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
