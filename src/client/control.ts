// Starting, stopping and finding the daemon from Node clients (the CLI). Clients that may wait start it when
// absent; a daemon of another version is restarted (the handshake: every response carries `version`).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { lockHolder } from '../daemon/lock.js';
import { probeSocket } from '../daemon/probe.js';
import { SafeshellError } from '../errors.js';
import { packageRoot } from '../native/load.js';
import type { Paths } from '../paths.js';
import { VERSION } from '../version.js';
import { DaemonUnavailable, request, type Reply } from './request.js';

export interface DaemonInfo {
  pid: number;
  version: string;
}

/** The daemon's lean entry point (no CLI parsing; see src/daemon/main.ts). */
export const DAEMON_ENTRY = join(packageRoot, 'dist', 'src', 'daemon', 'main.js');

/**
 * V8 flags for the daemon: a 1 MiB young generation instead of up to 16 MiB per semi-space (requests make only
 * short-lived garbage, so scavenges stay cheap), and size-tuned heap growth. The live heap is ~12 MB; without the
 * second flag RSS climbs from ~58 to ~81 MB over 100,000 requests, with it to ~66 MB (bench/shim-overhead.js).
 */
export const DAEMON_NODE_FLAGS = ['--max-semi-space-size=1', '--optimize-for-size'];

/** The command that runs the daemon in the foreground (also written to <home>/daemon.cmd for the shim). */
export function daemonCommand(): string[] {
  return [process.execPath, ...DAEMON_NODE_FLAGS, DAEMON_ENTRY];
}

export async function ping(p: Paths, timeoutMs = 2000): Promise<DaemonInfo> {
  const reply = await request(p.socket, { v: 1, type: 'ping', client: 'cli' }, { timeoutMs });
  return infoOf(reply);
}

export async function daemonStatus(p: Paths): Promise<DaemonInfo & { status: Record<string, unknown> }> {
  const reply = await request(p.socket, { v: 1, type: 'status', client: 'cli' });
  return { ...infoOf(reply), status: (reply.status ?? {}) as Record<string, unknown> };
}

function infoOf(reply: Reply): DaemonInfo {
  if (!reply.ok || typeof reply.pid !== 'number' || typeof reply.version !== 'string') {
    throw new DaemonUnavailable(`unexpected reply: ${String(reply.code ?? '')} ${String(reply.error ?? '')}`.trim(), false);
  }
  return { pid: reply.pid, version: reply.version };
}

/** Polls `fn` until it returns a value (not undefined) or the deadline passes. */
export async function pollUntil<T>(fn: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 10): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() >= deadline) return undefined;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

const tryPing = (p: Paths) => (): Promise<DaemonInfo | undefined> => ping(p, 1000).catch(() => undefined);

/** Starts a detached daemon and waits until it answers. Resolves with `already` when one was running. */
export async function startInBackground(p: Paths, waitMs = 5000): Promise<DaemonInfo & { already: boolean }> {
  const running = await tryPing(p)();
  if (running) return { ...running, already: true };
  const [node, ...args] = daemonCommand();
  const child = spawn(node!, args, {
    detached: true,
    stdio: 'ignore',
    cwd: '/',
    env: { ...process.env, SAFESHELL_HOME: p.home },
  });
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? 1));
  child.on('error', () => (exited = 127));
  child.unref();
  const info = await pollUntil(async () => {
    const up = await tryPing(p)();
    if (up) return up;
    // The child lost a start race to another daemon (exit 0) or failed: stop waiting early on failure.
    if (exited !== null && exited !== 0) return null;
    return undefined;
  }, waitMs);
  if (!info) {
    throw new SafeshellError('E_DAEMON_UNAVAILABLE', `the daemon did not start within ${waitMs} ms${exited !== null ? ` (exit ${exited})` : ''}: ${lastLogLine(p)}`, {
      hint: `see ${p.daemonLog} or run \`safeshell daemon start --foreground\``,
    });
  }
  return { ...info, already: false };
}

/** SIGTERM to the daemon, then wait for its socket to go; SIGKILL after waitMs. */
export async function stopDaemon(p: Paths, waitMs = 3000): Promise<{ pid: number | null }> {
  const pid = (await tryPing(p)())?.pid ?? lockHolder(p.lockFile) ?? pidFromFile(p.pidFile);
  if (pid === null) {
    await clearStale(p);
    return { pid: null };
  }
  signal(pid, 'SIGTERM');
  const gone = await pollUntil(async () => (alive(pid) ? undefined : true), waitMs);
  if (!gone) {
    signal(pid, 'SIGKILL');
    await pollUntil(async () => (alive(pid) ? undefined : true), 1000);
  }
  await clearStale(p);
  return { pid };
}

/**
 * A daemon of this version, started if absent and restarted if another version answers.
 * `restarted` names the version that was replaced.
 */
export async function ensureDaemon(p: Paths, waitMs = 5000): Promise<DaemonInfo & { started: boolean; restarted?: string }> {
  let info: DaemonInfo | undefined;
  try {
    info = await ping(p);
  } catch (err) {
    if (!(err instanceof DaemonUnavailable)) throw err;
  }
  if (info && info.version === VERSION) return { ...info, started: false };
  if (info) await stopDaemon(p);
  const started = await startInBackground(p, waitMs);
  return { pid: started.pid, version: started.version, started: !started.already, ...(info ? { restarted: info.version } : {}) };
}

async function clearStale(p: Paths): Promise<void> {
  if ((await probeSocket(p.socket)) === 'stale') {
    try {
      unlinkSync(p.socket);
    } catch {
      // raced with the daemon's own cleanup
    }
  }
}

function pidFromFile(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

function lastLogLine(p: Paths): string {
  if (!existsSync(p.daemonLog)) return 'no log yet';
  const lines = readFileSync(p.daemonLog, 'utf8').trimEnd().split('\n');
  return lines[lines.length - 1] ?? '';
}
