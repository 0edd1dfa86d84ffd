// The walk: parsed nodes -> emitted simple commands, with pipes, substitutions and wrapper dispatch.
import type { Frame, State } from './context.js';
import { MAX_COMMANDS, MAX_SCRIPT_DEPTH, MAX_VIA, pipedPlus, subFrame } from './context.js';
import { fallback } from './fallback.js';
import { handlerFor, expandAlias } from './handlers.js';
import { LexError, lex } from './lexer.js';
import type { CmdNode, Node } from './parser.js';
import { parse } from './parser.js';
import { rebuildRaw, renderCommand, renderWord } from './render.js';
import { echoOutput, printfOutput } from './stdin-text.js';
import type { SimpleCommand } from './types.js';
import type { Part, Redir, Token, Word } from './words.js';
import {
  argOf, basename, braceExpand, forEachSub, isLiteral, isPlain, litWord, literalAssignment, splitIFS, valueOf,
} from './words.js';

const BLANKS = /[ \t\n]+/;
const POSITIONAL = /^\$(?:([0-9@*])|\{([0-9]+|[@*])\})$/;
const ARRAY_REF = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\[[@*]\]\}$/;

/** Lexes, parses and walks a script; unlexable text goes to the fallback splitter. */
export function analyzeScript(text: string, st: State, fr: Frame): void {
  if (st.depth >= MAX_SCRIPT_DEPTH) {
    st.complete = false;
    return;
  }
  st.depth++;
  try {
    let toks: Token[];
    try {
      toks = lex(text);
    } catch (e) {
      if (!(e instanceof LexError) && !(e instanceof RangeError)) throw e;
      fallback(text, st, fr);
      return;
    }
    walkTokens(toks, st, fr.loose ? { ...fr, loose: false } : fr);
  } finally {
    st.depth--;
  }
}

function walkTokens(toks: Token[], st: State, fr: Frame): void {
  const { nodes, complete } = parse(toks);
  if (!complete) st.complete = false;
  for (const n of nodes) walkNode(n, st, fr);
}

function walkNode(n: Node, st: State, fr: Frame): void {
  switch (n.k) {
    case 'cmd':
      emitSimple(n, st, fr);
      return;
    case 'pipe':
      walkPipe(n.stages, st, fr);
      return;
    case 'group':
      for (const b of n.body) walkNode(b, st, fr);
      redirSubs(n.redirs, st, fr);
      return;
    case 'data':
      for (const w of n.words) walkSubs(w.parts, st, fr);
      redirSubs(n.redirs, st, fr);
      return;
  }
}

function walkPipe(stages: Node[], st: State, fr: Frame): void {
  let upstream = fr.pipedFrom;
  let stdin = fr.stdin;
  for (let i = 0; i < stages.length; i++) {
    const stage = stages[i]!;
    const start = st.out.length;
    walkNode(stage, st, { ...fr, pipedFrom: upstream, stdin });
    if (i === stages.length - 1) return;
    upstream = pipedPlus(upstream, programsSince(st, start));
    stdin = stageOutput(stage, st, stdin);
  }
}

function programsSince(st: State, start: number): string[] {
  const out: string[] = [];
  for (let i = start; i < st.out.length; i++) {
    const p = st.out[i]!.program;
    if (p !== '') out.push(p);
  }
  return out;
}

/** Walks the command substitutions in some parts (each is a separate script with no pipe input). */
export function walkSubs(parts: readonly Part[], st: State, fr: Frame): void {
  forEachSub(parts, (s) => walkTokens(s.tokens, st, subFrame(fr)));
}

function redirSubs(redirs: readonly Redir[], st: State, fr: Frame): void {
  for (const r of redirs) {
    walkSubs(r.target.parts, st, fr);
    if (r.here !== null && r.here.parts !== null) walkSubs(r.here.parts, st, fr);
  }
}

