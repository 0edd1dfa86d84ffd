// The real daemon as a child process (`safeshell daemon start --foreground`) for tests, and a scripted peer.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { daemonCommand } from '../../src/client/control.js';
import { request } from '../../src/client/request.js';
import type { Paths } from '../../src/paths.js';
import { cleanEnv } from './proc.js';
import { waitFor } from './wait-for.js';

export interface RunningDaemon {
  pid: number;
  child: ChildProcess;
  stderr(): string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

export async function startDaemonProcess(p: Paths, env: NodeJS.ProcessEnv = {}): Promise<RunningDaemon> {
  const [node, ...args] = daemonCommand();
  const child = spawn(node!, args, {
    env: cleanEnv({ SAFESHELL_HOME: p.home, ...env }),
    stdio: ['ignore', 'ignore', 'pipe'],
    cwd: '/',
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  await waitFor(`the daemon to answer on ${p.socket}`, async () => {
    if (gone) throw new Error(`daemon exited early: ${err}`);
    const r = await request(p.socket, { type: 'status' }, { timeoutMs: 500 });
    // Ready when it answers and its rules engine has loaded (it loads after the socket listens).
    return r.ok && r.pid === child.pid && typeof (r.status as { rules?: unknown }).rules === 'object';
  }, 15000).catch((e: unknown) => {
    // A daemon that never got ready must not outlive the test file (its handle would keep the runner waiting).
    child.kill('SIGKILL');
    throw e;
  });
  return {
    pid: child.pid!,
    child,
    stderr: () => err,
    exited,
    stop: async () => {
      if (!gone) child.kill('SIGTERM');
      return exited;
    },
  };
}

export type Script = (req: Record<string, unknown>, raw: string) => string | 'hang' | 'close';

/** A scripted daemon on the home's socket: answers each request line with whatever the script returns. */
export async function fakeDaemon(p: Paths, script: Script): Promise<{ requests: Array<Record<string, unknown>>; close(): Promise<void> }> {
  mkdirSync(p.run, { recursive: true, mode: 0o700 });
  chmodSync(p.run, 0o700);
  const requests: Array<Record<string, unknown>> = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const raw = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        let req: Record<string, unknown> = {};
        try {
          req = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          req = { unparsable: raw };
        }
        requests.push(req);
        const out = script(req, raw);
        if (out === 'hang') continue;
        if (out === 'close') s.destroy();
        else s.write(out);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(p.socket, resolve));
  return {
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A verdict line as the daemon would send it. */
export function verdict(v: string, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ ok: true, v: 1, version: 'test', verdict: v, rule: v === 'allow' ? null : 'test-rule', message: v === 'allow' ? null : `test says ${v}`, command: null, ...extra })}\n`;
}

/** Leaves a stale socket file: a process binds it and dies by SIGKILL, so nobody listens. */
export async function staleSocket(path: string): Promise<void> {
  const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(path)}, () => process.stdout.write('up'))`], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  child.kill('SIGKILL');
  await new Promise<void>((resolve) => child.on('exit', () => resolve()));
}

/** True while the engine in the tree is the allow-everything stub (tests of real verdicts wait for the real one). */
export async function engineIsStub(home: string): Promise<boolean> {
  const { Engine } = await import('../../src/engine.js');
  try {
    return Engine.create({ home }).status().engineReason === 'stub';
  } catch {
    return true;
  }
}
