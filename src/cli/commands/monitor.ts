// `safeshell monitor [--debug]`: live decisions and the approvals waiting for a person (keys 1-4 answer them).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('monitor')
    .description('watch decisions live and answer approvals (1 approve, 2 approve for a while, 3 deny, 4 deny for a while; ? for keys)')
    .option('-d, --debug', 'also show how each rule judged the selected command')
    .action(async (opts: { debug?: boolean }) => {
      const { paths } = await import('../../paths.js');
      const { runMonitor } = await import('../../monitor/app.js');
      await runMonitor({ p: paths(), debug: Boolean(opts.debug) });
    });
}
