// The word and token model shared by the lexer, the parser and the analyzer, plus small word helpers.

/** Literal text after quote removal; `q` when it came from quotes or a backslash escape. */
export interface Lit { k: 'lit'; v: string; q: boolean }
/** `$NAME`, `${…}`, `$1`, `$@`…; `name` is set only for the plain forms `$NAME` / `${NAME}`. */
export interface Param { k: 'param'; raw: string; name: string; q: boolean; nested: Part[] | null }
/** `$(…)`, `` `…` ``, `<(…)`, `>(…)`: a script run at expansion time. */
export interface Sub { k: 'sub'; raw: string; q: boolean; kind: '$(' | '`' | '<(' | '>('; tokens: Token[] }
/** `$((…))`, and the words of `NAME=(…)` array values: only their nested substitutions matter. */
export interface Other { k: 'arith' | 'array'; raw: string; q: boolean; nested: Part[] | null; items?: Word[] }
export type Part = Lit | Param | Sub | Other;

/** `raw` is the source text as written; it is meaningful only for words holding expansions. */
export interface Word { raw: string; parts: Part[] }

export interface Heredoc {
  delim: string;
  strip: boolean;
  quoted: boolean;
  body: string;
  /** Expansions found in an unquoted body (they run even when the body is data). */
  parts: Part[] | null;
}
export interface Redir { t: 'r'; op: string; target: Word; here: Heredoc | null }
export type Token =
  | { t: 'w'; w: Word }
  | { t: 'op'; v: string }
  | Redir
  | { t: 'arith'; w: Word };

export function isLiteral(w: Word): boolean {
  for (const p of w.parts) if (p.k !== 'lit') return false;
  return true;
}

/** Concatenated literal text (expansions contribute nothing). */
export function valueOf(w: Word): string {
  const ps = w.parts;
  if (ps.length === 1) return ps[0]!.k === 'lit' ? (ps[0] as Lit).v : '';
  let s = '';
  for (const p of ps) if (p.k === 'lit') s += p.v;
  return s;
}

/** The value for literal words, the source text otherwise: what `args` holds. */
export function argOf(w: Word): string {
  return isLiteral(w) ? valueOf(w) : w.raw;
}

/** fields[i] while options are being read: an option (`-x…`, `--name[=v]`), `--`, or null where options end. */
export function optionWord(fields: readonly Word[], i: number): string | null {
  const w = fields[i]!;
  if (!isLiteral(w)) return null;
  const v = valueOf(w);
  return v === '--' || (v.length >= 2 && v[0] === '-') ? v : null;
}

/** True for a word written without any quoting or escapes (reserved words, `NAME=`, brace expansion). */
export function isPlain(w: Word): boolean {
  for (const p of w.parts) if (p.k !== 'lit' || p.q) return false;
  return true;
}

export function litWord(v: string): Word {
  return { raw: v, parts: [{ k: 'lit', v, q: false }] };
}

export function basename(p: string): string {
  const i = p.lastIndexOf('/');
  if (i < 0) return p;
  const b = p.slice(i + 1);
  return b === '' ? p : b;
}

const ASSIGN = /^[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Length of the `NAME=` / `NAME+=` / `NAME[i]=` prefix of an assignment word, or 0. */
export function assignPrefix(w: Word): number {
  const p = w.parts[0];
  if (p === undefined || p.k !== 'lit' || p.q) return 0;
  const m = ASSIGN.exec(p.v);
  return m === null ? 0 : m[0].length;
}

/** For `NAME=literal` (or `NAME=(literal words)`) returns [NAME, value]; null for anything else. */
export function literalAssignment(w: Word): [string, string] | null {
  const n = assignPrefix(w);
  if (n === 0) return null;
  const arr = w.parts[1];
  if (w.parts.length === 2 && arr !== undefined && arr.k === 'array' && arr.items !== undefined && arr.items.every(isLiteral)) {
    const head = (w.parts[0] as Lit).v;
    return head.length === n && NAME.test(head.slice(0, -1)) ? [head.slice(0, -1), arr.items.map(valueOf).join(' ')] : null;
  }
  if (!isLiteral(w)) return null;
  const v = valueOf(w);
  const name = v.slice(0, n - 1);
  if (!NAME.test(name)) return null;
  return [name, v.slice(n)];
}

export function isName(s: string): boolean {
  return NAME.test(s);
}

/** Calls `fn` for every command substitution reachable from the parts, nested ones included. */
export function forEachSub(parts: readonly Part[], fn: (s: Sub) => void): void {
  for (const p of parts) {
    if (p.k === 'sub') fn(p);
    else if (p.k !== 'lit' && p.nested !== null) forEachSub(p.nested, fn);
  }
}

export function hasSub(parts: readonly Part[]): boolean {
  for (const p of parts) {
    if (p.k === 'sub') return true;
    if (p.k !== 'lit' && p.nested !== null && hasSub(p.nested)) return true;
  }
  return false;
}

/** Splits a word at unquoted `$IFS` / `${IFS}` (bash word splitting with the default IFS). */
export function splitIFS(w: Word, rebuild: (parts: Part[]) => string): Word[] {
  let found = false;
  for (const p of w.parts) if (p.k === 'param' && !p.q && p.name === 'IFS') found = true;
  if (!found) return [w];
  const out: Word[] = [];
  let cur: Part[] = [];
  const flush = (): void => {
    if (cur.length > 0) out.push({ raw: rebuild(cur), parts: cur });
    cur = [];
  };
  for (const p of w.parts) {
    if (p.k === 'param' && !p.q && p.name === 'IFS') flush();
    else cur.push(p);
  }
  flush();
  return out;
}

/** One level of brace expansion (`{rm,-rf,/}` -> rm -rf /), applied recursively, bounded. */
export function braceExpand(s: string, limit = 64): string[] {
  const open = s.indexOf('{');
  if (open < 0) return [s];
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) {
        if (commas.length === 0) return [s];
        const pre = s.slice(open + 1, i);
        const head = s.slice(0, open);
        const tail = s.slice(i + 1);
        const alts: string[] = [];
        let from = 0;
        for (const c2 of commas) {
          alts.push(pre.slice(from, c2 - open - 1));
          from = c2 - open;
        }
        alts.push(pre.slice(from));
        const out: string[] = [];
        for (const a of alts) {
          for (const x of braceExpand(head + a + tail, limit)) {
            if (out.length >= limit) return out;
            out.push(x);
          }
        }
        return out;
      }
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  return [s];
}
