// The rule regex dialect: the part of JS `RegExp` (read with the 'su' flags) that RE2 answers identically. One parser
// turns a pattern into the V8 forms and the RE2 form, or into a one-line reason. Rules for authors: docs/regex-dialect.md.
import v8 from 'node:v8';
import { PatternError } from '../errors.js';
import { loadNative } from '../native/load.js';
import type { PatternSpec } from './regex-matcher.js';

/** One pattern, translated: `js` for inputs without surrogates, `jsExact` for any well-formed input, `re2` for RE2. */
export interface Translation {
  js: string;
  jsExact: string;
  re2: string;
  /** Nested unbounded quantifiers: the JS matcher tests it alone, never inside a shared prefilter. */
  risky: boolean;
}

// V8's linear-time engine (experimental, Node 20): with the fallback flag, a RegExp it can handle switches to it after
// 50,000 backtracks, so `(a+)+$` cannot hang the JS path. It cannot handle the `u` flag, hence the non-u forms below.
v8.setFlagsFromString('--enable-experimental-regexp-engine');
v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
export const linearFallback = canLinear('a+');

const MAX_CP = 0x10ffff;
const MAX_SOURCE = 4096;
const MAX_DEPTH = 100;
const MAX_REPEAT = 1000; // RE2's kMaxRepeat
const MAX_WEIGHT = 20000; // well under what RE2 compiles with its default 8 MiB (see docs/regex-dialect.md)

type Ranges = number[]; // sorted, disjoint, non-adjacent inclusive pairs [lo, hi, lo, hi, …]
type Node =
  | { k: 'alt'; alts: Node[] }
  | { k: 'seq'; items: Node[] }
  | { k: 'set'; r: Ranges }
  | { k: 'rep'; body: Node; min: number; max: number; lazy: boolean }
  | { k: 'assert'; a: string };

const ALL: Ranges = [0, MAX_CP];
const DIGIT: Ranges = [0x30, 0x39];
const WORD: Ranges = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
// ECMAScript WhiteSpace + LineTerminator (what /\s/u matches in V8 11); RE2's own \s is ASCII-only, so RE2 gets this list.
const SPACE: Ranges = [9, 13, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f,
  0x205f, 0x205f, 0x3000, 0x3000, 0xfeff, 0xfeff];
const NOT_SURROGATE: Ranges = [0, 0xd7ff, 0xe000, MAX_CP];

const NOT_DIGIT = complement(DIGIT);
const NOT_SPACE = complement(SPACE);
const NOT_WORD = complement(WORD);

export class DialectError extends Error {}
DialectError.prototype.name = 'DialectError';

function normalize(pairs: [number, number][]): Ranges {
  pairs.sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [lo, hi] of pairs) {
    const n = out.length;
    if (n > 0 && lo <= out[n - 1]! + 1) out[n - 1] = Math.max(out[n - 1]!, hi);
    else out.push(lo, hi);
  }
  return out;
}
function union(...rs: Ranges[]): Ranges {
  if (rs.length === 1) return rs[0]!;
  const pairs: [number, number][] = [];
  for (const r of rs) for (let i = 0; i < r.length; i += 2) pairs.push([r[i]!, r[i + 1]!]);
  return normalize(pairs);
}
function complement(r: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (let i = 0; i < r.length; i += 2) {
    if (r[i]! > next) out.push(next, r[i]! - 1);
    next = r[i + 1]! + 1;
  }
  if (next <= MAX_CP) out.push(next, MAX_CP);
  return out;
}
function intersect(a: Ranges, b: Ranges): Ranges {
  const out: Ranges = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const lo = Math.max(a[i]!, b[j]!);
    const hi = Math.min(a[i + 1]!, b[j + 1]!);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}
const same = (a: Ranges, b: Ranges): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

