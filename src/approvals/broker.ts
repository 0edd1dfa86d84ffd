// The approval broker: every verdict passes through it. require_approval becomes a pending approval that waits for
// a person (or a remembered answer), with a timeout, cancellation when the requester goes away, and the first
// answer winning across monitors. Other requests are served meanwhile: a pending approval is only a promise.
import type { Decision, Verdict } from '../engine-types.js';
import type { EventHub } from './events.js';
import { ApprovalMemory } from './memory.js';
import { notice, waitingLine } from './messages.js';
import { sessionKey } from './session.js';
import type { Answer, DecisionEvent, Outcome, PendingApproval } from './types.js';
import { displayCommand, type EvalInput } from './input.js';

export interface Final {
  verdict: Verdict;
  rule: string | null;
  message: string | null;
  /** The simple command that decided. */
  command: string | null;
  redirect?: string[];
  outcome: Outcome;
  /** What the agent is told (stderr, or the hook's reason); null when there is nothing to say. */
  notice: string | null;
  approval?: string;
  remembered?: boolean;
}

/** What a waiting requester's connection offers: cancellation when it closes, and intermediate lines. */
export interface RequestScope {
  signal?: AbortSignal;
  notify?(line: Record<string, unknown>): void;
}

export interface BrokerSettings {
  approvalTimeoutSeconds: number;
  rememberSeconds: number;
  hookApproval: 'wait' | 'ask';
}

export interface BrokerOptions {
  settings(): BrokerSettings;
  hub: EventHub;
  memory?: ApprovalMemory;
  /** The simple commands of a request (the engine's analysis): text and program of each. */
  analyze(req: EvalInput): Array<{ text: string; program: string }>;
  procRoot?: string;
}

export type AnswerResult = { ok: true; id: string; outcome: Outcome } | { ok: false; code: 'E_NOT_FOUND' | 'E_NOT_PENDING' | 'E_AMBIGUOUS'; error: string };

interface Entry {
  approval: PendingApproval;
  texts: string[];
  done(final: Final): void;
  timer: NodeJS.Timeout;
  onAbort?: () => void;
  signal?: AbortSignal;
}

const RESOLVED_KEPT = 500;
/** Doors that see a whole command line before anything runs: a person's approval there covers its programs … */
const LINE_DOORS = new Set(['hook', 'wrapper']);
/** … when they then reach these doors (the shims and builtin checks inside that command), in the same session. */
const PROGRAM_DOORS = new Set(['shim', 'builtin']);

export class ApprovalBroker {
  readonly memory: ApprovalMemory;
  enabled = true;
  private readonly pendingById = new Map<string, Entry>();
  private readonly resolved = new Map<string, { outcome: Outcome; by?: string }>();

  constructor(private readonly opts: BrokerOptions) {
    this.memory = opts.memory ?? new ApprovalMemory();
  }

  /** HOT PATH (bench/shim-overhead.js): <= 1 µs for allow/deny/redirect (event + audit line); only require_approval does more. */
  decide(req: EvalInput, d: Decision, peerPid: number | null, scope: RequestScope = {}): Final | Promise<Final> {
    if (!this.enabled && d.verdict !== 'allow') return this.conclude(req, d, peerPid, 'disabled', 'allow');
    switch (d.verdict) {
      case 'allow':
        return this.conclude(req, d, peerPid, 'allowed', 'allow');
      case 'deny':
        return this.conclude(req, d, peerPid, 'blocked', 'deny');
      case 'redirect':
        return this.conclude(req, d, peerPid, 'redirected', 'redirect');
      case 'require_approval':
        return this.approval(req, d, peerPid, scope);
    }
  }

  pending(): PendingApproval[] {
    return [...this.pendingById.values()].map((e) => e.approval);
  }

  /** An answer from a person (authenticated by the caller). The first answer wins; later ones get E_NOT_PENDING. */
  answer(idOrPrefix: string, answer: Answer, by: string, reason?: string): AnswerResult {
    const found = this.find(idOrPrefix);
    if (!found.ok) return found;
    const entry = found.entry;
    const a = entry.approval;
    const approve = answer === 'approve' || answer === 'approve_remember';
    const outcome: Outcome = approve ? 'approved' : 'denied';
    const remember = answer === 'approve_remember' || answer === 'deny_remember';
    this.settle(entry, outcome, { answer, by, ...(reason ? { reason } : {}) });
    if (remember) {
      const settings = this.opts.settings();
      this.memory.rememberAnswer(a.session, a.rule, a.program, approve ? 'approve' : 'deny', settings.rememberSeconds);
      // Others waiting for the same session, rule and program get the same answer now.
      for (const other of [...this.pendingById.values()]) {
        const o = other.approval;
        if (o.session === a.session && o.rule === a.rule && o.program === a.program) this.settle(other, outcome, { answer, by, remembered: true });
      }
    }
    return { ok: true, id: a.id, outcome };
  }

