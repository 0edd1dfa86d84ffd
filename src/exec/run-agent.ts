// `safeshell run CMD...`: the agent's environment, then a PTY relay when we have a terminal, plain inherit otherwise.
import { SpawnError } from '../errors.js';
import { packageRoot } from '../native/load.js';
import { paths } from '../paths.js';
import { buildRunEnv } from './run-env.js';
import { runInPty } from './run-in-pty.js';
import { runInherit, type RunPlan } from './run-inherit.js';
import { nativeSpawnUnavailable } from './spawn.js';

export interface RunOptions {
  /** false: never a PTY, even on a terminal (--no-pty). */
  pty: boolean;
}

/** Runs command under protection; resolves to the exit code for the CLI (127/126 when it cannot be started). */
export async function runAgent(command: readonly string[], options: RunOptions): Promise<number> {
  const file = command[0];
  if (file === undefined) throw new TypeError('runAgent: empty command');
  const plan: RunPlan = { file, argv: command, env: buildRunEnv({ env: process.env, shimsDir: paths().shims, packageRoot }) };
  try {
    if (options.pty && process.stdin.isTTY && process.stdout.isTTY) {
      const why = nativeSpawnUnavailable();
      if (why === null) return await runInPty(plan);
      process.stderr.write(`safeshell: warning: running without a PTY: ${why}\n`);
    }
    return await runInherit(plan);
  } catch (err) {
    if (!(err instanceof SpawnError)) throw err;
    process.stderr.write(`safeshell: error[${err.code}]: ${err.message}\n`);
    const notFound = err.code === 'ENOENT' && err.syscall === 'execve';
    if (notFound) process.stderr.write(`  hint: is ${file} installed and on PATH?\n`);
    return notFound ? 127 : 126;
  }
}
