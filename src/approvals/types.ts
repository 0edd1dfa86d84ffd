// What approvals, decisions and monitor events look like on the wire and in memory (docs/approvals.md).
import type { Verdict } from '../engine-types.js';
import type { ExecContext } from '../rules/types.js';

/** The four answers (keys 1-4 in the monitor). */
export type Answer = 'approve' | 'approve_remember' | 'deny' | 'deny_remember';
export const ANSWERS: readonly Answer[] = ['approve', 'approve_remember', 'deny', 'deny_remember'];

/**
 * How a command's judgement ended, which is what the agent is told:
 * rule verdicts (allowed, blocked, redirected), the human's answers, and the ways an approval ends without one.
 */
export type Outcome =
  | 'allowed' // no rule objected
  | 'blocked' // a deny rule
  | 'redirected'
  | 'pending' // waiting for a human (event only)
  | 'approval_required' // require_approval answered at once (a client that does not wait, or hook_approval: ask)
  | 'approved' // a person approved it (now, or remembered for this session)
  | 'denied' // a person denied it (now, or remembered for this session)
  | 'timed_out' // nobody answered in time
  | 'cancelled' // the requester went away while waiting
  | 'disabled'; // protection is switched off: allowed without a check

export interface PendingApproval {
  id: string;
  /** The command as the requester gave it: a command line, or argv joined for display. */
  command: string;
  argv?: string[];
  /** The simple command that needed approval (normalised) and its program. */
  decided: string | null;
  program: string;
  cwd: string;
  rule: string;
  message: string | null;
  context: ExecContext;
  client: string;
  /** Requesting process (kernel-reported when the addon is loaded) and the session its answers are remembered for. */
  pid: number | null;
  session: string;
  /** The agent's own session id, when a hook reported one. */
  agentSession?: string;
  createdAt: number;
  expiresAt: number;
  /** approval_memory_ttl_seconds, for the "for N minutes" labels. */
  rememberSeconds: number;
}

/** One decision as the monitor and `safeshell log` show it. */
export interface DecisionEvent {
  seq: number;
  at: number;
  outcome: Outcome;
  verdict: Verdict;
  command: string;
  program: string;
  cwd: string;
  rule: string | null;
  message: string | null;
  context: ExecContext;
  client: string;
  pid: number | null;
  session: string;
  /** The approval this event belongs to. */
  approval?: string;
  /** For answers: how it was answered, by whom, and why. */
  answer?: Answer;
  by?: string;
  reason?: string;
  /** True when the outcome came from session memory (an earlier "for N minutes" answer or a hook approval). */
  remembered?: boolean;
}

/** Lines pushed to a subscribed monitor, one JSON object each. */
export type MonitorMessage =
  | { kind: 'decision'; event: DecisionEvent }
  | { kind: 'approval'; approval: PendingApproval }
  | { kind: 'resolved'; id: string; outcome: Outcome; answer?: Answer; by?: string; reason?: string }
  | { kind: 'protection'; enabled: boolean; by?: string }
  /** An approve, deny, protection switch or stop that was refused (an agent tried). */
  | { kind: 'refused'; action: string; reason: string; approval?: string };

export interface Snapshot {
  pending: PendingApproval[];
  recent: DecisionEvent[];
  enabled: boolean;
  approvalTimeoutSeconds: number;
  rememberSeconds: number;
  daemonPid: number;
  version: string;
}
