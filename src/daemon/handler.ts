// What the daemon answers: evaluate (the engine, then approvals), ping (liveness + version), status, and the
// approval, monitor and protection requests (src/approvals); execute is served on exec.sock (execute.ts).
import type { Final } from '../approvals/broker.js';
import type { Approvals } from '../approvals/service.js';
import type { Decision } from '../engine-types.js';
import type { Engine } from '../engine.js';
import type { PeerInfo } from './peercred.js';
import { redirectLineFor } from './redirect-line.js';
import { errorResponse, PROTOCOL_VERSION, type EvaluateResponse, type PingResponse, type Request, type Response, type StatusResponse } from './protocol.js';
import type { Connection } from './server.js';

export interface HandlerContext {
  /** The engine once loaded; requests that arrive earlier wait for engineReady. */
  engine(): Engine | undefined;
  engineReady: Promise<unknown>;
  version: string;
  /** Snapshot for the status request. */
  status(): unknown;
  /** Called after each evaluation (cheap): lets the daemon pick up newly used rule files. */
  afterEvaluate(): void;
  /** Without it (tests of the bare server) require_approval is answered as is: not run (exit 125). */
  approvals?: Approvals;
  counters: { evaluations: number; denials: number };
}

export function createHandler(ctx: HandlerContext): (req: Request, peer: PeerInfo, conn: Connection) => Response | Promise<Response> {
  const { version } = ctx;
  // HOT PATH (bench/shim-overhead.js): request -> engine -> approvals -> response, no I/O.
  const handle = (req: Request, peer: PeerInfo, conn: Connection): Response | Promise<Response> => {
    switch (req.type) {
      case 'evaluate': {
        const engine = ctx.engine();
        if (!engine) return ctx.engineReady.then(() => handle(req, peer, conn));
        const decision = engine.evaluate({
          ...(req.argv ? { argv: req.argv } : { command: req.command ?? '' }),
          cwd: req.cwd,
          context: req.context,
          env: req.env ?? {},
        });
        ctx.counters.evaluations++;
        ctx.afterEvaluate();
        // The wrapper runs a redirect in place of a line that is one simple command (docs/execute.md).
        const line = decision.verdict === 'redirect' ? redirectLineFor(engine, req, decision.rule) : null;
        if (!ctx.approvals) {
          if (decision.verdict === 'deny') ctx.counters.denials++;
          return withLine(evaluateResponse(version, decision, req.id), line);
        }
        const id = req.id;
        const scope = {
          get signal() {
            return conn.signal;
          },
          notify: (line: Record<string, unknown>) => conn.notify(id === undefined ? line : { ...line, id }),
        };
        const final = ctx.approvals.evaluate(req, decision, peer.allowed ? (peer.pid ?? null) : null, scope);
        if (final instanceof Promise) return final.then((f) => withLine(finalResponse(version, f, id, ctx.counters), line));
        return withLine(finalResponse(version, final, id, ctx.counters), line);
      }
      case 'ping':
        return withId<PingResponse>({ ok: true, v: PROTOCOL_VERSION, version, pid: process.pid }, req.id);
      case 'status':
        return withId<StatusResponse>({ ok: true, v: PROTOCOL_VERSION, version, pid: process.pid, status: ctx.status() }, req.id);
      case 'execute':
        // Execution needs the caller's fds, which this socket never reads (docs/execute.md): see exec.sock.
        return errorResponse(version, 'E_UNSUPPORTED', 'execute requests go to run/exec.sock, with the caller\'s fds (docs/execute.md)', req.id);
      default:
        if (!ctx.approvals) return errorResponse(version, 'E_UNSUPPORTED', `${req.type} is not available in this daemon`, req.id);
        return ctx.approvals.handleControl(req, conn) as Response | Promise<Response>;
    }
  };
  return handle;
}

function finalResponse(version: string, f: Final, id: string | number | undefined, counters: { denials: number }): EvaluateResponse {
  if (f.verdict === 'deny') counters.denials++;
  const res = evaluateResponse(version, { verdict: f.verdict, rule: f.rule, message: f.message, command: f.command, engine: 'js', ...(f.redirect ? { redirectTo: f.redirect } : {}) }, id);
  res.outcome = f.outcome;
  if (f.notice) res.notice = f.notice;
  if (f.approval) res.approval = f.approval;
  if (f.remembered) res.remembered = true;
  return res;
}

function evaluateResponse(version: string, d: Decision, id: string | number | undefined): EvaluateResponse {
  // A redirect with nothing to run instead cannot be followed: refuse rather than run the original.
  if (d.verdict === 'redirect' && !(d.redirectTo && d.redirectTo.length > 0)) d = { ...d, verdict: 'deny', message: `${d.message ?? ''} (redirect without a target)`.trim() };
  const res: EvaluateResponse = { ok: true, v: PROTOCOL_VERSION, version, verdict: d.verdict, rule: d.rule, message: d.message, command: d.command };
  if (d.redirectTo) res.redirect = d.redirectTo;
  return withId(res, id);
}

function withLine(res: EvaluateResponse, line: string | null): EvaluateResponse {
  if (line !== null && res.verdict === 'redirect') res.redirect_line = line;
  return res;
}

function withId<T extends { id?: string | number }>(res: T, id: string | number | undefined): T {
  if (id !== undefined) res.id = id;
  return res;
}
