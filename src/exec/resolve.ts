// Program lookup as execvp(3) does it, in TS (STYLE.md: PATH resolution is TS's); argv/env checks shared by backends.
import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { spawnError } from './errors.js';
import type { SpawnPlan } from './types.js';

/** glibc's default when PATH is unset (execvp(3) uses confstr(_CS_PATH)). */
const DEFAULT_PATH = '/bin:/usr/bin';

/**
 * The path to execve for `file`. Names with a slash are used as they are (relative ones resolve against the child's
 * cwd at execve). Otherwise the first executable regular file on PATH wins; an empty PATH entry means the cwd. None:
 * SpawnError ENOENT, or EACCES when a candidate existed but could not be executed (execvp's rule).
 */
export function resolveProgram(file: string, pathVar: string | undefined, cwd: string): string {
  if (file.length === 0) throw spawnError('ENOENT', 'execve', file);
  if (file.includes('/')) return file;
  let denied = false;
  for (const dir of (pathVar ?? DEFAULT_PATH).split(':')) {
    const candidate = join(dir === '' ? cwd : isAbsolute(dir) ? dir : resolve(cwd, dir), file);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
      denied = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EACCES') denied = true;
    }
  }
  throw spawnError(denied ? 'EACCES' : 'ENOENT', 'execve', file);
}

/** `KEY=value` strings for execve; undefined values are left out. */
export function toEnvp(env: Readonly<Record<string, string | undefined>>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out.push(`${key}=${value}`);
  return out;
}

export function checkSize(cols: number, rows: number): void {
  for (const n of [cols, rows]) {
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new TypeError('spawn: cols and rows must be integers in 1..65535');
  }
}

/** Shape checks both backends share; a bad plan is a TypeError (a caller's bug), not a SpawnError. */
export function checkPlan(plan: SpawnPlan): void {
  if (plan.argv.length === 0) throw new TypeError('spawn: argv must hold at least argv[0]');
  for (const arg of plan.argv) if (arg.includes('\0')) throw new TypeError('spawn: argv contains a NUL byte');
  checkSize(plan.cols ?? 80, plan.rows ?? 24);
  if (plan.stdio === undefined || plan.stdio === 'pty') return;
  plan.stdio.forEach((spec, i) => {
    if (typeof spec === 'number' && !(Number.isInteger(spec) && spec >= 0)) throw new TypeError(`spawn: stdio[${i}] is not an fd`);
    if (spec === 'pipe' && i > 2) throw new TypeError(`spawn: stdio[${i}]: only fds 0-2 can be pipes`);
  });
}
