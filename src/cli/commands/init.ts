// `safeshell init`: install under <home> (idempotent), link the shims, start the daemon.
// `safeshell init bash|zsh`: print the shell integration, for `eval "$(safeshell init bash)"` in an rc file.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('init')
    .description('set up ~/.safeshell (config, starter rules, shims, wrapper) and start the daemon; `init bash|zsh` prints the shell integration')
    .argument('[shell]', 'bash or zsh: print the integration script instead')
    .option('--no-start', 'do not start the daemon')
    .action(async (shell: string | undefined, opts: { start: boolean }) => {
      const { paths } = await import('../../paths.js');
      const p = paths();
      if (shell !== undefined) {
        const { renderShellInit, SHELLS } = await import('../../setup/shell.js');
        const { SafeshellError } = await import('../../errors.js');
        if (!(SHELLS as readonly string[]).includes(shell)) throw new SafeshellError('E_USAGE', `unknown shell '${shell}' (known: ${SHELLS.join(', ')})`);
        process.stdout.write(renderShellInit(shell as 'bash' | 'zsh', p.home));
        return;
      }
      const { installHome } = await import('../../setup/install.js');
      const { linkPrograms } = await import('../../setup/refresh.js');
      const { Engine } = await import('../../engine.js');
      const out: string[] = installHome(p);
      const programs = Engine.create({ home: p.home }).programs();
      const links = linkPrograms(p.shims, programs, { removeStale: true });
      out.push(`shims: ${links.added.length} added, ${links.kept.length} kept, ${links.removed.length} removed${links.conflicts.length ? `, left alone (not our links): ${links.conflicts.join(' ')}` : ''}`);
      if (opts.start) {
        const { ensureDaemon } = await import('../../client/control.js');
        const r = await ensureDaemon(p);
        out.push(r.started ? `daemon started (pid ${r.pid})` : `daemon running (pid ${r.pid})`);
      }
      process.stdout.write(`${out.map((l) => `  ${l}`).join('\n')}\n
Next steps:
  - shells: add to ~/.bashrc   eval "$(safeshell init bash)"     (zsh: ~/.zshrc, init zsh)
    or, without starting Node per shell:   . ${p.home}/init.bash
  - agents: see docs/agents.md (wrapper: ${p.shims}/safeshell-wrapper, BASH_ENV=${p.home}/init.bash)
  - check the setup:   safeshell doctor
`);
    });
}
