// Running real processes from tests: async (the test process may be serving a socket meanwhile), with a deadline.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string | Buffer;
  timeoutMs?: number;
  argv0?: string;
}

export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return start(cmd, args, opts).done;
}

/** Like run, but returns at once with the child (to signal it while it runs) and its result to come. */
export function start(cmd: string, args: string[], opts: RunOptions = {}): { child: ChildProcess; done: Promise<RunResult> } {
  const started = Date.now();
  const spawnOpts: SpawnOptions = { env: opts.env ?? cleanEnv(), cwd: opts.cwd ?? '/tmp', stdio: ['pipe', 'pipe', 'pipe'] };
  if (opts.argv0 !== undefined) spawnOpts.argv0 = opts.argv0;
  const child = spawn(cmd, args, spawnOpts);
  const done = new Promise<RunResult>((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')}: no exit within ${opts.timeoutMs ?? 10000} ms; stderr: ${Buffer.concat(err).toString()}`));
    }, opts.timeoutMs ?? 10000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.stdin!.on('error', () => {});
    child.stdin!.end(opts.input ?? '');
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString(), ms: Date.now() - started });
    });
  });
  return { child, done };
}

/**
 * The test process's environment without anything that changes safeshell's behaviour (agent markers, SAFESHELL_*),
 * except SAFESHELL_NATIVE, which CI sets to run the suite once with and once without the addon.
 */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if ((k.startsWith('SAFESHELL_') && k !== 'SAFESHELL_NATIVE') || k.startsWith('CODEX_') || ['CLAUDECODE', 'GEMINI_CLI', 'CURSOR_AGENT', 'WARP_AI_AGENT', 'BASH_ENV', 'ENV'].includes(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}
