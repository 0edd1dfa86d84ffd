// Commands that run another command once per input: xargs, find -exec/-execdir/-ok, GNU parallel.
import type { Frame, State } from './context.js';
import { MAX_FANOUT, withVia } from './context.js';
import { analyzeScript, emitCommand } from './core.js';
import { quote, sourceOf } from './render.js';
import { decodeEscapes, inputLines, xargsItems } from './stdin-text.js';
import type { Redir, Word } from './words.js';
import { argOf, basename, isLiteral, litWord, optionWord, valueOf } from './words.js';
import { stdinText } from './shells.js';
import { skipOptions } from './wrappers.js';

/** Placeholder for arguments only known at run time. */
export const PLACEHOLDER = '{}';

const XARGS_LONG_ARG = new Set(['--max-args', '--max-lines', '--max-procs', '--max-chars', '--delimiter', '--eof', '--arg-file', '--process-slot-var']);

interface XargsOpts { replace: string | null; maxArgs: number; maxLines: number; sep: string | null; fromFile: boolean }

function xargsOption(o: XargsOpts, name: string, val: string): void {
  switch (name) {
    case 'I': case '--replace': o.replace = val === '' ? PLACEHOLDER : val; break;
    case 'i': o.replace = val === '' ? PLACEHOLDER : val; break;
    case 'n': case '--max-args': o.maxArgs = Number.parseInt(val, 10) || 0; break;
    case 'L': case '--max-lines': o.maxLines = Number.parseInt(val, 10) || 0; break;
    case 'l': o.maxLines = Number.parseInt(val, 10) || 1; break;
    case 'd': case '--delimiter': o.sep = decodeEscapes(val) || '\n'; break;
    case '0': case '--null': o.sep = '\0'; break;
    case 'a': case '--arg-file': o.fromFile = true; break;
    default: break;
  }
}

function replaceIn(w: Word, from: string, to: string): Word {
  if (!isLiteral(w)) return w;
  const v = valueOf(w);
  return v.includes(from) ? litWord(v.replaceAll(from, to)) : w;
}

/** xargs [opts] [CMD…]: CMD gets the input items (known when a literal echo/printf feeds the pipe), else `{}`. */
export function xargs(fields: readonly Word[], redirs: readonly Redir[], st: State, fr: Frame): void {
  const o: XargsOpts = { replace: null, maxArgs: 0, maxLines: 0, sep: null, fromFile: false };
  let i = 1;
  for (; i < fields.length; i++) {
    const v = optionWord(fields, i);
    if (v === null) break;
    if (v === '--') {
      i++;
      break;
    }
    if (v[1] === '-') {
      const eq = v.indexOf('=');
      const name = eq < 0 ? v : v.slice(0, eq);
      let val = eq < 0 ? '' : v.slice(eq + 1);
      if (eq < 0 && XARGS_LONG_ARG.has(name)) val = argOf(fields[++i] ?? litWord(''));
      xargsOption(o, name, val);
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      const ch = v[j]!;
      const rest = v.slice(j + 1);
      if ('InLPsdEa'.includes(ch)) {
        xargsOption(o, ch, rest !== '' ? rest : argOf(fields[++i] ?? litWord('')));
        break;
      }
      if ('iel'.includes(ch)) {
        xargsOption(o, ch, rest);
        break;
      }
      xargsOption(o, ch, '');
    }
  }
  const inner = i < fields.length ? fields.slice(i) : [litWord('echo')];
  const f2: Frame = { ...withVia(fr, 'xargs'), stdin: null };
  const input = o.fromFile ? null : stdinText(redirs, st, fr);
  const text = input === null || input.dyn ? null : input.text;
  if (text === null) {
    const cmd = o.replace !== null ? inner.map((w) => replaceIn(w, o.replace!, PLACEHOLDER)) : [...inner, litWord(PLACEHOLDER)];
    emitCommand(cmd, [], st, { ...f2, dyn: true });
    return;
  }
  const groups: string[][] = [];
  if (o.replace !== null) {
    for (const line of o.sep !== null ? text.split(o.sep).filter((x) => x !== '') : inputLines(text)) groups.push([line]);
  } else if (o.maxLines > 0) {
    const lines = inputLines(text);
    for (let k = 0; k < lines.length; k += o.maxLines) groups.push(lines.slice(k, k + o.maxLines).flatMap(xargsItems));
  } else {
    const items = o.sep !== null ? text.split(o.sep).filter((x, k, a) => x !== '' || k < a.length - 1) : xargsItems(text);
    const n = o.maxArgs > 0 ? o.maxArgs : Math.max(items.length, 1);
    for (let k = 0; k < items.length; k += n) groups.push(items.slice(k, k + n));
  }
  if (groups.length === 0) groups.push([]);
  if (groups.length > MAX_FANOUT) st.complete = false;
  for (const g of groups.slice(0, MAX_FANOUT)) {
    const cmd = o.replace !== null ? inner.map((w) => replaceIn(w, o.replace!, g[0] ?? '')) : [...inner, ...g.map(litWord)];
    emitCommand(cmd, [], st, f2);
  }
}

const EXEC_ACTIONS = new Set(['-exec', '-execdir', '-ok', '-okdir']);

