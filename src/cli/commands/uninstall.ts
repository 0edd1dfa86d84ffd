// `safeshell uninstall [--purge]`: stop the daemon, remove the shims and installed files.
import type { Command } from 'commander';
import { refuseInAgentContext } from './daemon.js';

export function register(program: Command): void {
  program
    .command('uninstall')
    .description('stop the daemon and remove the shims, wrapper and shell integration files (config and rules stay)')
    .option('--purge', 'also remove config.yaml, rules.yaml and the logs')
    .action(async (opts: { purge?: boolean }) => {
      await refuseInAgentContext('uninstall safeshell');
      const { paths } = await import('../../paths.js');
      const { uninstall } = await import('../../setup/uninstall.js');
      const done = await uninstall(paths(), { purge: Boolean(opts.purge) });
      process.stdout.write(`${done.map((l) => `  ${l}`).join('\n')}\n  remove the safeshell lines from your shell rc files (eval "$(safeshell init …)")\n`);
    });
}
