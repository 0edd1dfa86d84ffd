// `safeshell demo`: judge a handful of real commands with the built-in rules and print the verdicts.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('demo')
    .description('show safeshell judging a handful of commands an agent might run')
    .action(async () => {
      const { runDemo } = await import('../demo-run.js');
      process.exitCode = await runDemo();
    });
}
