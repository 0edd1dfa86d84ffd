// Terminal output helpers shared by subcommands: colour only on a TTY (and never with NO_COLOR).
import type { Verdict } from '../engine-types.js';

const useColor = (stream: NodeJS.WriteStream): boolean => Boolean(stream.isTTY) && !process.env.NO_COLOR;

const CODES: Record<string, string> = { red: '31', green: '32', yellow: '33', cyan: '36', dim: '2', bold: '1' };

export function paint(color: keyof typeof CODES, text: string, stream: NodeJS.WriteStream = process.stdout): string {
  return useColor(stream) ? `\u001b[${CODES[color]}m${text}\u001b[0m` : text;
}

export function verdictLabel(v: Verdict, stream: NodeJS.WriteStream = process.stdout): string {
  const label = v === 'require_approval' ? 'approval' : v;
  const color = v === 'deny' ? 'red' : v === 'require_approval' ? 'yellow' : v === 'redirect' ? 'cyan' : 'green';
  return paint(color, label.padEnd(8), stream);
}

/** Exit codes of `safeshell check`: documented in README and docs/cli.md. */
export const CHECK_EXIT: Record<Verdict, number> = { allow: 0, deny: 1, require_approval: 3, redirect: 4 };
