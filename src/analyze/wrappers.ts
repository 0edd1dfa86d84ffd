// Prefix wrappers that run their operands as a command (sudo, env, nohup, timeout, …): option tables and unwrapping.
import type { Frame, State } from './context.js';
import { withVia } from './context.js';
import { emitCommand } from './core.js';
import { splitWords } from './lexer.js';
import type { Redir, Word } from './words.js';
import { assignPrefix, isLiteral, optionWord, valueOf } from './words.js';

export interface OptSpec {
  /** Short options taking an argument (attached, or the next word). */
  arg?: string;
  /** Long options taking the next word as argument when written without `=`. */
  longArg?: readonly string[];
  /** Options after which nothing is run (`command -v`, `sudo -l`). */
  stop?: string;
  longStop?: readonly string[];
  /** `NAME=value` words may sit between the options and the command. */
  assigns?: boolean;
  /** Operands before the command: timeout's duration, chroot's directory, ssh's host. */
  operands?: number;
  /** Option whose argument is split into words that continue the command line (`env -S`). */
  split?: string;
  longSplit?: string;
}

export interface Skipped { at: number; fields: readonly Word[] }

/** Finds the wrapped command: the index of its first word in `fields` (which `-S` may rewrite), or null. */
export function skipOptions(input: readonly Word[], spec: OptSpec, from = 1): Skipped | null {
  let fields = input;
  let i = from;
  while (i < fields.length) {
    const v = optionWord(fields, i);
    if (v === null) break;
    if (v === '--') {
      i++;
      break;
    }
    if (v[1] === '-') {
      const eq = v.indexOf('=');
      const name = eq < 0 ? v : v.slice(0, eq);
      if (spec.longStop?.includes(name) === true) return null;
      if (spec.longSplit === name) {
        const next = fields[i + 1];
        const text = eq >= 0 ? v.slice(eq + 1) : next !== undefined && isLiteral(next) ? valueOf(next) : null;
        fields = splice(fields, i, eq >= 0 ? 1 : 2, text);
        continue;
      }
      i += eq < 0 && spec.longArg?.includes(name) === true ? 2 : 1;
      continue;
    }
    let step = 1;
    for (let j = 1; j < v.length; j++) {
      const ch = v[j]!;
      if (spec.stop?.includes(ch) === true) return null;
      if (spec.arg?.includes(ch) !== true) continue;
      const attached = v.slice(j + 1);
      if (spec.split === ch) {
        const next = fields[i + 1];
        const text = attached !== '' ? attached : next !== undefined && isLiteral(next) ? valueOf(next) : null;
        const head = v.slice(0, j);
        fields = splice(fields, i, attached !== '' ? 1 : 2, text, head === '-' ? null : head);
        step = 0;
      } else if (attached === '') {
        step = 2;
      }
      break;
    }
    i += step;
  }
  if (spec.assigns === true) while (i < fields.length && isLiteral(fields[i]!) && assignPrefix(fields[i]!) > 0) i++;
  i += spec.operands ?? 0;
  return i < fields.length ? { at: i, fields } : null;
}

/** Replaces `count` words at `i` by the words of `text` (and keeps `keep`, the flags before `-S` in its group). */
function splice(fields: readonly Word[], i: number, count: number, text: string | null, keep: string | null = null): Word[] {
  const words = text === null ? [] : splitWords(text) ?? [];
  const head = keep === null ? [] : [{ raw: keep, parts: [{ k: 'lit' as const, v: keep, q: false }] }];
  return [...fields.slice(0, i), ...head, ...words, ...fields.slice(i + count)];
}

const SPECS: Record<string, OptSpec> = {
  sudo: {
    arg: 'ugChprtUTRD',
    longArg: ['--user', '--group', '--close-from', '--host', '--prompt', '--role', '--type', '--other-user', '--command-timeout', '--chroot', '--chdir'],
    stop: 'lveK',
    longStop: ['--list', '--validate', '--edit', '--remove-timestamp', '--version', '--help'],
    assigns: true,
  },
  doas: { arg: 'uC' },
  env: {
    arg: 'uCPS', longArg: ['--unset', '--chdir', '--split-string'], assigns: true, split: 'S', longSplit: '--split-string',
    longStop: ['--help', '--version'],
  },
  command: { stop: 'vV' },
  builtin: {},
  exec: { arg: 'a' },
  nohup: {},
  nice: { arg: 'n', longArg: ['--adjustment'] },
  time: { arg: 'fo', longArg: ['--format', '--output'] },
  timeout: { arg: 'sk', longArg: ['--signal', '--kill-after'], operands: 1 },
  stdbuf: { arg: 'ioe', longArg: ['--input', '--output', '--error'] },
  ionice: { arg: 'cn', stop: 'pPu', longArg: ['--class', '--classdata'] },
  chrt: { stop: 'p', longStop: ['--pid'], operands: 1 },
  taskset: { stop: 'p', longStop: ['--pid'], operands: 1 },
  setsid: {},
  unbuffer: {},
  chroot: { longArg: ['--userspec', '--groups'], operands: 1 },
  strace: { arg: 'abeEIoOpPsSuUXA', longArg: ['--output', '--expr', '--user', '--signal', '--trace', '--env'] },
  ltrace: { arg: 'aeEnoOpsSuxXAD', longArg: ['--output'] },
  caffeinate: { arg: 'tw' },
  busybox: {},
  proxychains: { arg: 'f' },
  proxychains4: { arg: 'f' },
  torsocks: { arg: 'uapP' },
  firejail: {},
  'xvfb-run': { arg: 'nsfpe', longArg: ['--server-num', '--server-args', '--auth-file', '--error-file'] },
  nsenter: { arg: 'tSG', longArg: ['--target', '--setuid', '--setgid'] },
  unshare: { arg: 'RwSG', longArg: ['--root', '--wd', '--setuid', '--setgid'] },
  runuser: { arg: 'ugGw', longArg: ['--user', '--group', '--supp-group', '--whitelist-environment'] },
};

export const WRAPPERS: readonly string[] = Object.keys(SPECS);

/** A prefix wrapper: emit the wrapped command (with the same redirections) under `via: [wrapper]`. */
export function wrapper(fields: readonly Word[], redirs: readonly Redir[], st: State, fr: Frame, program: string): void {
  const spec = SPECS[program];
  if (spec === undefined) return;
  const r = skipOptions(fields, spec);
  if (r === null) return;
  emitCommand(r.fields.slice(r.at), redirs, st, withVia(fr, program));
}
