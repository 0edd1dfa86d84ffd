// `safeshell`: argv parsing and dispatch. Each subcommand lives in src/cli/commands/<name>.ts and registers itself;
// its implementation is imported lazily by its action. The only process.exit is here.
import { Command, CommanderError } from 'commander';
import { SafeshellError } from '../errors.js';
import { VERSION } from '../version.js';
import { COMMANDS } from './commands/index.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('safeshell')
    .description('A command-safety layer for AI coding agents')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of COMMANDS) register(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    return reportError(err);
  }
}

/** One line, `safeshell: error[CODE]: message`, plus a hint; never a stack trace. */
export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    return 2;
  }
  if (err instanceof SafeshellError) {
    process.stderr.write(`safeshell: error[${err.code}]: ${err.message}\n`);
    if (err.hint) process.stderr.write(`  hint: ${err.hint}\n`);
    return err.code === 'E_USAGE' ? 2 : 1;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`safeshell: error[E_INTERNAL]: ${message.split('\n')[0]}\n`);
  if (process.env.SAFESHELL_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => process.exit(reportError(err)),
);
