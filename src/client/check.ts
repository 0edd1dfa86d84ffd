// `checkViaDaemon`: ask a running daemon for a verdict, for `safeshell check` (the lead's check.ts evaluates
// in-process when this returns via: 'none'). With start: true it starts (or version-restarts) the daemon first.
import { readFileSync } from 'node:fs';
import { loadConfig } from '../config.js';
import type { Decision, EvalRequest } from '../engine-types.js';
import { paths, safeshellHome } from '../paths.js';
import { VERSION } from '../version.js';
import { ensureDaemon } from './control.js';
import { DaemonUnavailable, request } from './request.js';

export interface DaemonCheckOptions {
  home?: string;
  /** Start the daemon if absent (and restart one of another version); the CLI may wait, the shim never does. */
  start?: boolean;
  timeoutMs?: number;
  session?: string;
  client?: string;
  /** Wait for a person when a rule wants approval (creates a real pending approval); onPending gets the notice. */
  wait?: boolean;
  onPending?: (notice: string) => void;
}

export type DaemonCheck =
  | { via: 'daemon'; decision: Omit<Decision, 'engine'>; daemonVersion: string; staleDaemon: boolean; outcome?: string; notice?: string }
  | { via: 'none'; reason: string; policy: 'open' | 'closed' };

export async function checkViaDaemon(req: EvalRequest, opts: DaemonCheckOptions = {}): Promise<DaemonCheck> {
  const p = paths(opts.home ?? safeshellHome());
  try {
    if (opts.start) await ensureDaemon(p);
    const body = {
      v: 1,
      type: 'evaluate',
      client: opts.client ?? 'cli',
      ...(req.argv && req.argv.length > 0 ? { argv: req.argv } : { command: req.command ?? '' }),
      cwd: req.cwd,
      context: req.context,
      session: opts.session ?? process.env.SAFESHELL_SESSION ?? '',
      pid: process.pid,
      env: definedOnly(req.env ?? {}),
      ...(opts.wait ? { wait: true } : {}),
    };
    const onPending = opts.onPending;
    const reply = await request(p.socket, body, { timeoutMs: opts.timeoutMs ?? 5000, ...(opts.wait && onPending ? { onPending: (l: Record<string, unknown>) => onPending(String(l.notice ?? '')) } : {}) });
    if (!reply.ok) return { via: 'none', reason: `${String(reply.code)}: ${String(reply.error)}`, policy: failPolicy(p.config) };
    const decision: Omit<Decision, 'engine'> = {
      verdict: reply.verdict as Decision['verdict'],
      rule: (reply.rule as string | null) ?? null,
      message: (reply.message as string | null) ?? null,
      command: (reply.command as string | null) ?? null,
      ...(Array.isArray(reply.redirect) ? { redirectTo: reply.redirect as string[] } : {}),
    };
    const daemonVersion = String(reply.version);
    const extra = { ...(typeof reply.outcome === 'string' ? { outcome: reply.outcome } : {}), ...(typeof reply.notice === 'string' ? { notice: reply.notice } : {}) };
    return { via: 'daemon', decision, daemonVersion, staleDaemon: daemonVersion !== VERSION, ...extra };
  } catch (err) {
    if (err instanceof DaemonUnavailable) return { via: 'none', reason: err.reason, policy: failPolicy(p.config) };
    if (err instanceof Error && (err as { code?: string }).code === 'E_DAEMON_UNAVAILABLE') return { via: 'none', reason: err.message, policy: failPolicy(p.config) };
    throw err;
  }
}

/**
 * on_daemon_unavailable from config.yaml. If the file is invalid elsewhere, the one line is read the way the
 * C shim reads it, so every client applies the same policy.
 */
export function failPolicy(configFile: string): 'open' | 'closed' {
  try {
    return loadConfig(configFile).on_daemon_unavailable;
  } catch {
    try {
      return /^on_daemon_unavailable:[ \t]*(["']?)closed\1[ \t]*(#.*)?$/m.test(readFileSync(configFile, 'utf8')) ? 'closed' : 'open';
    } catch {
      return 'open';
    }
  }
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}