  /** Every waiting requester gets a final answer (not run) before the daemon stops. */
  close(why = 'the safeshell daemon stopped before anyone answered'): void {
    for (const entry of [...this.pendingById.values()]) this.settle(entry, 'approval_required', { reason: why });
  }

  private freshId(): string {
    for (;;) {
      const id = newId();
      if (!this.pendingById.has(id) && !this.resolved.has(id)) return id;
    }
  }

  private find(idOrPrefix: string): { ok: true; entry: Entry } | Exclude<AnswerResult, { ok: true }> {
    const exact = this.pendingById.get(idOrPrefix);
    if (exact) return { ok: true, entry: exact };
    const matches = idOrPrefix.length >= 4 ? [...this.pendingById.values()].filter((e) => e.approval.id.startsWith(idOrPrefix)) : [];
    if (matches.length === 1) return { ok: true, entry: matches[0]! };
    if (matches.length > 1) return { ok: false, code: 'E_AMBIGUOUS', error: `${idOrPrefix} matches ${matches.length} pending approvals; give more of the id` };
    const past = [...this.resolved].find(([id]) => id === idOrPrefix || (idOrPrefix.length >= 4 && id.startsWith(idOrPrefix)));
    if (past) return { ok: false, code: 'E_NOT_PENDING', error: `approval ${past[0]} is no longer pending: ${past[1].outcome.replace('_', ' ')}${past[1].by ? ` by ${past[1].by}` : ''}` };
    return { ok: false, code: 'E_NOT_FOUND', error: `no pending approval ${idOrPrefix} (see \`safeshell pending\`)` };
  }