/** find … -exec CMD … {} ; / + : CMD is emitted with `{}` kept (dynamic when it holds `{}`). */
export function find(fields: readonly Word[], _r: readonly Redir[], st: State, fr: Frame): void {
  for (let i = 1; i < fields.length; i++) {
    const action = argOf(fields[i]!);
    if (!EXEC_ACTIONS.has(action)) continue;
    let j = i + 1;
    for (; j < fields.length; j++) {
      const v = argOf(fields[j]!);
      if (v === ';' || (v === '+' && j > i + 1 && argOf(fields[j - 1]!).endsWith(PLACEHOLDER))) break;
    }
    const inner = fields.slice(i + 1, j);
    if (inner.length > 0) {
      const dyn = inner.some((w) => argOf(w).includes(PLACEHOLDER));
      emitCommand(inner, [], st, { ...withVia(fr, 'find ' + action, fr.dyn || dyn), stdin: null });
    }
    i = j;
  }
}

const PARALLEL_SEPS = new Set([':::', ':::+', '::::', '::::+']);
const REPLACEMENT = /\{(\d*)(\.|\/|\/\/|\/\.|#|%)?\}/g;

/** GNU parallel CMD ::: A B …: each input combination makes one command line, run by a shell. */
export function parallel(fields: readonly Word[], redirs: readonly Redir[], st: State, fr: Frame): void {
  const r = skipOptions(fields, {
    arg: 'aCdEIjLnNPSsW',
    longArg: ['--jobs', '--joblog', '--results', '--res', '--tmpdir', '--workdir', '--wd', '--colsep', '--delimiter', '--timeout',
      '--delay', '--sshlogin', '--slf', '--sshloginfile', '--basefile', '--bf', '--return', '--env', '--tagstring', '--tag-string',
      '--arg-file', '--max-args', '--max-replace-args', '--memfree', '--load', '--retries', '--halt', '--termseq', '--nice', '--header'],
  });
  const start = r?.at ?? fields.length;
  const all = r?.fields ?? fields;
  let replaceStr = PLACEHOLDER;
  let quoteWords = false;
  let unknown = false;
  for (let i = 1; i < start; i++) {
    const v = argOf(all[i]!);
    if (v === '-I') replaceStr = argOf(all[i + 1] ?? litWord(PLACEHOLDER));
    else if (v.startsWith('-I') && v.length > 2) replaceStr = v.slice(2);
    if (v === '-q' || v === '--quote') quoteWords = true;
    if (v === '-a' || v.startsWith('--arg-file') || (v.startsWith('-a') && v.length > 2)) unknown = true;
  }
  let k = start;
  while (k < all.length && !PARALLEL_SEPS.has(argOf(all[k]!))) k++;
  const cmdWords = all.slice(start, k);
  const groups: string[][] = [];
  while (k < all.length) {
    const sep = argOf(all[k]!);
    const g: string[] = [];
    for (k++; k < all.length && !PARALLEL_SEPS.has(argOf(all[k]!)); k++) g.push(argOf(all[k]!));
    if (sep.startsWith('::::')) unknown = true;
    else groups.push(g);
  }
  const input = groups.length === 0 && !unknown ? stdinText(redirs, st, fr) : null;
  if (input !== null && !input.dyn) groups.push(inputLines(input.text));
  if (groups.length === 0) unknown = true;
  const cmdText = cmdWords.map((w) => (quoteWords ? sourceOf(w) : isLiteral(w) ? valueOf(w) : w.raw)).join(' ');
  const f2: Frame = { ...withVia(fr, 'parallel'), stdin: null, positional: null };
  if (unknown) {
    if (cmdText !== '') analyzeScript(substitute(cmdText, replaceStr, null), st, { ...f2, dyn: true });
    return;
  }
  let combos: string[][] = [[]];
  for (const g of groups) {
    const next: string[][] = [];
    for (const c of combos) for (const x of g) if (next.length <= MAX_FANOUT) next.push([...c, x]);
    combos = next;
  }
  if (combos.length > MAX_FANOUT) st.complete = false;
  for (const c of combos.slice(0, MAX_FANOUT)) {
    analyzeScript(cmdText === '' ? c.join(' ') : substitute(cmdText, replaceStr, c), st, f2);
  }
}

/** Fills parallel's replacement strings ({}, {1}, {.}, {/}, …); with no items, normalises them to `{}`. */
function substitute(text: string, replaceStr: string, items: string[] | null): string {
  let used = false;
  let out = replaceStr !== PLACEHOLDER ? text.replaceAll(replaceStr, PLACEHOLDER) : text;
  out = out.replace(REPLACEMENT, (_m, n: string, mod: string | undefined) => {
    used = true;
    if (items === null) return PLACEHOLDER;
    if (mod === '#' || mod === '%') return '1';
    let v = n === '' ? items.join(' ') : items[Number(n) - 1] ?? '';
    if (mod === '.' || mod === '/.') v = v.replace(EXT, '');
    if (mod === '/' || mod === '/.') v = basename(v);
    if (mod === '//') v = v.includes('/') ? v.slice(0, v.lastIndexOf('/')) || '/' : '.';
    return quote(v);
  });
  if (!used) out += ' ' + (items === null ? PLACEHOLDER : items.map(quote).join(' '));
  return out;
}

const EXT = /\.[^./]*$/;
