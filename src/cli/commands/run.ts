// `safeshell run [--] CMD...`: start an agent (or any program) under protection; see docs/spawn.md.
import type { Command } from 'commander';

export function register(program: Command): void {
  // Everything after CMD belongs to CMD (`safeshell run python3 -V`): options stop at the first argument, which
  // commander allows only when the parent parses positionally too (safeshell has no options worth placing later).
  program.enablePositionalOptions();
  program
    .command('run')
    .description('run a program (usually an AI agent) under protection: shims first on PATH, SAFESHELL_CONTEXT=ai, in a PTY')
    .usage('[options] [--] CMD [ARGS...]')
    .argument('<command...>', 'the program and its arguments')
    .option('--no-pty', 'hand the terminal to the program directly instead of relaying it through a PTY')
    .passThroughOptions()
    .action(async (command: string[], opts: { pty: boolean }) => {
      const { runAgent } = await import('../../exec/run-agent.js');
      process.exitCode = await runAgent(command, { pty: opts.pty });
    });
}