const SYNTAX = new Set('^$\\.*+?()[]{}|/');
const fail = (msg: string): never => {
  throw new DialectError(msg);
};
const hex = (c: number): string => c.toString(16).toUpperCase();

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly cp: number[]) {}

  parse(): Node {
    const n = this.alt();
    if (this.i < this.cp.length) fail('unmatched )');
    return n;
  }
  private peek(o = 0): string {
    const c = this.cp[this.i + o];
    return c === undefined ? '' : String.fromCodePoint(c);
  }
  private alt(): Node {
    const alts = [this.seq()];
    while (this.peek() === '|') {
      this.i++;
      alts.push(this.seq());
    }
    return alts.length === 1 ? alts[0]! : { k: 'alt', alts };
  }
  private seq(): Node {
    const items: Node[] = [];
    for (let c = this.peek(); c !== '' && c !== '|' && c !== ')'; c = this.peek()) items.push(this.term());
    return items.length === 1 ? items[0]! : { k: 'seq', items };
  }
  private term(): Node {
    const c = this.peek();
    this.i++;
    let atom: Node;
    if (c === '^' || c === '$') return this.noQuantifier({ k: 'assert', a: c });
    if ('*+?{'.includes(c)) return fail(`nothing to repeat before '${c}'`);
    if (c === ']' || c === '}') return fail(`lone '${c}' (escape it as \\${c})`);
    if (c === '.') atom = { k: 'set', r: ALL };
    else if (c === '[') atom = { k: 'set', r: this.cls() };
    else if (c === '(') atom = this.group();
    else if (c === '\\') {
      const e = this.escape(false);
      if (typeof e === 'string') return this.noQuantifier({ k: 'assert', a: e });
      atom = { k: 'set', r: e };
    } else atom = { k: 'set', r: [this.cp[this.i - 1]!, this.cp[this.i - 1]!] };
    return this.quantifier(atom);
  }
  private noQuantifier(n: Node): Node {
    if ('*+?{'.includes(this.peek()) && this.peek() !== '') fail('an anchor or \\b cannot be repeated');
    return n;
  }
  private quantifier(body: Node): Node {
    let min: number;
    let max: number;
    const c = this.peek();
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(String.fromCodePoint(...this.cp.slice(this.i, this.i + 24)));
      if (!m) return fail("incomplete quantifier: '{' must be escaped as \\{");
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (min > max) fail(`numbers out of order in {${m[1]},${m[3]}}`);
      if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) fail(`repetition count above ${MAX_REPEAT} (RE2's limit)`);
      this.i += m[0].length - 1;
    } else return body;
    this.i++;
    const lazy = this.peek() === '?';
    if (lazy) this.i++;
    const next = this.peek();
    if (next === '+') fail('possessive quantifiers (*+, ++, ?+) are not supported');
    if (next !== '' && '*?{'.includes(next)) fail(`nothing to repeat before '${next}'`);
    return { k: 'rep', body, min, max, lazy };
  }
  private group(): Node {
    if (++this.depth > MAX_DEPTH) fail(`groups nested deeper than ${MAX_DEPTH}`);
    if (this.peek() === '?') {
      const two = this.peek(1) + this.peek(2);
      const lookaround = two === '<=' || two === '<!' || two[0] === '=' || two[0] === '!';
      if (two[0] === ':') this.i += 2;
      else if (lookaround) fail('lookaround ((?=, (?!, (?<=, (?<!) is not supported: RE2 has none');
      else if (two[0] === '<') {
        const m = /^\?<([A-Za-z_$][\w$]*)>/.exec(String.fromCodePoint(...this.cp.slice(this.i, this.i + 64)));
        if (!m) fail('bad group name: use (?<name>…) with an ASCII identifier');
        this.i += m![0].length;
      } else if (two[0] === '>') fail('atomic groups (?>…) are not supported');
      else if (two[0] === 'P') fail('named groups are written (?<name>…)');
      else fail('inline flags and other (?…) groups are not supported');
    }
    const n = this.alt();
    if (this.peek() !== ')') fail('missing )');
    this.i++;
    this.depth--;
    return n;
  }
  private cls(): Ranges {
    const negate = this.peek() === '^';
    if (negate) this.i++;
    const parts: Ranges[] = [];
    for (;;) {
      const c = this.peek();
      if (c === '') fail('missing ]');
      if (c === ']') break;
      const lo = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '') {
        this.i++;
        const hi = this.classAtom();
        if (!isChar(lo) || !isChar(hi)) fail('a class escape (\\d, \\s, \\w…) cannot bound a range');
        if (lo[0]! > hi[0]!) fail('range out of order in character class');
        parts.push([lo[0]!, hi[0]!]);
      } else parts.push(lo);
    }
    this.i++;
    const r = union(...parts);
    return negate ? complement(r) : r;
  }
  private classAtom(): Ranges {
    const c = this.cp[this.i++]!;
    if (c !== 0x5c) return [c, c];
    const e = this.escape(true);
    return typeof e === 'string' ? fail('\\B is not allowed in a character class') : e;
  }
  /** After a backslash: a set of code points, or an assertion name outside classes. */
  private escape(inClass: boolean): Ranges | string {
    const c = this.peek();
    this.i++;
    const one = (v: number): Ranges => [v, v];
    switch (c) {
      case 'd': return DIGIT;
      case 'D': return NOT_DIGIT;
      case 's': return SPACE;
      case 'S': return NOT_SPACE;
      case 'w': return WORD;
      case 'W': return NOT_WORD;
      case 'b': return inClass ? one(8) : '\\b';
      case 'B': return '\\B';
      case 't': return one(9);
      case 'n': return one(10);
      case 'v': return one(11);
      case 'f': return one(12);
      case 'r': return one(13);
      case '0':
        if (/[0-9]/.test(this.peek())) fail('octal escapes are not supported (use \\x..)');
        return one(0);
      case 'c': {
        const l = this.peek();
        if (!/^[A-Za-z]$/.test(l)) fail('\\c must be followed by a letter');
        this.i++;
        return one(l.charCodeAt(0) % 32);
      }
      case 'x': return one(this.hexDigits(2));
      case 'u': return one(this.unicodeEscape());
      case 'p':
      case 'P':
        return fail('Unicode property escapes (\\p{…}) are not supported: V8 and RE2 use different Unicode tables');
      case 'k': return fail('backreferences (\\k<name>) are not supported: RE2 has none');
      case '': return fail('\\ at end of pattern');
    }
    if (/[1-9]/.test(c)) fail('backreferences (\\1…) are not supported: RE2 has none');
    if (SYNTAX.has(c) || (inClass && c === '-')) return one(c.codePointAt(0)!);
    if (/[AzZG]/.test(c)) fail(`\\${c} is not JS syntax (use ^ and $)`);
    return fail(`unknown escape \\${c}`);
  }
  private hexDigits(n: number): number {
    let s = '';
    for (let k = 0; k < n; k++) s += this.peek(k);
    if (!new RegExp(`^[0-9A-Fa-f]{${n}}$`).test(s)) fail(`bad hex escape (\\x needs 2 digits, \\u 4 or {…})`);
    this.i += n;
    return parseInt(s, 16);
  }
  private unicodeEscape(): number {
    if (this.peek() === '{') {
      const end = this.cp.indexOf(0x7d, this.i);
      const s = end < 0 ? '' : String.fromCodePoint(...this.cp.slice(this.i + 1, end));
      if (!/^[0-9A-Fa-f]{1,8}$/.test(s) || parseInt(s, 16) > MAX_CP) fail('bad \\u{…} escape');
      this.i = end + 1;
      return checkScalar(parseInt(s, 16));
    }
    const v = this.hexDigits(4);
    if (v >= 0xd800 && v <= 0xdbff && this.peek() === '\\' && this.peek(1) === 'u') {
      const save = this.i;
      this.i += 2;
      const lo = /^[0-9A-Fa-f]{4}$/.test(this.peek() + this.peek(1) + this.peek(2) + this.peek(3)) ? this.hexDigits(4) : -1;
      if (lo >= 0xdc00 && lo <= 0xdfff) return 0x10000 + ((v - 0xd800) << 10) + (lo - 0xdc00);
      this.i = save;
    }
    return checkScalar(v);
  }
}

