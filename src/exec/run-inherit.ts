// Handoff without a PTY: the child gets our stdio as it is (STYLE.md: the simplest handoff after the shim's exec).
import { exitCodeOf, spawnProcess } from './spawn.js';

export interface RunPlan {
  file: string;
  argv: readonly string[];
  env: Record<string, string>;
  cwd?: string;
}

/**
 * Runs the plan with stdio inherited, in our process group (so terminal signals reach both; we ignore SIGINT and
 * SIGQUIT meanwhile) and forwards SIGTERM/SIGHUP. Resolves to the shell-style exit code (128 + n for a signal).
 */
export async function runInherit(plan: RunPlan): Promise<number> {
  const child = spawnProcess({ ...plan, stdio: ['inherit', 'inherit', 'inherit'] });
  const ignore = (): void => {};
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  const handlers: Array<[NodeJS.Signals, (s: NodeJS.Signals) => void]> = [
    ['SIGINT', ignore],
    ['SIGQUIT', ignore],
    ['SIGTERM', forward],
    ['SIGHUP', forward],
  ];
  for (const [signal, handler] of handlers) process.on(signal, handler);
  try {
    return exitCodeOf(await child.exitPromise);
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}
