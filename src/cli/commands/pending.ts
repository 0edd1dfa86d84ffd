// `safeshell pending [--json]`: the approvals waiting for a person (id, time left, rule, directory, command).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('pending')
    .description('list commands waiting for approval')
    .option('--json', 'one JSON array (each entry with secondsLeft)')
    .action(async (opts: { json?: boolean }) => {
      const { paths } = await import('../../paths.js');
      const { listPending, secondsLeft, clock } = await import('../../approvals/client.js');
      const { pending, now } = await listPending(paths());
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(pending.map((a) => ({ ...a, secondsLeft: secondsLeft(a, now) })), null, 2)}\n`);
        return;
      }
      if (pending.length === 0) {
        process.stdout.write('no pending approvals\n');
        return;
      }
      for (const a of pending) {
        process.stdout.write(`${a.id}  ${clock(secondsLeft(a, now)).padStart(5)} left  ${a.rule}\n`);
        process.stdout.write(`    ${a.command}\n    in ${a.cwd}  (${a.context}, ${a.client}${a.pid ? `, pid ${a.pid}` : ''})\n`);
      }
      process.stdout.write('answer with `safeshell approve <id>` / `safeshell deny <id>`, or in `safeshell monitor`\n');
    });
}
