// Shared by the approval, hook and monitor tests: a home with an approval rule and a running daemon, real shims
// for `mark FILE` (creates FILE: how a test sees that a command ran), and people and agents answering through the
// CLI or the socket. A "person" runs under script(1), which gives it a terminal as a terminal emulator would.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PendingApproval } from '../../src/approvals/types.js';
import { inspectContext } from '../../src/auth/agent-context.js';
import { request } from '../../src/client/request.js';
import type { Paths } from '../../src/paths.js';
import { startDaemonProcess, type RunningDaemon } from '../helpers/daemon.js';
import { argvDumpBinary, CLI, makeHome, type TestHome } from '../helpers/home.js';
import { cleanEnv, run, start, type RunResult } from '../helpers/proc.js';
import { waitFor } from '../helpers/wait-for.js';

export const RULES = `rules:
  - name: approve-mark
    commands: [mark]
    action: require_approval
    message: marking needs a person
  - name: deny-zap
    commands: [zap]
    action: deny
    message: never zap; run unzap instead
`;

export interface ApprovalHome {
  h: TestHome;
  p: Paths;
  daemon: RunningDaemon;
  /** Environment of an agent's shell: shims first on PATH, AI context, one session. */
  agentEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  file(name: string): string;
  close(): Promise<void>;
}

export async function approvalHome(config: string, rules = RULES): Promise<ApprovalHome> {
  const h = makeHome({ programs: ['mark', 'argvdump', 'zap'] });
  const bin = join(h.tmp, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'mark'), '#!/bin/sh\n: > "$1"\n', { mode: 0o755 });
  writeFileSync(join(bin, 'zap'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  symlinkSync(argvDumpBinary(), join(bin, 'argvdump'));
  writeFileSync(h.p.globalRules, rules);
  writeFileSync(h.p.config, config);
  const daemon = await startDaemonProcess(h.p);
  return {
    h,
    p: h.p,
    daemon,
    agentEnv: (extra = {}) => cleanEnv({ PATH: `${h.p.shims}:${bin}:/usr/bin:/bin`, SAFESHELL_CONTEXT: 'ai', SAFESHELL_SESSION: 's1', SAFESHELL_NO_AUTOSTART: '1', ...extra }),
    file: (name) => join(h.tmp, name),
    close: async () => {
      await daemon.stop();
      h.cleanup();
    },
  };
}

export async function pendingNow(p: Paths): Promise<PendingApproval[]> {
  const r = await request(p.socket, { type: 'pending' });
  return (r.pending ?? []) as PendingApproval[];
}

/** Waits until exactly `n` approvals are pending (and returns them). */
export function waitPending(p: Paths, n = 1, timeoutMs = 8000): Promise<PendingApproval[]> {
  return waitFor(`${n} pending approval(s)`, async () => {
    const list = await pendingNow(p);
    return list.length === n ? list : null;
  }, timeoutMs);
}

/** A command started in the background (a waiting shim), with its pid for Ctrl-C; 20 s deadline. */
export function background(cmd: string, args: string[], env: NodeJS.ProcessEnv, opts: { input?: string; timeoutMs?: number } = {}): { child: ChildProcess; done: Promise<RunResult> } {
  return start(cmd, args, { env, timeoutMs: opts.timeoutMs ?? 20_000, ...(opts.input === undefined ? {} : { input: opts.input }) });
}

const q = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;

/** `safeshell <args>` typed by a person in a terminal (script(1) provides the terminal). Output has \r\n. */
export function asPerson(p: Paths, args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const line = [process.execPath, CLI, ...args].map(q).join(' ');
  return run('script', ['-qec', line, '/dev/null'], { env: cleanEnv({ SAFESHELL_HOME: p.home, ...env }), timeoutMs: 15_000 });
}

/**
 * `safeshell <args>` run by an agent: a shell with CLAUDECODE set starts, with a scrubbed environment (env -i) and
 * a terminal of its own, the CLI — the agent's descendant looks like a person by every other measure.
 */
export function asAgentsChild(p: Paths, args: string[]): Promise<RunResult> {
  const line = [process.execPath, CLI, ...args].map(q).join(' ');
  const inner = `env -i PATH=/usr/bin:/bin SAFESHELL_HOME=${q(p.home)} script -qec ${q(line)} /dev/null`;
  return run('/bin/sh', ['-c', inner], { env: cleanEnv({ CLAUDECODE: '1' }), timeoutMs: 15_000 });
}

/** A raw request from a process of the given kind: node sends one JSON line and prints the reply line. */
export function rawRequest(p: Paths, body: object, who: 'person' | 'agent'): Promise<Record<string, unknown>> {
  const js = `const c=require('net').createConnection(process.argv[1]);let b='';c.on('data',d=>{b+=d;const i=b.indexOf('\\n');if(i>=0){process.stdout.write(b.slice(0,i));process.exit(0)}});c.write(process.argv[2]+'\\n')`;
  const line = [process.execPath, '-e', js, p.socket, JSON.stringify(body)].map(q).join(' ');
  const env = cleanEnv(who === 'agent' ? { CLAUDECODE: '1' } : {});
  return run('script', ['-qec', line, '/dev/null'], { env, timeoutMs: 10_000 }).then((r) => JSON.parse(r.stdout.toString().trim()) as Record<string, unknown>);
}

/** Tests where a person answers need a test run that is not itself inside an agent (the daemon checks ancestry). */
export const personSkip: string | false = (() => {
  const a = inspectContext(process.pid).agent;
  return a ? `the test runner is in an agent context (${a.why}); a person's answers cannot be simulated` : false;
})();

/** Output of script(1) without carriage returns. */
export const text = (r: RunResult): string => r.stdout.toString().replace(/\r/g, '');
