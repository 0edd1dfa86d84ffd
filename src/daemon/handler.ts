// What the daemon answers: evaluate (the engine), ping (liveness + version), status; execute is reserved.
import type { Decision } from '../engine-types.js';
import type { Engine } from '../engine.js';
import type { PeerInfo } from './peercred.js';
import { errorResponse, PROTOCOL_VERSION, type EvaluateRequest, type EvaluateResponse, type PingResponse, type Request, type Response, type StatusResponse } from './protocol.js';

/**
 * Extension point for approvals (a later issue): given a require_approval decision, wait for a human and
 * resolve to the final decision. Without a broker the daemon answers require_approval as is and clients
 * treat it as "blocked, approval required" (exit 125).
 */
export interface ApprovalBroker {
  decide(req: EvaluateRequest, decision: Decision, peer: PeerInfo): Promise<Decision>;
}

export interface HandlerContext {
  /** The engine once loaded; requests that arrive earlier wait for engineReady. */
  engine(): Engine | undefined;
  engineReady: Promise<unknown>;
  version: string;
  /** Snapshot for the status request. */
  status(): unknown;
  /** Called after each evaluation (cheap): lets the daemon pick up newly used rule files. */
  afterEvaluate(): void;
  approvals?: ApprovalBroker;
  counters: { evaluations: number; denials: number };
}

export function createHandler(ctx: HandlerContext): (req: Request, peer: PeerInfo) => Response | Promise<Response> {
  const { version } = ctx;
  // HOT PATH (bench/shim-overhead.js): request -> engine -> response, no I/O.
  const handle = (req: Request, peer: PeerInfo): Response | Promise<Response> => {
    switch (req.type) {
      case 'evaluate': {
        const engine = ctx.engine();
        if (!engine) return ctx.engineReady.then(() => handle(req, peer));
        const decision = engine.evaluate({
          ...(req.argv ? { argv: req.argv } : { command: req.command ?? '' }),
          cwd: req.cwd,
          context: req.context,
          env: req.env ?? {},
        });
        ctx.counters.evaluations++;
        ctx.afterEvaluate();
        if (decision.verdict === 'require_approval' && ctx.approvals) {
          return ctx.approvals.decide(req, decision, peer).then((final): Response => evaluateResponse(version, final, req.id));
        }
        if (decision.verdict === 'deny') ctx.counters.denials++;
        return evaluateResponse(version, decision, req.id);
      }
      case 'ping':
        return withId<PingResponse>({ ok: true, v: PROTOCOL_VERSION, version, pid: process.pid }, req.id);
      case 'status':
        return withId<StatusResponse>({ ok: true, v: PROTOCOL_VERSION, version, pid: process.pid, status: ctx.status() }, req.id);
      case 'execute':
        return errorResponse(version, 'E_UNSUPPORTED', 'execute is not available in this version', req.id);
    }
  };
  return handle;
}

function evaluateResponse(version: string, d: Decision, id: string | number | undefined): EvaluateResponse {
  // A redirect with nothing to run instead cannot be followed: refuse rather than run the original.
  if (d.verdict === 'redirect' && !(d.redirectTo && d.redirectTo.length > 0)) d = { ...d, verdict: 'deny', message: `${d.message ?? ''} (redirect without a target)`.trim() };
  const res: EvaluateResponse = { ok: true, v: PROTOCOL_VERSION, version, verdict: d.verdict, rule: d.rule, message: d.message, command: d.command };
  if (d.redirectTo) res.redirect = d.redirectTo;
  return withId(res, id);
}

function withId<T extends { id?: string | number }>(res: T, id: string | number | undefined): T {
  if (id !== undefined) res.id = id;
  return res;
}
