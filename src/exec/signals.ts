// Signal names and numbers, and the shell's exit-status convention for signals (128 + n).
import { constants } from 'node:os';
import type { ExitStatus } from './types.js';

const NUMBERS = constants.signals as Record<string, number>;
const NAMES = new Map<number, NodeJS.Signals>(Object.entries(NUMBERS).map(([name, n]) => [n, name as NodeJS.Signals]));

export function signalNumber(signal: NodeJS.Signals | number): number {
  if (typeof signal === 'number') return signal;
  const n = NUMBERS[signal];
  if (n === undefined) throw new TypeError(`unknown signal ${signal}`);
  return n;
}

export function signalName(n: number): NodeJS.Signals | null {
  return NAMES.get(n) ?? null;
}

/** What a shell would report as $?: the exit code, or 128 + the signal number (1 if neither is known). */
export function exitCodeOf(status: ExitStatus): number {
  if (status.code !== null) return status.code;
  return status.signal === null ? 1 : 128 + signalNumber(status.signal);
}
