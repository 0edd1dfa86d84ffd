// `safeshell doctor`: one line per check; exit 1 if any check fails.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('doctor')
    .description('check the installation: shim, PATH, daemon, socket directory, config, rules, native addon')
    .action(async () => {
      const { paths } = await import('../../paths.js');
      const { doctorChecks } = await import('../../setup/inspect.js');
      const checks = await doctorChecks(paths());
      const mark = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;
      process.stdout.write(checks.map((c) => `${mark[c.level]}  ${c.name}: ${c.detail}\n`).join(''));
      if (checks.some((c) => c.level === 'fail')) process.exitCode = 1;
    });
}