function emitSimple(n: CmdNode, st: State, fr: Frame): void {
  let extra: string[] | null = null;
  for (const a of n.assigns) walkSubs(a.parts, st, fr);
  for (const w of n.words) {
    const p = w.parts[0];
    if (w.parts.length === 1 && p !== undefined && p.k === 'sub' && p.kind === '<(') {
      const start = st.out.length;
      walkSubs(w.parts, st, fr);
      extra = [...(extra ?? []), ...programsSince(st, start)];
    } else if (!isLiteral(w)) walkSubs(w.parts, st, fr);
  }
  for (const r of n.redirs) {
    const p = r.target.parts[0];
    const start = st.out.length;
    walkSubs(r.target.parts, st, fr);
    if (r.here !== null && r.here.parts !== null) walkSubs(r.here.parts, st, fr);
    if ((r.op === '<' || r.op === '0<') && p !== undefined && p.k === 'sub' && p.kind === '<(') {
      extra = [...(extra ?? []), ...programsSince(st, start)];
    }
  }
  if (n.words.length === 0) {
    for (const a of n.assigns) recordVar(a, st);
    return;
  }
  const fields = expandFields(n.words, st, fr.positional);
  if (fields.length === 0) return;
  const f2 = extra === null ? fr : { ...fr, pipedFrom: pipedPlus(fr.pipedFrom, extra) };
  emitCommand(fields, n.redirs, st, f2, n.assigns);
}

export function recordVar(w: Word, st: State): void {
  const kv = literalAssignment(w);
  if (kv === null) return;
  (st.vars ??= new Map()).set(kv[0], kv[1]);
}

/** Word splitting at `$IFS`, known positional parameters, a program word given by a known `$VAR`, then brace
 *  expansion of the program word. */
export function expandFields(words: readonly Word[], st: State, positional: readonly Word[] | null): Word[] {
  let fields: Word[] = [];
  for (const w of words) {
    const p = w.parts[0];
    if (positional !== null && w.parts.length === 1 && p !== undefined && p.k === 'param' && p.name === '') {
      const m = POSITIONAL.exec(p.raw);
      if (m !== null) {
        const which = m[1] ?? m[2]!;
        if (which === '@' || which === '*') fields.push(...positional.slice(1));
        else {
          const v = positional[Number(which)];
          if (v !== undefined) fields.push(v);
          else if (p.q) fields.push(litWord(''));
        }
        continue;
      }
    }
    const pieces = splitIFS(w, rebuildRaw);
    if (pieces.length === 1) fields.push(pieces[0]!);
    else fields.push(...pieces);
  }
  for (let guard = 0; guard < 8 && fields.length > 0; guard++) {
    const p = fields[0]!.parts[0];
    if (fields[0]!.parts.length !== 1 || p === undefined || p.k !== 'param') break;
    const name = p.name !== '' ? p.name : ARRAY_REF.exec(p.raw)?.[1];
    const v = name === undefined ? undefined : st.vars?.get(name);
    if (v === undefined) break;
    const sub = v.split(BLANKS).filter((x) => x !== '').map(litWord);
    fields = [...sub, ...fields.slice(1)];
  }
  const first = fields[0];
  if (first !== undefined && isPlain(first) && first.parts.length === 1) {
    const v = valueOf(first);
    if (v.includes('{') && v.includes(',')) {
      const exp = braceExpand(v);
      if (exp.length > 1) fields = [...exp.map(litWord), ...fields.slice(1)];
    }
  }
  return fields;
}

/** The program of a word holding expansions: its literal last path segment (`$HOME/bin/rm` -> rm), else ''. */
function dynamicProgram(w: Word): string {
  const last = w.parts[w.parts.length - 1];
  if (last === undefined || last.k !== 'lit') return '';
  const i = last.v.lastIndexOf('/');
  return i < 0 ? '' : last.v.slice(i + 1);
}

