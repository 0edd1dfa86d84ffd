// Plain-text pieces shared by the monitor and `safeshell log`: outcome labels, times, one-line events.
import type { DecisionEvent, Outcome } from '../approvals/types.js';

export const OUTCOME_LABEL: Record<Outcome, string> = {
  allowed: 'allowed',
  blocked: 'DENIED',
  redirected: 'redirect',
  pending: 'PENDING',
  approval_required: 'needs-ok',
  approved: 'approved',
  denied: 'denied',
  timed_out: 'timeout',
  cancelled: 'cancel',
  disabled: 'unguarded',
};

export const OUTCOME_COLOR: Record<Outcome, 'green' | 'red' | 'yellow' | 'cyan' | 'dim' | 'magenta'> = {
  allowed: 'green',
  blocked: 'red',
  redirected: 'cyan',
  pending: 'yellow',
  approval_required: 'yellow',
  approved: 'green',
  denied: 'red',
  timed_out: 'magenta',
  cancelled: 'dim',
  disabled: 'magenta',
};

export function hhmmss(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}`;
}

/** `~/x` for paths under $HOME, the last two components for long ones. */
export function shortDir(dir: string, width = 24, home = process.env.HOME ?? ''): string {
  let d = home && (dir === home || dir.startsWith(`${home}/`)) ? `~${dir.slice(home.length)}` : dir;
  if (d.length > width) {
    const parts = d.split('/');
    d = `…/${parts.slice(-2).join('/')}`;
    if (d.length > width) d = `…${d.slice(d.length - width + 1)}`;
  }
  return d;
}

/** One line for `safeshell log`: time, outcome, context, directory, rule, command. */
export function eventLine(e: DecisionEvent): string {
  const rule = e.rule ? ` [${e.rule}]` : '';
  const extra = e.by ? ` (by ${e.by}${e.reason ? `: ${e.reason}` : ''})` : e.remembered ? ' (remembered)' : '';
  return `${hhmmss(e.at)} ${OUTCOME_LABEL[e.outcome].padEnd(9)} ${e.context.padEnd(5)} ${shortDir(e.cwd)}  ${e.command}${rule}${extra}`;
}

/** Text searched by the monitor's filter and search: everything a person may look for. */
export function searchText(e: DecisionEvent): string {
  return `${e.command}\n${e.program}\n${e.cwd}\n${e.rule ?? ''}\n${e.message ?? ''}\n${e.outcome}\n${OUTCOME_LABEL[e.outcome]}\n${e.context}\n${e.client}\n${e.session}`.toLowerCase();
}
