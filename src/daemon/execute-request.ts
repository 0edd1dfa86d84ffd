// The execute request on exec.sock (docs/execute.md): validation, and the lines the daemon answers with.
import type { ExecContext } from '../rules/types.js';
import { PROTOCOL_VERSION } from './protocol.js';

/** Exactly this many fds come with the request's first byte: the command's stdin, stdout and stderr. */
export const EXECUTE_FDS = 3;
/** Longest timeout a request may ask for (a week); longer ones are a protocol error. */
const MAX_TIMEOUT_S = 7 * 24 * 3600;
/** Signals a client may forward to its command's process group. */
export const FORWARDABLE = new Set(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGKILL', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH', 'SIGCONT']);

export interface ExecuteRequest {
  v?: number;
  type: 'execute';
  id?: string | number;
  client?: string;
  /** The program and its arguments, exactly (argv[0] as the caller would have invoked it). */
  argv: string[];
  cwd: string;
  /** The command's whole environment (also what rules read with env_equals). */
  env: Record<string, string>;
  context: ExecContext;
  session?: string;
  /** Seconds; the command's process group gets SIGTERM then (SIGKILL after a grace period). */
  timeout?: number;
  agent_session?: string;
}

export type ParsedExecute = { ok: true; request: ExecuteRequest } | { ok: false; error: string; id?: string | number };

/** Validates one request line; never throws. */
export function parseExecute(line: string): ParsedExecute {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return { ok: false, error: 'request is not valid JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, error: 'request must be a JSON object' };
  const r = data as Record<string, unknown>;
  const id = typeof r.id === 'string' || typeof r.id === 'number' ? r.id : undefined;
  const fail = (error: string): ParsedExecute => ({ ok: false, error, ...(id === undefined ? {} : { id }) });
  if (r.v !== undefined && r.v !== PROTOCOL_VERSION) return fail(`unsupported protocol version ${JSON.stringify(r.v)} (this daemon speaks ${PROTOCOL_VERSION})`);
  if (r.type !== 'execute') return fail(`exec.sock serves only 'execute' requests, not ${JSON.stringify(r.type)}`);
  if (!Array.isArray(r.argv) || r.argv.length === 0 || !r.argv.every((a) => typeof a === 'string' && !a.includes('\0'))) {
    return fail("'argv' must be a non-empty array of strings without NUL bytes");
  }
  if (typeof r.cwd !== 'string' || r.cwd.length === 0) return fail("'cwd' must be a non-empty string");
  if (typeof r.env !== 'object' || r.env === null || Array.isArray(r.env)) return fail("'env' must be an object of strings");
  for (const [k, v] of Object.entries(r.env)) {
    if (typeof v !== 'string' || k.length === 0 || k.includes('=') || k.includes('\0') || v.includes('\0')) return fail(`'env' entry ${JSON.stringify(k)} is not a valid variable`);
  }
  if (r.context !== 'ai' && r.context !== 'human') return fail("'context' must be 'ai' or 'human'");
  if (r.session !== undefined && typeof r.session !== 'string') return fail("'session' must be a string");
  if (r.client !== undefined && typeof r.client !== 'string') return fail("'client' must be a string");
  if (r.agent_session !== undefined && typeof r.agent_session !== 'string') return fail("'agent_session' must be a string");
  if (r.timeout !== undefined && !(typeof r.timeout === 'number' && r.timeout > 0 && r.timeout <= MAX_TIMEOUT_S)) {
    return fail(`'timeout' must be a number of seconds in (0, ${MAX_TIMEOUT_S}]`);
  }
  return { ok: true, request: r as unknown as ExecuteRequest };
}

/** A control line from the client while its command runs: `{"type":"signal","signal":"SIGINT"}`. */
export function parseControl(line: string): { signal: NodeJS.Signals } | null {
  try {
    const r = JSON.parse(line) as Record<string, unknown>;
    if (r?.type === 'signal' && typeof r.signal === 'string' && FORWARDABLE.has(r.signal)) return { signal: r.signal as NodeJS.Signals };
  } catch {
    // ignored: not a control line
  }
  return null;
}