const isChar = (r: Ranges): boolean => r.length === 2 && r[0] === r[1];
function checkScalar(c: number): number {
  if (c >= 0xd800 && c <= 0xdfff) fail('lone surrogates (\\uD800–\\uDFFF) are not supported');
  return c;
}

// ---- checks shared by both engines ----

/** RE2's RepetitionWalker: 1000 divided by each nested counted repeat must stay above 0. */
function repeatBudget(n: Node, budget: number): boolean {
  if (n.k === 'rep') {
    const m = n.max === Infinity ? n.min : n.max;
    if (m > 1) budget = Math.floor(budget / m);
    return budget > 0 && repeatBudget(n.body, budget);
  }
  if (n.k === 'alt') return n.alts.every((a) => repeatBudget(a, budget));
  if (n.k === 'seq') return n.items.every((a) => repeatBudget(a, budget));
  return true;
}
function weight(n: Node): number {
  switch (n.k) {
    case 'set': return isChar(n.r) ? 1 : 2 + 3 * n.r.length;
    case 'assert': return 1;
    case 'alt': return n.alts.reduce((s, a) => s + weight(a) + 1, 0);
    case 'seq': return n.items.reduce((s, a) => s + weight(a), 0);
    case 'rep': return 2 + weight(n.body) * Math.max(1, n.max === Infinity ? n.min + 1 : n.max);
  }
}
function starHeight(n: Node): number {
  if (n.k === 'rep') return starHeight(n.body) + (n.max > 1 ? 1 : 0);
  if (n.k === 'alt') return Math.max(0, ...n.alts.map(starHeight));
  if (n.k === 'seq') return Math.max(0, ...n.items.map(starHeight));
  return 0;
}

