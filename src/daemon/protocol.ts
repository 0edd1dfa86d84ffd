// The wire protocol: one JSON object per line in each direction over the daemon's Unix socket (docs/protocol.md).
// Requests are validated here; the daemon answers every line, bad ones with {ok: false, code, error}.
import { CONTROL_TYPES, isControlType, validateControl, type ControlRequest } from '../approvals/protocol.js';
import type { WireEvaluate } from '../approvals/input.js';
import type { Outcome } from '../approvals/types.js';
import type { Verdict } from '../engine-types.js';

export const PROTOCOL_VERSION = 1;
/** Longest request line the daemon reads; longer ones get E_TOO_LARGE and the connection is closed. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

export type ProtocolErrorCode =
  | 'E_PROTOCOL' // not JSON, not an object, unknown type, missing or mistyped field, unsupported version
  | 'E_TOO_LARGE' // request line over MAX_REQUEST_BYTES
  | 'E_TIMEOUT' // a started request line was not completed in time
  | 'E_TRUNCATED' // the stream ended in the middle of a request line
  | 'E_PERMISSION' // the peer is another user
  | 'E_UNSUPPORTED' // a known request type not served here (execute: see exec.sock)
  | 'E_INTERNAL'; // the daemon failed; details are in its log

interface RequestBase {
  v?: number;
  /** Echoed in the response, for clients that pipeline requests on one connection. */
  id?: string | number;
  /** Who asks: shim, wrapper, builtin, cli, hook (for logs and, later, the audit trail). */
  client?: string;
}

/** The broker's fields (approvals/input.ts) plus what only the daemon reads. */
export interface EvaluateRequest extends RequestBase, WireEvaluate {
  type: 'evaluate';
  ppid?: number;
  env?: Record<string, string>;
}

export interface PingRequest extends RequestBase {
  type: 'ping';
}

export interface StatusRequest extends RequestBase {
  type: 'status';
}

/** On this socket answered with E_UNSUPPORTED: execution takes the caller's fds, on exec.sock (src/daemon/execute.ts). */
export interface ExecuteRequest extends RequestBase {
  type: 'execute';
}

export type Request = EvaluateRequest | PingRequest | StatusRequest | ExecuteRequest | ControlRequest;

interface ResponseBase {
  v: number;
  /** The daemon's package version: a client of another version restarts the daemon (the handshake). */
  version: string;
  id?: string | number;
}

export interface EvaluateResponse extends ResponseBase {
  ok: true;
  verdict: Verdict;
  rule: string | null;
  message: string | null;
  /** For redirect: the argv to run instead. */
  redirect?: string[];
  /** For redirect of a command line that is one simple command: the shell line the wrapper runs instead. */
  redirect_line?: string;
  /** The simple command that decided, normalised. */
  command: string | null;
  /** How it ended (docs/approvals.md): allowed, blocked, approved, denied, timed_out, approval_required, … */
  outcome?: Outcome;
  /** What the agent is told, for clients to print (stderr) or pass on (a hook's reason). */
  notice?: string | null;
  /** The approval that decided, and whether an earlier answer was reused. */
  approval?: string;
  remembered?: boolean;
}

/** Sent to a client that waits (`wait: true`) before the final answer, once its command needs a person. */
export interface PendingLine extends ResponseBase {
  ok: true;
  pending: true;
  approval: string;
  timeout: number;
  notice: string;
}

/** Answers to the approval, monitor and protection requests (src/approvals/control.ts). */
export type ControlResponse = ResponseBase & { ok: boolean } & Record<string, unknown>;

export interface PingResponse extends ResponseBase {
  ok: true;
  pid: number;
}

export interface StatusResponse extends ResponseBase {
  ok: true;
  pid: number;
  status: unknown;
}

export interface ErrorResponse extends ResponseBase {
  ok: false;
  code: ProtocolErrorCode;
  error: string;
}

export type Response = EvaluateResponse | PingResponse | StatusResponse | ErrorResponse | ControlResponse;

export type ParseResult = { ok: true; request: Request } | { ok: false; code: ProtocolErrorCode; error: string; id?: string | number };

const fail = (error: string, id?: string | number): ParseResult => ({ ok: false, code: 'E_PROTOCOL', error, ...(id === undefined ? {} : { id }) });

/** HOT PATH (bench/roundtrip.bench.js): one request line -> a validated request. Never throws. */
export function parseRequest(line: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return fail('request is not valid JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('request must be a JSON object');
  const r = data as Record<string, unknown>;
  const id = typeof r.id === 'string' || typeof r.id === 'number' ? r.id : undefined;
  if (r.v !== undefined && r.v !== PROTOCOL_VERSION) return fail(`unsupported protocol version ${JSON.stringify(r.v)} (this daemon speaks ${PROTOCOL_VERSION})`, id);
  if (r.client !== undefined && typeof r.client !== 'string') return fail("'client' must be a string", id);
  switch (r.type) {
    case 'evaluate':
      return validateEvaluate(r, id);
    case 'ping':
    case 'status':
    case 'execute':
      return { ok: true, request: r as unknown as Request };
    default: {
      if (!isControlType(r.type)) return fail(`unknown request type ${JSON.stringify(r.type)} (known: evaluate, ping, status, execute, ${CONTROL_TYPES.join(', ')})`, id);
      const c = validateControl(r);
      return c.ok ? { ok: true, request: c.request } : fail(c.error, id);
    }
  }
}

function validateEvaluate(r: Record<string, unknown>, id: string | number | undefined): ParseResult {
  const hasArgv = r.argv !== undefined;
  const hasCommand = r.command !== undefined;
  if (hasArgv === hasCommand) return fail("evaluate needs exactly one of 'argv' or 'command'", id);
  if (hasArgv) {
    const argv = r.argv;
    if (!Array.isArray(argv) || argv.length === 0) return fail("'argv' must be a non-empty array of strings", id);
    for (const a of argv) if (typeof a !== 'string') return fail("'argv' must be a non-empty array of strings", id);
  } else if (typeof r.command !== 'string') {
    return fail("'command' must be a string", id);
  }
  if (typeof r.cwd !== 'string' || r.cwd.length === 0) return fail("'cwd' must be a non-empty string", id);
  if (r.context !== 'ai' && r.context !== 'human') return fail("'context' must be 'ai' or 'human'", id);
  if (r.session !== undefined && typeof r.session !== 'string') return fail("'session' must be a string", id);
  if (r.pid !== undefined && !Number.isInteger(r.pid)) return fail("'pid' must be an integer", id);
  if (r.wait !== undefined && typeof r.wait !== 'boolean') return fail("'wait' must be true or false", id);
  if (r.agent_session !== undefined && typeof r.agent_session !== 'string') return fail("'agent_session' must be a string", id);
  if (r.env !== undefined) {
    const env = r.env;
    if (typeof env !== 'object' || env === null || Array.isArray(env)) return fail("'env' must be an object of strings", id);
  }
  return { ok: true, request: r as unknown as EvaluateRequest };
}

/** One response line. */
export function encodeResponse(res: Response): string {
  return `${JSON.stringify(res)}\n`;
}

export function errorResponse(version: string, code: ProtocolErrorCode, error: string, id?: string | number): ErrorResponse {
  const res: ErrorResponse = { ok: false, v: PROTOCOL_VERSION, version, code, error };
  if (id !== undefined) res.id = id;
  return res;
}