  private approval(req: EvalInput, d: Decision, peerPid: number | null, scope: RequestScope): Final | Promise<Final> {
    const pid = peerPid ?? req.pid ?? null;
    const settings = this.opts.settings();
    const willWait = req.wait === true && !(req.client === 'hook' && settings.hookApproval === 'ask');
    // The session may take a walk up /proc (~0.5 ms): skip it when nothing is remembered and nobody will wait.
    if (!willWait && this.memory.empty()) return this.conclude(req, d, pid, 'approval_required', 'require_approval', { session: req.session ?? '' });
    const session = sessionKey(req.session, req.context, pid, this.opts.procRoot);
    const commands = this.opts.analyze(req);
    const decided = commands.find((c) => c.text === d.command) ?? commands[0];
    const program = decided?.program || (d.command ?? '').split(' ')[0] || '?';
    const rule = d.rule ?? '?';
    const known = this.memory.answerFor(session, rule, program);
    if (known) return this.conclude(req, d, pid, known === 'approve' ? 'approved' : 'denied', known === 'approve' ? 'allow' : 'deny', { session, remembered: true });
    if (PROGRAM_DOORS.has(req.client ?? '') && d.command && this.memory.hookApproved(session, d.command)) {
      return this.conclude(req, d, pid, 'approved', 'allow', { session, remembered: true, reason: 'the user approved the command line holding it moments ago' });
    }
    if (!willWait) return this.conclude(req, d, pid, 'approval_required', 'require_approval', { session });
    if (scope.signal?.aborted) return this.conclude(req, d, pid, 'cancelled', 'deny', { session });

    const now = Date.now();
    const approval: PendingApproval = {
      id: this.freshId(),
      command: displayCommand(req),
      ...(req.argv ? { argv: req.argv } : {}),
      decided: d.command,
      program,
      cwd: req.cwd,
      rule,
      message: d.message,
      context: req.context,
      client: req.client ?? 'unknown',
      pid,
      session,
      ...(req.agentSession ? { agentSession: req.agentSession } : {}),
      createdAt: now,
      expiresAt: now + settings.approvalTimeoutSeconds * 1000,
      rememberSeconds: settings.rememberSeconds,
    };
    return new Promise<Final>((resolve) => {
      const entry: Entry = {
        approval,
        texts: commands.map((c) => c.text),
        done: resolve,
        timer: setTimeout(() => this.settle(entry, 'timed_out', {}), settings.approvalTimeoutSeconds * 1000),
      };
      if (scope.signal) {
        entry.signal = scope.signal;
        entry.onAbort = () => this.settle(entry, 'cancelled', {});
        scope.signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      this.pendingById.set(approval.id, entry);
      scope.notify?.({ pending: true, approval: approval.id, rule, message: d.message, command: d.command, timeout: settings.approvalTimeoutSeconds, expiresAt: approval.expiresAt, notice: waitingLine(approval.command, rule, approval.id, settings.approvalTimeoutSeconds) });
      this.opts.hub.publish({ kind: 'approval', approval });
      this.opts.hub.decision(this.event(req, d, pid, 'pending', 'require_approval', { session, approval: approval.id }));
    });
  }

  private settle(entry: Entry, outcome: Outcome, extra: { answer?: Answer; by?: string; reason?: string; remembered?: boolean }): void {
    const a = entry.approval;
    if (!this.pendingById.delete(a.id)) return;
    clearTimeout(entry.timer);
    if (entry.onAbort) entry.signal?.removeEventListener('abort', entry.onAbort);
    this.resolved.set(a.id, { outcome, ...(extra.by ? { by: extra.by } : {}) });
    if (this.resolved.size > RESOLVED_KEPT) this.resolved.delete(this.resolved.keys().next().value!);
    if (outcome === 'approved' && LINE_DOORS.has(a.client)) this.memory.rememberHookApproval(a.session, entry.texts);
    const verdict: Verdict = outcome === 'approved' ? 'allow' : outcome === 'denied' || outcome === 'cancelled' ? 'deny' : 'require_approval';
    this.opts.hub.publish({ kind: 'resolved', id: a.id, outcome, ...extra });
    const ev: Omit<DecisionEvent, 'seq'> = {
      at: Date.now(), outcome, verdict, command: a.command, program: a.program, cwd: a.cwd, rule: a.rule, message: a.message,
      context: a.context, client: a.client, pid: a.pid, session: a.session, approval: a.id, ...extra,
    };
    this.opts.hub.decision(ev);
    const settings = this.opts.settings();
    const message = outcome === 'approval_required' && extra.reason ? extra.reason : a.message;
    entry.done({
      verdict, rule: a.rule, message, command: a.decided, outcome, approval: a.id, ...(extra.remembered ? { remembered: true } : {}),
      notice: notice({ outcome, command: a.decided ?? a.command, rule: a.rule, message, reason: extra.reason, remembered: extra.remembered, timeoutSeconds: settings.approvalTimeoutSeconds }),
    });
  }

  private conclude(req: EvalInput, d: Decision, pid: number | null, outcome: Outcome, verdict: Verdict, extra: { session?: string; remembered?: boolean; reason?: string } = {}): Final {
    const { session, ...rest } = extra;
    this.opts.hub.decision(this.event(req, d, pid, outcome, verdict, { session: session ?? req.session ?? '', ...rest }));
    const final: Final = { verdict, rule: d.rule, message: d.message, command: d.command, outcome, notice: null };
    if (d.redirectTo) final.redirect = d.redirectTo;
    if (extra.remembered) final.remembered = true;
    if (outcome !== 'allowed' && outcome !== 'disabled') {
      final.notice = notice({ outcome, command: d.command ?? displayCommand(req), rule: d.rule, message: d.message, remembered: extra.remembered, reason: extra.reason, redirect: d.redirectTo });
    }
    return final;
  }

  private event(req: EvalInput, d: Decision, pid: number | null, outcome: Outcome, verdict: Verdict, extra: Partial<DecisionEvent> & { session: string }): Omit<DecisionEvent, 'seq'> {
    return {
      at: Date.now(), outcome, verdict, command: displayCommand(req), program: programOf(req), cwd: req.cwd, rule: d.rule, message: d.message,
      context: req.context, client: req.client ?? 'unknown', pid: pid ?? req.pid ?? null, ...extra,
    };
  }
}

function programOf(req: EvalInput): string {
  const first = req.argv ? req.argv[0] : req.command?.trimStart().split(/\s/, 1)[0];
  if (!first) return '';
  const slash = first.lastIndexOf('/');
  return slash >= 0 ? first.slice(slash + 1) : first;
}

/** 8 hex digits, short enough to type (`safeshell approve 3f2a1b9c`); Web Crypto needs no import at daemon start. */
function newId(): string {
  const b = globalThis.crypto.getRandomValues(new Uint8Array(4));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