// ---- emitters ----

const isAlnum = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const jsUnit = (c: number): string => (isAlnum(c) ? String.fromCharCode(c) : `\\u${hex(c).padStart(4, '0')}`);
function jsRanges(r: Ranges): string {
  let s = '';
  for (let i = 0; i < r.length; i += 2) s += r[i] === r[i + 1] ? jsUnit(r[i]!) : `${jsUnit(r[i]!)}-${jsUnit(r[i + 1]!)}`;
  return s;
}
/** A class over UTF-16 units (`r` within 0–FFFF), written positively or negated, whichever is shorter. */
function jsClass(r: Ranges): string {
  if (r.length === 0) return '[]';
  if (isChar(r)) return jsUnit(r[0]!);
  for (const [name, set] of STANDARD) if (same(r, set)) return name; // readable, and V8's fast paths for its own classes
  const neg = intersect(complement(r), BMP);
  return neg.length === 0 ? '[^]' : neg.length < r.length ? `[^${jsRanges(neg)}]` : `[${jsRanges(r)}]`;
}
// V8's non-u class escapes, as sets of UTF-16 units (\s is the same list in both modes; \d and \w are ASCII).
const BMP: Ranges = [0, 0xffff];
const STANDARD: [string, Ranges][] = [
  ['\\s', SPACE], ['\\S', intersect(NOT_SPACE, BMP)], ['\\d', DIGIT], ['\\D', intersect(NOT_DIGIT, BMP)], ['\\w', WORD],
  ['\\W', intersect(NOT_WORD, BMP)],
];
/** Astral code points as surrogate-pair alternatives (what `u` mode does internally). */
function astralPairs(r: Ranges): string[] {
  const out: string[] = [];
  const hs = (c: number): number => 0xd800 + ((c - 0x10000) >> 10);
  const ls = (c: number): number => 0xdc00 + ((c - 0x10000) & 0x3ff);
  for (let i = 0; i < r.length; i += 2) {
    const [lo, hi] = [r[i]!, r[i + 1]!];
    if (hs(lo) === hs(hi)) out.push(jsUnit(hs(lo)) + jsClass([ls(lo), ls(hi)]));
    else {
      out.push(jsUnit(hs(lo)) + jsClass([ls(lo), 0xdfff]));
      if (hs(hi) - hs(lo) > 1) out.push(jsClass([hs(lo) + 1, hs(hi) - 1]) + '[\\uDC00-\\uDFFF]');
      out.push(jsUnit(hs(hi)) + jsClass([0xdc00, ls(hi)]));
    }
  }
  return out;
}

type Mode = 'fast' | 'exact' | 're2';
interface EmitOpts {
  mode: Mode;
  expand: boolean; // spell out counted repeats so that V8's linear engine accepts the pattern
}

