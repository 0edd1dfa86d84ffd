// JS backend: child_process (libuv fork: its cost grows with RSS, MEASUREMENTS.md §6). A PTY comes from script(1).
import { spawn as cpSpawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Duplex } from 'node:stream';
import { SpawnError } from '../errors.js';
import { normalizeSpawnError, spawnError } from './errors.js';
import { checkPlan, resolveProgram } from './resolve.js';
import { signalNumber } from './signals.js';
import type { ChildHandle, ExitStatus, SpawnPlan } from './types.js';

/** Quotes one word for sh -c. */
function shQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

// libuv reports a missing cwd as ENOENT from spawn, indistinguishable from a missing program: check it first.
function checkCwd(cwd: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(cwd).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw spawnError(code === 'EACCES' ? 'EACCES' : 'ENOENT', 'chdir', cwd);
  }
  if (!isDir) throw spawnError('ENOTDIR', 'chdir', cwd);
}

/**
 * Without the addon a PTY comes from util-linux script(1): `script -qec CMD /dev/null` makes the session and the
 * controlling terminal; the size is set once with stty. Limits: pid and kill() are script's (it passes SIGTERM and
 * SIGHUP on), resize() is unsupported, argv[0] is the file (dash's exec has no -a), and a signal death arrives as
 * an exit code (128 + n) from script -e.
 */
function scriptArgv(plan: SpawnPlan, file: string, cols: number, rows: number): string[] {
  const exec = ['exec', file, ...plan.argv.slice(1)].map(shQuote).join(' ');
  return ['script', '-q', '-e', '-c', `stty cols ${cols} rows ${rows} 2>/dev/null; ${exec}`, '/dev/null'];
}

// libuv reports exec failures asynchronously; check what execve would check so that they throw here, as native does.
function checkExecutable(file: string, cwd: string): void {
  const path = resolve(cwd, file);
  try {
    accessSync(path, constants.X_OK);
  } catch (err) {
    throw spawnError((err as NodeJS.ErrnoException).code === 'EACCES' ? 'EACCES' : 'ENOENT', 'execve', file);
  }
  if (!statSync(path).isFile()) throw spawnError('EACCES', 'execve', file);
}

export function spawnJs(plan: SpawnPlan): ChildHandle {
  checkPlan(plan);
  const cols = plan.cols ?? 80;
  const rows = plan.rows ?? 24;
  const cwd = plan.cwd ?? process.cwd();
  if (plan.cwd !== undefined) checkCwd(cwd);
  const file = resolveProgram(plan.file, plan.env.PATH, cwd);
  checkExecutable(file, cwd);
  const usePty = plan.stdio === 'pty';

  let cp: ChildProcess;
  if (usePty) {
    const [script, ...args] = scriptArgv(plan, file, cols, rows);
    const env = { ...plan.env, SHELL: '/bin/sh' }; // script runs $SHELL -c
    cp = cpSpawn(resolveProgram(script ?? 'script', plan.env.PATH, cwd), args, { env, cwd, stdio: 'pipe' });
  } else {
    const stdio = (plan.stdio ?? ['inherit', 'inherit', 'inherit']) as StdioOptions;
    cp = cpSpawn(file, plan.argv.slice(1), { argv0: plan.argv[0], env: plan.env, cwd, stdio, detached: plan.processGroup === true });
  }

  let exited = false;
  const exitPromise = new Promise<ExitStatus>((resolve, reject) => {
    cp.on('error', (err: NodeJS.ErrnoException) => {
      // Only a failed spawn has no pid; later errors (a failed kill) are not exits.
      if (cp.pid === undefined) reject(normalizeSpawnError(new SpawnError(-(err.errno ?? -1), 'execve', file)));
    });
    cp.once('exit', () => (exited = true));
    cp.once('close', (code, signal) => resolve({ code, signal }));
  });

  const pty = usePty && cp.stdout && cp.stdin ? Duplex.from({ readable: cp.stdout, writable: cp.stdin }) : null;
  if (pty) {
    // Input still in flight when script exits: EPIPE on its stdin, premature close on the pair. Not the child's errors.
    cp.stdin?.on('error', () => {});
    pty.on('error', () => {});
  }
  return {
    pid: cp.pid ?? 0,
    backend: 'js',
    pty,
    stdin: usePty ? null : cp.stdin,
    stdout: usePty ? null : cp.stdout,
    stderr: usePty ? null : cp.stderr,
    exitPromise,
    resize() {
      return false;
    },
    dispose() {
      for (const stream of [pty, cp.stdin, cp.stdout, cp.stderr]) stream?.destroy();
    },
    kill(signal = 'SIGTERM') {
      if (exited || cp.pid === undefined) return false;
      if (plan.processGroup !== true || usePty) return cp.kill(signalNumber(signal));
      try {
        process.kill(-cp.pid, signalNumber(signal));
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
        throw err;
      }
    },
  };
}
