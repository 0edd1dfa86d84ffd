// `safeshell refresh`: one shim per program the rules for this directory guard; stale shims removed.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('refresh')
    .description('sync the shims with the rules (built-in + global + the repo rules of the current directory)')
    .option('-C, --cwd <dir>', 'judge repo rules from this directory', process.cwd())
    .action(async (opts: { cwd: string }) => {
      const { paths } = await import('../../paths.js');
      const { installShimBinary } = await import('../../setup/install.js');
      const { linkPrograms } = await import('../../setup/refresh.js');
      const { Engine } = await import('../../engine.js');
      const p = paths();
      const updated = installShimBinary(p);
      const r = linkPrograms(p.shims, Engine.create({ home: p.home }).programs(opts.cwd), { removeStale: true });
      const lines = [
        ...(updated ? [updated] : []),
        `added (${r.added.length}): ${r.added.join(' ') || '-'}`,
        `removed (${r.removed.length}): ${r.removed.join(' ') || '-'}`,
        `unchanged: ${r.kept.length}`,
        ...(r.conflicts.length ? [`left alone, not safeshell links: ${r.conflicts.join(' ')}`] : []),
        ...(r.skipped.length ? [`not shimmed: ${r.skipped.map((s) => `${s.name} (${s.reason})`).join(', ')}`] : []),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