function emitSet(r: Ranges, mode: Mode): string {
  if (mode === 'fast') return jsClass(intersect(r, BMP)); // no surrogates in the input: units are code points
  if (mode === 're2') {
    const s = intersect(r, NOT_SURROGATE);
    if (same(s, NOT_SURROGATE)) return '(?s:.)';
    if (s.length === 0) return '[^\\x{0}-\\x{10FFFF}]';
    const ch = (c: number): string => (isAlnum(c) ? String.fromCharCode(c) : `\\x{${hex(c)}}`);
    if (isChar(s)) return ch(s[0]!);
    let out = '[';
    for (let i = 0; i < s.length; i += 2) out += s[i] === s[i + 1] ? ch(s[i]!) : `${ch(s[i]!)}-${ch(s[i + 1]!)}`;
    return out + ']';
  }
  const bmp = intersect(r, [0, 0xd7ff, 0xe000, 0xffff]);
  const parts = astralPairs(intersect(r, [0x10000, MAX_CP]));
  if (bmp.length > 0) parts.unshift(jsClass(bmp));
  return parts.length === 0 ? '[]' : parts.length === 1 && bmp.length > 0 ? parts[0]! : `(?:${parts.join('|')})`;
}
function quant(min: number, max: number): string {
  if (max === Infinity) return min === 0 ? '*' : min === 1 ? '+' : `{${min},}`;
  return min === 0 && max === 1 ? '?' : min === max ? `{${min}}` : `{${min},${max}}`;
}
function emit(n: Node, o: EmitOpts): string {
  switch (n.k) {
    case 'set': return emitSet(n.r, o.mode);
    case 'assert': return n.a;
    case 'alt': return `(?:${n.alts.map((a) => emit(a, o)).join('|')})`;
    case 'seq': return n.items.map((a) => emit(a, o)).join('');
    case 'rep': {
      const b = emit(n.body, o);
      const atom = n.body.k === 'alt' || n.body.k === 'set' ? b : `(?:${b})`; // emitSet always returns one atom
      const lazy = n.lazy && o.mode !== 're2' ? '?' : '';
      if (!o.expand || (n.min <= 1 && (n.max === Infinity ? n.min === 0 : n.max <= 1))) return atom + quant(n.min, n.max) + lazy;
      // V8's linear engine refuses counts above 16 and nested `+`: x{2,4} → xx(?:x(?:x)?)?, x+ → xx*.
      let s = atom.repeat(n.min);
      if (n.max === Infinity) return s + atom + '*' + lazy;
      let opt = '';
      for (let k = n.min; k < n.max; k++) opt = `(?:${atom}${opt})?${lazy}`;
      return s + opt;
    }
  }
}

function canLinear(js: string): boolean {
  try {
    new RegExp(js, 'l');
    return true;
  } catch {
    return false;
  }
}
/** Can match without consuming anything: only such a match could start inside a character (see charStart). */
function nullable(n: Node): boolean {
  switch (n.k) {
    case 'set': return false;
    case 'assert': return true;
    case 'alt': return n.alts.some(nullable);
    case 'seq': return n.items.every(nullable);
    case 'rep': return n.min === 0 || nullable(n.body);
  }
}
/**
 * Both engines try matches at every code unit (V8) or byte (RE2), inside a character too, where `\B` holds (both
 * neighbours are non-word): unprefixed, `\B` would match "é" in RE2. The dialect tries code point boundaries only, so a
 * nullable pattern starts after a whole character or at 0. Others are unaffected: no character starts mid-character.
 */
function charStart(root: Node, mode: Mode): string {
  if (mode === 'fast' || !nullable(root)) return '';
  return mode === 'exact' ? '(?:^|[^\\uD800-\\uDBFF])' : '(?:^|(?s:.))';
}
function v8Form(root: Node, mode: 'fast' | 'exact'): string {
  const prefix = charStart(root, mode);
  let js = prefix + `(?:${emit(root, { mode, expand: false })})`;
  if (linearFallback && !canLinear(js)) {
    js = prefix + `(?:${emit(root, { mode, expand: true })})`;
    if (!canLinear(js)) fail("V8's linear-time engine cannot run it (too large once counted repeats are spelled out)");
  }
  try {
    new RegExp(js);
  } catch (err) {
    fail(`V8 rejects the translated form: ${(err as Error).message}`);
  }
  return js;
}

