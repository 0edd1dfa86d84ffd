// Handoff without a PTY: the child gets our stdio as it is (STYLE.md: the simplest handoff after the shim's exec).
import type { ChildHandle } from './types.js';
import { exitCodeOf, spawnProcess } from './spawn.js';

export interface RunPlan {
  file: string;
  argv: readonly string[];
  env: Record<string, string>;
  cwd?: string;
}

export type SignalHandlers = Array<[NodeJS.Signals, (signal: NodeJS.Signals) => void]>;

/**
 * Installs handlers *before* the spawn (a signal that comes while the child starts must not kill us with the
 * default action) and removes them when `body` settles. SIGTERM/SIGHUP caught before the child exists are
 * delivered to it as soon as it does.
 */
export async function withSignals<T>(
  extra: SignalHandlers,
  start: () => ChildHandle,
  body: (child: ChildHandle) => Promise<T>,
): Promise<T> {
  let child: ChildHandle | undefined;
  const early: NodeJS.Signals[] = [];
  const forward = (signal: NodeJS.Signals): void => void (child ? child.kill(signal) : early.push(signal));
  const handlers: SignalHandlers = [['SIGTERM', forward], ['SIGHUP', forward], ...extra];
  for (const [signal, handler] of handlers) process.on(signal, handler);
  try {
    child = start();
    for (const signal of early) child.kill(signal);
    return await body(child);
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}

const ignore = (): void => {};
/** Ctrl-C and Ctrl-\ at a terminal hit the whole foreground group: the child decides, we stay for its status. */
export const IGNORE_INTERACTIVE: SignalHandlers = [
  ['SIGINT', ignore],
  ['SIGQUIT', ignore],
];

/**
 * Runs the plan with stdio inherited, in our process group (so terminal signals reach both; we ignore SIGINT and
 * SIGQUIT meanwhile) and forwards SIGTERM/SIGHUP. Resolves to the shell-style exit code (128 + n for a signal).
 */
export function runInherit(plan: RunPlan): Promise<number> {
  return withSignals(
    IGNORE_INTERACTIVE,
    () => spawnProcess({ ...plan, stdio: ['inherit', 'inherit', 'inherit'] }),
    async (child) => exitCodeOf(await child.exitPromise),
  );
}
