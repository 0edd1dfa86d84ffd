// The one line the agent reads when a command was redirected (shims/shim.c prints the same shape).
import { shellQuote } from '../match/redirect-line.js';

/** `redirected: <rule>: <message> — running: <argv>` (without the `safeshell: ` prefix). */
export function redirectNotice(rule: unknown, message: unknown, argv: unknown): string {
  const words = Array.isArray(argv) ? argv.map((w) => shellQuote(String(w))).join(' ') : String(argv ?? '');
  return `redirected: ${typeof rule === 'string' ? rule : 'a rule'}: ${typeof message === 'string' && message ? message : 'this command is replaced'} — running: ${words}`;
}
