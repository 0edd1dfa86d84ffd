// Who may approve, deny, switch protection off or stop the daemon: a person, not an agent. An agent runs as the
// same user as its human, so the socket's mode proves nothing; the peer's process ancestry does (ARCHITECTURE.md
// principle 7). Limits (docs/approvals.md): a process that both scrubs its environment and leaves its agent's
// process tree (setsid + double fork) is not recognised; only a separate uid would make that impossible.
import { inspectContext } from './agent-context.js';
import { readStat } from './proc.js';

/** What is being authorised, as the refusal names it ("an agent may not <action>"). */
export type Action = 'approve' | 'deny' | 'switch protection off' | 'stop the daemon' | 'restart the daemon' | 'uninstall safeshell' | 'remove the agent hook' | (string & {});

export interface Approver {
  pid: number;
  comm: string;
  /** Controlling terminal device number (0: none). */
  tty: number;
}

export type AuthResult = { ok: true; approver: Approver } | { ok: false; reason: string };

export interface AuthOptions {
  /** Demand a controlling terminal (answers to approvals: the monitor and `safeshell approve` are interactive). */
  requireTty?: boolean;
  /** /proc, for tests. */
  procRoot?: string;
}

const HINT = 'a person can do this from their own terminal (`safeshell monitor`, or `safeshell approve|deny <id>`)';

/** Every process holding the requesting end must be a person's: none an agent or an agent's descendant. */
export function authorize(pids: readonly number[], action: Action, opts: AuthOptions = {}): AuthResult {
  if (pids.length === 0) return { ok: false, reason: `cannot tell which process asked to ${action}; refused` };
  let first: Approver | undefined;
  for (const pid of pids) {
    const stat = readStat(pid, opts.procRoot);
    if (!stat) return { ok: false, reason: `the requesting process ${pid} is gone or unreadable; refused` };
    const report = inspectContext(pid, opts.procRoot);
    if (report.agent) {
      const who = report.agent.pid === pid ? `pid ${pid} (${stat.comm})` : `pid ${pid} (${stat.comm}) descends from pid ${report.agent.pid} (${report.agent.comm})`;
      return { ok: false, reason: `an agent may not ${action}: ${who}, and ${report.agent.why}; ${HINT}` };
    }
    if (opts.requireTty && stat.ttyNr === 0) {
      return { ok: false, reason: `pid ${pid} (${stat.comm}) has no controlling terminal; answers to approvals come from an interactive terminal; ${HINT}` };
    }
    first ??= { pid, comm: stat.comm, tty: stat.ttyNr };
  }
  return { ok: true, approver: first! };
}

/** The CLI's own check before it switches protection off locally (stop, uninstall, hook removal). */
export function authorizeSelf(action: Action): AuthResult {
  return authorize([process.pid], action);
}
