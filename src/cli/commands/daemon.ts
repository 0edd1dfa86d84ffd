// `safeshell daemon start [--foreground] | stop | restart | status | logs [-f] [-n N]`.
import type { Command } from 'commander';

export function register(program: Command): void {
  const daemon = program.command('daemon').description('run and control the per-user daemon that judges every command');

  daemon
    .command('start')
    .description('start the daemon (in the background unless --foreground); restarts a daemon of another version')
    .option('-f, --foreground', 'run in this process, logging to stderr as well')
    .action(async (opts: { foreground?: boolean }) => {
      const { paths } = await import('../../paths.js');
      const p = paths();
      if (opts.foreground) {
        const { startDaemon } = await import('../../daemon/lifecycle.js');
        const r = await startDaemon({ home: p.home, mirrorLog: true });
        if (!r.started) {
          process.stderr.write(`safeshell: daemon ${r.reason}\n`);
          return;
        }
        await r.stopped;
        return;
      }
      const { ensureDaemon } = await import('../../client/control.js');
      const r = await ensureDaemon(p);
      if (r.restarted) process.stdout.write(`daemon restarted: version ${r.restarted} -> ${r.version} (pid ${r.pid})\n`);
      else if (r.started) process.stdout.write(`daemon started (pid ${r.pid}, version ${r.version})\n`);
      else process.stdout.write(`daemon already running (pid ${r.pid}, version ${r.version})\n`);
    });

  daemon
    .command('stop')
    .description('stop the daemon (SIGTERM; it removes its socket)')
    .action(async () => {
      await refuseInAgentContext('stop the daemon');
      const { paths } = await import('../../paths.js');
      const { stopDaemon } = await import('../../client/control.js');
      const r = await stopDaemon(paths());
      process.stdout.write(r.pid === null ? 'daemon not running\n' : `daemon stopped (pid ${r.pid})\n`);
    });

  daemon
    .command('restart')
    .description('stop and start the daemon')
    .action(async () => {
      await refuseInAgentContext('restart the daemon');
      const { paths } = await import('../../paths.js');
      const { stopDaemon, startInBackground } = await import('../../client/control.js');
      const p = paths();
      await stopDaemon(p);
      const r = await startInBackground(p);
      process.stdout.write(`daemon started (pid ${r.pid}, version ${r.version})\n`);
    });

  daemon
    .command('status')
    .description('is the daemon running? (exit 0 if it answers, 1 if not)')
    .action(async () => {
      const { paths } = await import('../../paths.js');
      const { ping } = await import('../../client/control.js');
      const { VERSION } = await import('../../version.js');
      try {
        const info = await ping(paths());
        const note = info.version === VERSION ? '' : ` (this safeshell is ${VERSION}: \`safeshell daemon restart\`)`;
        process.stdout.write(`daemon running (pid ${info.pid}, version ${info.version})${note}\n`);
      } catch (err) {
        process.stdout.write(`daemon not running: ${(err as { reason?: string }).reason ?? (err as Error).message}\n`);
        process.exitCode = 1;
      }
    });

  daemon
    .command('logs')
    .description("print the daemon's log")
    .option('-f, --follow', 'keep printing new lines')
    .option('-n, --lines <n>', 'how many lines', '50')
    .action(async (opts: { follow?: boolean; lines: string }) => {
      const { paths } = await import('../../paths.js');
      const { printLog } = await import('../../daemon/log-tail.js');
      await printLog(paths().daemonLog, Number(opts.lines) || 50, Boolean(opts.follow));
    });
}

/**
 * Principle 7: a process in an agent's context may not switch protection off — judged by its environment and by
 * its ancestry (an agent's descendant with a scrubbed environment is still the agent's; src/auth).
 */
export async function refuseInAgentContext(what: string): Promise<void> {
  const { detectContext } = await import('../../client/context.js');
  const { authorizeSelf } = await import('../../auth/authorize.js');
  const auth = detectContext() === 'ai' ? { ok: false as const, reason: `an agent may not ${what}` } : authorizeSelf(what);
  if (auth.ok) return;
  const { SafeshellError } = await import('../../errors.js');
  throw new SafeshellError('E_PERMISSION', auth.reason, { hint: 'a person can run this from their own terminal' });
}