/** Emits one simple command from its (expanded) words, then whatever it wraps or runs. */
export function emitCommand(fields: readonly Word[], redirs: readonly Redir[], st: State, fr: Frame, assigns?: readonly Word[]): void {
  const w0 = fields[0];
  if (w0 === undefined) return;
  if (st.out.length >= MAX_COMMANDS) {
    st.complete = false;
    return;
  }
  const literal0 = isLiteral(w0);
  const program = literal0 ? basename(valueOf(w0)) : dynamicProgram(w0);
  let dynamic = fr.dyn || !literal0;
  const args: string[] = new Array<string>(fields.length - 1);
  for (let i = 1; i < fields.length; i++) {
    const f = fields[i]!;
    if (isLiteral(f)) args[i - 1] = valueOf(f);
    else {
      args[i - 1] = f.raw;
      dynamic = true;
    }
  }
  const cmd: SimpleCommand = {
    program,
    args,
    text: renderCommand(program, fields, redirs),
    dynamic,
    pipedFrom: fr.pipedFrom.length === 0 ? [] : fr.pipedFrom.slice(),
    via: fr.via.length === 0 ? [] : fr.via.slice(),
  };
  if (assigns !== undefined && assigns.length > 0) cmd.env = assigns.map(renderWord);
  st.out.push(cmd);
  if (fr.via.length >= MAX_VIA) {
    st.complete = false;
    return;
  }
  if (st.aliases !== null && literal0 && isPlain(w0)) expandAlias(valueOf(w0), fields, st, fr);
  if (program === '') return;
  const h = handlerFor(program);
  if (h !== undefined) h(fields, redirs, st, fr, program);
}

/** What a pipeline stage writes to its stdout when that is known statically (literal echo/printf, cat of a heredoc). */
function stageOutput(n: Node, st: State, stdin: string | null): string | null {
  if (n.k === 'group' && n.redirs.length === 0) {
    let out = '';
    for (const b of n.body) {
      const o = stageOutput(b, st, null);
      if (o === null) return null;
      out += o;
    }
    return out;
  }
  if (n.k !== 'cmd' || n.words.length === 0) return null;
  const head = basename(valueOf(n.words[0]!));
  if (head !== 'echo' && head !== 'printf' && head !== 'cat' && head !== 'tee' && isLiteral(n.words[0]!)) return null;
  let input = stdin;
  for (const r of n.redirs) {
    const fd = FD_PREFIX.exec(r.op)?.[0] ?? '';
    const op = r.op.slice(fd.length);
    if ((op[0] === '>' && (fd === '' || fd === '1')) || op.startsWith('&>')) return null;
    if (fd !== '' && fd !== '0') continue;
    if (r.here !== null) input = r.here.body;
    else if (op === '<<<') input = isLiteral(r.target) ? valueOf(r.target) + '\n' : null;
    else if (op === '<' || op === '<&' || op === '<>') input = null;
  }
  const fields = expandFields(n.words, st, null);
  for (const f of fields) if (!isLiteral(f)) return null;
  const vals = fields.map(argOf);
  switch (basename(vals[0] ?? '')) {
    case 'echo':
      return echoOutput(vals.slice(1));
    case 'printf':
      return printfOutput(vals.slice(1));
    case 'cat':
      return vals.every((v, i) => i === 0 || v === '-' || v === '-u') ? input : null;
    case 'tee':
      return input;
    default:
      return null;
  }
}

/** What a `<(…)` process substitution writes, when it is a literal echo/printf pipeline (see stageOutput). */
export function subOutput(w: Word, st: State): string | null {
  const p = w.parts[0];
  if (w.parts.length !== 1 || p === undefined || p.k !== 'sub' || p.kind !== '<(') return null;
  const { nodes } = parse(p.tokens);
  const n = nodes.length === 1 ? nodes[0]! : null;
  if (n === null) return null;
  if (n.k !== 'pipe') return stageOutput(n, st, null);
  let out: string | null = null;
  for (const s of n.stages) out = stageOutput(s, st, out);
  return out;
}

const FD_PREFIX = /^(?:[0-9]+|\{[A-Za-z_][A-Za-z0-9_]*\})/;
