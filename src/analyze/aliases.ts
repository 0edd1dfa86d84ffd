// Names defined earlier in the same line: shell aliases, git aliases, and variables set by declaration builtins.
import type { Frame, State } from './context.js';
import { withVia } from './context.js';
import { analyzeScript, emitCommand, recordVar } from './core.js';
import { splitWords } from './lexer.js';
import { sourceOf } from './render.js';
import type { Redir, Word } from './words.js';
import { isLiteral, valueOf } from './words.js';

/** `alias NAME=VALUE …` records the aliases; later commands named NAME are analysed as VALUE + their arguments. */
export function aliasBuiltin(fields: readonly Word[], _r: readonly Redir[], st: State): void {
  for (let i = 1; i < fields.length; i++) {
    const w = fields[i]!;
    if (!isLiteral(w)) continue;
    const v = valueOf(w);
    const eq = v.indexOf('=');
    if (eq > 0) (st.aliases ??= new Map()).set(v.slice(0, eq), v.slice(eq + 1));
  }
}

export function expandAlias(name: string, fields: readonly Word[], st: State, fr: Frame): void {
  const value = st.aliases?.get(name);
  const key = 'alias ' + name;
  if (value === undefined || fr.guard.includes(key)) return;
  let text = value;
  for (let i = 1; i < fields.length; i++) text += ' ' + sourceOf(fields[i]!);
  analyzeScript(text, st, { ...withVia(fr, 'alias'), guard: [...fr.guard, key] });
}

/** export/declare/typeset/local/readonly NAME=literal: remembered like a bare assignment. */
export function declareBuiltin(fields: readonly Word[], _r: readonly Redir[], st: State): void {
  for (let i = 1; i < fields.length; i++) recordVar(fields[i]!, st);
}

const GIT_ARG = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix', '--list-cmds']);
const GIT_CONFIG_ARG = new Set(['-f', '--file', '--blob', '--type', '--default', '--comment', '--value', '--url']);

function recordGitAlias(st: State, key: string, value: string): void {
  if (key.toLowerCase().startsWith('alias.') && key.length > 6) (st.gitAliases ??= new Map()).set(key.slice(6).toLowerCase(), value);
}

/** `git config [opts] [set] alias.NAME VALUE`. */
function gitConfig(args: readonly Word[], st: State): void {
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (!isLiteral(w)) return;
    const v = valueOf(w);
    if (GIT_CONFIG_ARG.has(v)) i++;
    else if (!v.startsWith('-') || v === '-') operands.push(v);
  }
  if (operands[0] === 'set') operands.shift();
  if (operands.length >= 2) recordGitAlias(st, operands[0]!, operands[1]!);
}

/** git: records aliases (`git config alias.X …`, `git -c alias.X=…`) and expands a subcommand that is one. */
export function git(fields: readonly Word[], redirs: readonly Redir[], st: State, fr: Frame): void {
  let i = 1;
  for (; i < fields.length; i++) {
    const w = fields[i]!;
    if (!isLiteral(w)) return;
    const v = valueOf(w);
    if (v === '-c') {
      const kv = fields[i + 1];
      const s = kv !== undefined && isLiteral(kv) ? valueOf(kv) : '';
      const eq = s.indexOf('=');
      if (eq > 0) recordGitAlias(st, s.slice(0, eq), s.slice(eq + 1));
      i++;
    } else if (GIT_ARG.has(v)) i++;
    else if (!v.startsWith('-')) break;
  }
  const subWord = fields[i];
  if (subWord === undefined || !isLiteral(subWord)) return;
  const sub = valueOf(subWord);
  if (sub === 'config') {
    gitConfig(fields.slice(i + 1), st);
    return;
  }
  const value = st.gitAliases?.get(sub.toLowerCase());
  const key = 'git ' + sub;
  if (value === undefined || fr.guard.includes(key)) return;
  const f2: Frame = { ...withVia(fr, 'git alias'), guard: [...fr.guard, key] };
  if (value.startsWith('!')) {
    let text = value.slice(1);
    for (let k = i + 1; k < fields.length; k++) text += ' ' + sourceOf(fields[k]!);
    analyzeScript(text, st, { ...f2, positional: null });
    return;
  }
  const words = splitWords(value);
  if (words !== null && words.length > 0) emitCommand([...fields.slice(0, i), ...words, ...fields.slice(i + 1)], redirs, st, f2);
}
