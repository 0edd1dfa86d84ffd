// Commands that run a script text: `sh -c`, shells fed by heredoc/here-string/pipe, eval, su -c, watch, ssh, flock -c.
import type { Frame, State } from './context.js';
import { withVia } from './context.js';
import { analyzeScript, emitCommand, subOutput } from './core.js';
import { sourceOf } from './render.js';
import type { Redir, Word } from './words.js';
import { isLiteral, valueOf } from './words.js';
import { skipOptions, wrapper } from './wrappers.js';

export const SHELLS: readonly string[] = ['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'yash', 'posh', 'rbash', 'fish', 'pdksh', 'ksh93'];

/**
 * Analyses words as one script (joined by spaces, as eval and watch do). Expansions stay as written; a known
 * `$VAR` (set earlier in the line) is substituted. A script that is only expansions is not analysed: the outer
 * command is already dynamic. Partly literal scripts are analysed with every inner command marked dynamic.
 */
export function scriptFromWords(ws: readonly Word[], label: string, st: State, fr: Frame, positional: readonly Word[] | null = null): void {
  let text = '';
  let dyn = false;
  let literalText = false;
  for (let k = 0; k < ws.length; k++) {
    if (k > 0) text += ' ';
    for (const p of ws[k]!.parts) {
      if (p.k === 'lit') {
        text += p.v;
        if (p.v.trim() !== '') literalText = true;
        continue;
      }
      const known = p.k === 'param' && p.name !== '' ? st.vars?.get(p.name) : undefined;
      if (known !== undefined) {
        text += known;
        literalText = true;
      } else {
        text += p.raw;
        dyn = true;
      }
    }
  }
  if (!literalText) return;
  analyzeScript(text, st, { ...withVia(fr, label, fr.dyn || dyn), positional });
}

/** Text reaching stdin: the command's own heredoc / here-string (a `<` file hides it), else a known pipe. */
export function stdinText(redirs: readonly Redir[], st: State, fr: Frame): { text: string; how: string; dyn: boolean } | null {
  let found: { text: string; how: string; dyn: boolean } | null | undefined;
  for (const r of redirs) {
    const op = r.op;
    if (r.here !== null && (op === '<<' || op === '<<-' || op === '0<<' || op === '0<<-')) {
      found = { text: r.here.body, how: '<<', dyn: false };
    } else if (op === '<<<' || op === '0<<<') {
      const w = r.target;
      found = isLiteral(w) ? { text: valueOf(w) + '\n', how: '<<<', dyn: false } : { text: sourceOf(w), how: '<<<', dyn: true };
    } else if (op === '<' || op === '0<') {
      const text = subOutput(r.target, st);
      found = text === null ? null : { text, how: '< <(…)', dyn: false };
    } else if (op === '<&' || op === '<>') {
      found = null;
    }
  }
  if (found !== undefined) return found;
  return fr.stdin !== null ? { text: fr.stdin, how: '|', dyn: false } : null;
}

/** Script text reaching a program's stdin, with the `via` label saying how it arrives. */
export function stdinScript(redirs: readonly Redir[], st: State, fr: Frame, program: string): { text: string; label: string; dyn: boolean } | null {
  const s = stdinText(redirs, st, fr);
  if (s === null) return null;
  return { text: s.text, label: s.how === '|' ? '| ' + program : program + ' ' + s.how, dyn: s.dyn };
}

/** sh/bash/zsh/…: `-c SCRIPT` (also -lc, -ec, -l -c, --login -c), else a script on stdin. */
export function shell(fields: readonly Word[], redirs: readonly Redir[], st: State, fr: Frame, program: string): void {
  let cmd = false;
  let stdinMode = false;
  let i = 1;
  for (; i < fields.length; i++) {
    const w = fields[i]!;
    if (!isLiteral(w)) break;
    const v = valueOf(w);
    if (v === '-' || v === '--') {
      i++;
      break;
    }
    if (v.length < 2 || (v[0] !== '-' && v[0] !== '+')) break;
    if (v.startsWith('--')) {
      if (v === '--rcfile' || v === '--init-file') i++;
      continue;
    }
    for (const ch of v.slice(1)) {
      if (ch === 'c') cmd = true;
      else if (ch === 's') stdinMode = true;
      else if (ch === 'o' || ch === 'O') i++;
    }
  }
  if (cmd) {
    const script = fr.loose ? fields.slice(i) : fields.slice(i, i + 1);
    if (script.length > 0) scriptFromWords(script, program + ' -c', st, fr, fr.loose ? null : fields.slice(i + 1));
    return;
  }
  if (i < fields.length && !stdinMode) {
    sourceBuiltin([fields[0]!, fields[i]!], redirs, st, fr, program); // a script file: readable only as `<(echo …)`
    return;
  }
  const s = stdinScript(redirs, st, fr, program);
  if (s !== null) analyzeScript(s.text, st, { ...withVia(fr, s.label, fr.dyn || s.dyn), positional: null });
}

export function evalBuiltin(fields: readonly Word[], _r: readonly Redir[], st: State, fr: Frame): void {
  if (fields.length > 1) scriptFromWords(fields.slice(1), 'eval', st, fr, fr.positional);
}

/** The word after `-c`/`--command`, anywhere in the arguments (su, runuser, script, flock). */
function commandOption(fields: readonly Word[], from: number): Word | null | undefined {
  for (let i = from; i < fields.length; i++) {
    const w = fields[i]!;
    if (!isLiteral(w)) continue;
    const v = valueOf(w);
    if (v === '-c' || v === '--command' || v === '--session-command') return fields[i + 1] ?? null;
    if (v.startsWith('--command=')) return { raw: v.slice(10), parts: [{ k: 'lit', v: v.slice(10), q: false }] };
  }
  return undefined;
}

/** su / runuser / script: `-c CMD` is a script; runuser -u USER CMD… is argv. */
export function suLike(fields: readonly Word[], redirs: readonly Redir[], st: State, fr: Frame, program: string): void {
  const c = commandOption(fields, 1);
  if (c !== undefined) {
    if (c !== null) scriptFromWords([c], program + ' -c', st, fr);
    return;
  }
  if (program === 'runuser' && fields.some((w) => valueOf(w) === '-u' || valueOf(w).startsWith('--user'))) {
    wrapper(fields, redirs, st, fr, program);
  }
}

/** flock [opts] FILE (-c CMD | CMD…). */
export function flock(fields: readonly Word[], redirs: readonly Redir[], st: State, fr: Frame): void {
  const r = skipOptions(fields, { arg: 'wE', longArg: ['--timeout', '--wait', '--conflict-exit-code'], operands: 1 });
  if (r === null) return;
  const c = commandOption(r.fields, r.at);
  if (c !== undefined) {
    if (c !== null) scriptFromWords([c], 'flock -c', st, fr);
    return;
  }
  const inner = skipOptions(r.fields, { arg: 'wE' }, r.at);
  if (inner !== null) emitCommand(inner.fields.slice(inner.at), redirs, st, withVia(fr, 'flock'));
}

/** watch runs its arguments joined by spaces through `sh -c`, or as argv with -x. */
export function watch(fields: readonly Word[], _r: readonly Redir[], st: State, fr: Frame): void {
  const r = skipOptions(fields, { arg: 'nq', longArg: ['--interval', '--equexit', '--shotsdir'] });
  if (r === null) return;
  let exec = false;
  for (let i = 1; i < r.at; i++) {
    const v = valueOf(r.fields[i]!);
    if (v === '--exec' || (v[0] === '-' && v[1] !== '-' && v.includes('x'))) exec = true;
  }
  const rest = r.fields.slice(r.at);
  if (exec) emitCommand(rest, [], st, withVia(fr, 'watch'));
  else scriptFromWords(rest, 'watch', st, fr);
}

/** ssh [opts] HOST CMD…: the remote shell runs CMD… joined by spaces. */
export function ssh(fields: readonly Word[], _r: readonly Redir[], st: State, fr: Frame): void {
  const r = skipOptions(fields, { arg: 'BbcDEeFIiJLlmOoPpQRSWw', operands: 1 });
  if (r !== null) scriptFromWords(r.fields.slice(r.at), 'ssh', st, fr);
}

/** source/. FILE, or a shell given a script file: only `<(echo …)` and `/dev/stdin` fed by a known pipe are readable. */
export function sourceBuiltin(fields: readonly Word[], _r: readonly Redir[], st: State, fr: Frame, program: string): void {
  const file = fields[1];
  if (file === undefined) return;
  const fromSub = subOutput(file, st);
  const text = fromSub ?? (valueOf(file) === '/dev/stdin' ? fr.stdin : null);
  const label = fromSub !== null ? program + ' <(…)' : '| ' + program;
  if (text !== null) analyzeScript(text, st, { ...withVia(fr, label), positional: null });
}