// Rules reload often with the same patterns (and compile.ts checks each pattern before the matchers translate it).
const cache = new Map<string, Translation | string>();

/** Parses a dialect pattern and emits every engine's form; throws DialectError with a one-line reason. */
export function translate(source: string): Translation {
  let t = cache.get(source);
  if (t === undefined) {
    try {
      t = translateUncached(source);
    } catch (err) {
      if (!(err instanceof DialectError)) throw err;
      t = err.message;
    }
    if (cache.size >= 50000) cache.clear();
    cache.set(source, t);
  }
  return typeof t === 'string' ? fail(t) : t;
}

/** Translations already made for these sources (the build stores the built-in pack's, to skip ~30 ms at start-up). */
export function knownTranslations(sources: readonly string[]): Array<[string, Translation]> {
  const out: Array<[string, Translation]> = [];
  for (const source of sources) {
    try {
      out.push([source, translate(source)]);
    } catch {
      // not in the dialect: nothing to store
    }
  }
  return out;
}

/** Seeds the cache with stored translations; only valid for the same Node (V8's linear engine decides the forms). */
export function primeTranslations(entries: ReadonlyArray<[string, Translation]>): void {
  for (const [source, t] of entries) if (!cache.has(source)) cache.set(source, t);
}

function translateUncached(source: string): Translation {
  if (source.length > MAX_SOURCE) fail(`longer than ${MAX_SOURCE} characters`);
  const cps = Array.from(source, (ch) => checkScalar(ch.codePointAt(0)!));
  const root = new Parser(cps).parse();
  if (!repeatBudget(root, MAX_REPEAT)) fail(`nested counted repeats multiply above ${MAX_REPEAT} (RE2's limit)`);
  if (weight(root) > MAX_WEIGHT) fail('too large once counted repeats are spelled out');
  const risky = starHeight(root) > 1;
  if (risky && !linearFallback) fail("nested quantifiers need V8's linear-time engine, which this Node lacks");
  const re2 = charStart(root, 're2') + `(?:${emit(root, { mode: 're2', expand: false })})`;
  return { js: v8Form(root, 'fast'), jsExact: v8Form(root, 'exact'), re2, risky };
}

/** RE2's verdict on an RE2-form pattern, or undefined when the addon has no RE2 (then only the syntax checks apply). */
export type Re2Check = (re2Source: string) => string | null;
let nativeCheck: Re2Check | null | undefined;
function defaultRe2Check(): Re2Check | null {
  if (nativeCheck === undefined) {
    try {
      const load = loadNative();
      nativeCheck = load.ok && load.binding.Matcher ? load.binding.Matcher.check : null;
    } catch {
      nativeCheck = null;
    }
  }
  return nativeCheck;
}

/**
 * Null when `source` is in the dialect, else a one-line reason. Compiles with V8 ('su' and the translated forms) and,
 * when the addon has RE2, with RE2; without RE2 the syntax checks above reject what RE2 would reject.
 */
export function checkPattern(source: string): string | null {
  return checkPatternWith(source, defaultRe2Check());
}

/** checkPattern with an explicit RE2 verdict (null: syntax checks only, as in a build without RE2). */
export function checkPatternWith(source: string, re2: Re2Check | null): string | null {
  let t: Translation;
  try {
    t = translate(source);
    new RegExp(source, 'su');
  } catch (err) {
    if (err instanceof DialectError || err instanceof SyntaxError) return err.message.replace(/^Invalid regular expression: /, '');
    throw err;
  }
  const msg = re2?.(t.re2);
  return msg ? `RE2 rejects it: ${msg}` : null;
}

/** Translates every spec, or throws PatternError(reason, index) for the first bad one. */
export function compilePatterns(specs: readonly PatternSpec[]): Translation[] {
  return specs.map((spec, index) => {
    try {
      return translate(spec.source);
    } catch (err) {
      if (err instanceof DialectError) throw new PatternError(err.message, index);
      throw err;
    }
  });
}
