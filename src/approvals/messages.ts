// What the agent reads for each outcome: one distinct message each, written for a model that must act on it
// (reference/original.md §6, and its defect: messages the model never saw). Shims and the wrapper print them on
// stderr; hooks put them in the JSON reason.
import type { Outcome } from './types.js';

export interface NoticeInput {
  outcome: Outcome;
  command: string;
  rule: string | null;
  message: string | null;
  reason?: string | undefined;
  remembered?: boolean | undefined;
  timeoutSeconds?: number | undefined;
  rememberSeconds?: number | undefined;
  redirect?: string[] | undefined;
}

const quote = (s: string): string => `\`${s.length > 200 ? `${s.slice(0, 197)}...` : s}\``;
const ruleTag = (rule: string | null): string => (rule ? ` [rule: ${rule}]` : '');

/** "for 5 minutes", "for 90 seconds", "until the daemon restarts" (approval_memory_ttl_seconds: 0). */
export function forDuration(seconds: number): string {
  return seconds <= 0 ? 'until the daemon restarts' : `for ${duration(seconds)}`;
}

/** "5 minutes", "90 seconds", "1 hour". */
export function duration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} seconds`;
}

/** The agent-facing text for a final outcome (null for allowed: nothing to say). */
export function notice(n: NoticeInput): string | null {
  const cmd = quote(n.command);
  const why = n.reason ? ` The user's reason: ${n.reason}.` : '';
  switch (n.outcome) {
    case 'allowed':
    case 'disabled':
    case 'pending':
    case 'cancelled':
      return null;
    case 'approved':
      if (n.remembered && n.reason) return `approved${ruleTag(n.rule)}: ${n.reason}; ${cmd} runs now. Go ahead; do not ask the user to confirm it again.`;
      return n.remembered
        ? `approved: the user already approved this kind of command for this session${ruleTag(n.rule)}; ${cmd} runs now. Go ahead; do not ask the user to confirm it again.`
        : `approved by the user${ruleTag(n.rule)}: ${cmd} runs now. The user consented through safeshell; go ahead and do not ask them to confirm it again.`;
    case 'denied':
      return (
        `DENIED by the user${ruleTag(n.rule)}: ${cmd} was not run.${why}${n.remembered ? ' (The user denied this kind of command for this session.)' : ''} ` +
        'Do not retry it, do not try to reach the same result another way, and do not ask for approval again: ' +
        'tell the user it was denied and ask how they want to proceed.'
      );
    case 'timed_out':
      return (
        `not run: nobody answered the approval request for ${cmd} within ${n.timeoutSeconds ?? '?'} s${ruleTag(n.rule)}. ` +
        'The user may be away or missed the prompt. Tell the user this command needs their approval in `safeshell monitor`, and offer to retry it.'
      );
    case 'approval_required':
      return `needs the user's approval${ruleTag(n.rule)}: ${sentence(n.message ?? 'this command needs a person to approve it')} It was not run. Ask the user to approve it (it waits for \`safeshell monitor\` when run again), or do something else.`;
    case 'blocked':
      return `blocked by policy${ruleTag(n.rule)}: ${sentence(n.message ?? 'a rule forbids this command')} This block is deliberate: do not work around it; do what the message suggests instead, or ask the user.`;
    case 'redirected':
      return `redirected${ruleTag(n.rule)}: ${n.redirect ? `run ${quote(n.redirect.join(' '))} instead` : 'a rule replaces this command'}. ${n.message ?? ''}`.trim();
  }
}

/** A rule's message as a sentence: its own final punctuation is kept, a missing one added. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** The one line a waiting requester prints on stderr. */
export function waitingLine(command: string, rule: string, id: string, timeoutSeconds: number): string {
  return `waiting for approval of ${quote(command)} [rule: ${rule}] (id ${id.slice(0, 8)}): a person must answer in \`safeshell monitor\` or with \`safeshell approve ${id.slice(0, 8)}\` within ${timeoutSeconds} s; Ctrl-C cancels`;
}
