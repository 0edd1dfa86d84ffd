// Control requests from Node (the CLI): answers, the pending list, recent decisions. One request per connection.
import { request, type Reply } from '../client/request.js';
import { SafeshellError } from '../errors.js';
import type { Paths } from '../paths.js';
import type { Answer, DecisionEvent, PendingApproval } from './types.js';

/** Sends one control request; an `ok: false` answer becomes a SafeshellError with the daemon's reason. */
export async function control(p: Paths, body: Record<string, unknown>, timeoutMs = 5000): Promise<Reply> {
  const reply = await request(p.socket, { v: 1, client: 'cli', ...body }, { timeoutMs });
  if (reply.ok) return reply;
  const code = String(reply.code ?? 'E_PROTOCOL');
  const error = String(reply.error ?? 'the daemon refused');
  if (code === 'E_PERMISSION') throw new SafeshellError('E_PERMISSION', error);
  if (code === 'E_NOT_FOUND' || code === 'E_NOT_PENDING' || code === 'E_AMBIGUOUS') throw new SafeshellError('E_USAGE', error);
  throw new SafeshellError('E_PROTOCOL', `${code}: ${error}`, { hint: code === 'E_PROTOCOL' ? 'the daemon may be older than this safeshell: `safeshell daemon restart`' : undefined });
}

export async function answerApproval(p: Paths, approval: string, answer: Answer, reason?: string): Promise<{ id: string; outcome: string }> {
  const reply = await control(p, { type: 'answer', approval, answer, ...(reason ? { reason } : {}) });
  return { id: String(reply.approval), outcome: String(reply.outcome) };
}

export async function listPending(p: Paths): Promise<{ pending: PendingApproval[]; now: number }> {
  const reply = await control(p, { type: 'pending' });
  return { pending: (reply.pending ?? []) as PendingApproval[], now: typeof reply.now === 'number' ? reply.now : Date.now() };
}

export async function recentDecisions(p: Paths, limit: number): Promise<DecisionEvent[]> {
  const reply = await control(p, { type: 'log', limit });
  return (reply.events ?? []) as DecisionEvent[];
}

/** Seconds left before an approval times out (never negative). */
export function secondsLeft(a: Pick<PendingApproval, 'expiresAt'>, now: number): number {
  return Math.max(0, Math.ceil((a.expiresAt - now) / 1000));
}

/** "4:59", "0:07". */
export function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
