// `safeshell log [-n N] [--json] [--follow]`: recent decisions from the daemon's ring, or from the audit log file
// (<home>/log/audit.jsonl) when the daemon is not running.
import type { Command } from 'commander';

interface LogOptions {
  lines: string;
  json?: boolean;
  follow?: boolean;
}

export function register(program: Command): void {
  program
    .command('log')
    .description('show recent decisions (allowed, denied, pending, approved, timed out)')
    .option('-n, --lines <n>', 'how many', '50')
    .option('--json', 'one JSON object per line')
    .option('-f, --follow', 'keep printing decisions as they happen')
    .action(async (opts: LogOptions) => {
      const { paths } = await import('../../paths.js');
      const { recentDecisions } = await import('../../approvals/client.js');
      const { eventLine } = await import('../../monitor/format.js');
      const { DaemonUnavailable } = await import('../../client/request.js');
      const p = paths();
      const n = Math.max(1, Number(opts.lines) || 50);
      const print = (e: import('../../approvals/types.js').DecisionEvent): void => void process.stdout.write(`${opts.json ? JSON.stringify(e) : eventLine(e)}\n`);
      let events: import('../../approvals/types.js').DecisionEvent[];
      try {
        events = await recentDecisions(p, n);
      } catch (err) {
        if (!(err instanceof DaemonUnavailable)) throw err;
        const { readAuditTail } = await import('../../approvals/audit-read.js');
        process.stderr.write(`safeshell: daemon not running (${err.reason}); from ${p.auditLog}:\n`);
        events = readAuditTail(p.auditLog, n);
      }
      for (const e of events) print(e);
      if (!opts.follow) return;
      const { MonitorLink } = await import('../../monitor/link.js');
      let last = events[events.length - 1]?.seq ?? 0;
      let daemon: number | null = null;
      await new Promise<void>(() => {
        new MonitorLink(p.socket, {
          snapshot: (s) => {
            if (daemon !== null && daemon !== s.daemonPid) last = 0;
            daemon = s.daemonPid;
            for (const e of s.recent) if (e.seq > last) print(e), (last = e.seq);
          },
          message: (m) => {
            if (m.kind === 'decision' && m.event.seq > last) print(m.event), (last = m.event.seq);
          },
          down: () => {},
        }, 0).start();
      });
    });
}
