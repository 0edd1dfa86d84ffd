// Answers to control requests: answers to approvals, the pending list, recent decisions, monitor subscriptions,
// explain, the protection switch and stop. Answers, switching protection off and stop are authenticated: the
// requesting process must be a person's (src/auth), or the request is refused and the refusal published.
import { authorize, type Action } from '../auth/authorize.js';
import type { ApprovalBroker, BrokerSettings } from './broker.js';
import type { EventHub } from './events.js';
import type { ControlRequest, ExplainRequest } from './protocol.js';
import type { Snapshot } from './types.js';

export interface ControlConnection {
  /** Pids holding the requesting end of the connection (kernel-reported), or null when they cannot be known. */
  peerPids(): Promise<number[] | null>;
  /**
   * Makes the connection an event stream (no idle timeout). The returned sink writes one line and returns false
   * once the client has fallen too far behind, after which the connection is closed (the client reconnects).
   */
  openStream(onClose: () => void): (line: string) => boolean;
}

export interface ControlContext {
  broker: ApprovalBroker;
  hub: EventHub;
  version: string;
  settings(): BrokerSettings;
  explain(req: ExplainRequest): unknown | Promise<unknown>;
  stop(reason: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  /** Answers must come from a process with a controlling terminal (default true). */
  requireTty?: boolean;
  procRoot?: string;
}

export type ControlReply = Record<string, unknown> & { ok: boolean };

const ok = (ctx: ControlContext, req: ControlRequest, body: Record<string, unknown> = {}): ControlReply => withId({ ok: true, v: 1, version: ctx.version, ...body }, req.id);
const fail = (ctx: ControlContext, req: ControlRequest, code: string, error: string): ControlReply => withId({ ok: false, v: 1, version: ctx.version, code, error }, req.id);

function withId(res: ControlReply, id: string | number | undefined): ControlReply {
  if (id !== undefined) res.id = id;
  return res;
}

export function snapshot(ctx: ControlContext, recent: number): Snapshot {
  const s = ctx.settings();
  return {
    pending: ctx.broker.pending(),
    recent: ctx.hub.recent(recent),
    enabled: ctx.broker.enabled,
    approvalTimeoutSeconds: s.approvalTimeoutSeconds,
    rememberSeconds: s.rememberSeconds,
    daemonPid: process.pid,
    version: ctx.version,
  };
}

export function handleControl(ctx: ControlContext, req: ControlRequest, conn: ControlConnection): ControlReply | Promise<ControlReply> {
  switch (req.type) {
    case 'pending':
      return ok(ctx, req, { pending: ctx.broker.pending(), now: Date.now() });
    case 'log':
      return ok(ctx, req, { events: ctx.hub.recent(req.limit ?? 100) });
    case 'subscribe': {
      let unsubscribe = (): void => {};
      const sink = conn.openStream(() => unsubscribe());
      const reply = ok(ctx, req, { snapshot: snapshot(ctx, req.recent ?? 500), now: Date.now() });
      unsubscribe = ctx.hub.subscribe(sink);
      return reply;
    }
    case 'explain':
      return Promise.resolve()
        .then(() => ctx.explain(req))
        .then(
          (explanation) => ok(ctx, req, { explanation }),
          (err: Error) => fail(ctx, req, 'E_INTERNAL', `explain failed: ${err.message}`),
        );
    case 'answer': {
      const action: Action = req.answer.startsWith('approve') ? 'approve' : 'deny';
      return guarded(ctx, req, conn, action, req.approval, (by) => {
        const r = ctx.broker.answer(req.approval, req.answer, by, req.reason);
        if (!r.ok) return fail(ctx, req, r.code, r.error);
        ctx.info(`approval ${r.id}: ${req.answer} by ${by}${req.reason ? ` (reason: ${req.reason})` : ''}`);
        return ok(ctx, req, { approval: r.id, outcome: r.outcome });
      });
    }
    case 'protection':
      if (req.enabled) return setProtection(ctx, req, true, 'unknown');
      return guarded(ctx, req, conn, 'switch protection off', undefined, (by) => setProtection(ctx, req, false, by));
    case 'stop':
      return guarded(ctx, req, conn, 'stop the daemon', undefined, (by) => {
        setImmediate(() => ctx.stop(`stop requested by ${by}`));
        return ok(ctx, req, { stopping: true });
      });
  }
}

function setProtection(ctx: ControlContext, req: ControlRequest, enabled: boolean, by: string): ControlReply {
  if (ctx.broker.enabled !== enabled) {
    ctx.broker.enabled = enabled;
    ctx.hub.publish({ kind: 'protection', enabled, by });
    ctx[enabled ? 'info' : 'warn'](`protection switched ${enabled ? 'on' : 'OFF'} by ${by}`);
  }
  return ok(ctx, req, { enabled });
}

async function guarded(ctx: ControlContext, req: ControlRequest, conn: ControlConnection, action: Action, approval: string | undefined, act: (by: string) => ControlReply): Promise<ControlReply> {
  const pids = await conn.peerPids();
  const auth = authorize(pids ?? [], action, { requireTty: ctx.requireTty ?? true, ...(ctx.procRoot ? { procRoot: ctx.procRoot } : {}) });
  if (!auth.ok) {
    ctx.warn(`refused to ${action}${approval ? ` ${approval}` : ''}: ${auth.reason}`);
    ctx.hub.publish({ kind: 'refused', action, reason: auth.reason, ...(approval ? { approval } : {}) });
    return fail(ctx, req, 'E_PERMISSION', auth.reason);
  }
  return act(`pid ${auth.approver.pid} (${auth.approver.comm})`);
}
