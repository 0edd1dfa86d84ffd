// Character tables and look-ahead scans shared by the lexers: plain runs, arithmetic ends, extglob groups, $'…'.
import type { Part } from './words.js';

/** Nesting bound for `$(…)`, backticks and `${…}`: deeper input is judged by the fallback splitter. */
export const MAX_LEX_DEPTH = 48;

/** Unbalanced quotes or substitutions; the caller falls back to whitespace splitting. */
export class LexError extends Error {
  override readonly name = 'LexError';
}

/** The one instance thrown: capturing a stack per malformed line cost ~25 µs, and the message is never shown. */
export const LEX_FAIL = new LexError('input does not lex');

// Word-ending characters: blank, newline, ; & | < > ( ).
export const META = new Uint8Array(128);
for (const c of ' \t\n;&|<>()') META[c.charCodeAt(0)] = 1;
// Characters that end a plain run inside a word: META plus \ ' " $ `.
export const STOP = new Uint8Array(128);
for (const c of ' \t\n;&|<>()\\\'"$`') STOP[c.charCodeAt(0)] = 1;
// Characters that end a run inside double quotes or heredoc bodies.
export const DQ_STOP = new Uint8Array(128);
for (const c of '"\\$`') DQ_STOP[c.charCodeAt(0)] = 1;
export const HD_STOP = new Uint8Array(128);
for (const c of '\\$`') HD_STOP[c.charCodeAt(0)] = 1;
export const SPECIAL_PARAM = '@*#?$!-0123456789';
export const ARRAY_HEAD = /^[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=$/;
const ANSI_SIMPLE: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?',
};

export function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
export function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

export function pushLit(parts: Part[], v: string, q: boolean): void {
  const last = parts[parts.length - 1];
  if (last !== undefined && last.k === 'lit' && last.q === q) last.v += v;
  else parts.push({ k: 'lit', v, q });
}


/** Index of the `))` closing an arithmetic expression that starts at `from` (or -1), and how far it read. */
export function arithEnd(src: string, from: number): { end: number; read: number } {
  let depth = 0;
  for (let i = from; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 40) depth++;
    else if (c === 41) {
      if (depth === 0) return { end: src.charCodeAt(i + 1) === 41 ? i : -1, read: i - from };
      depth--;
    } else if (c === 92) i++;
    else if (c === 39 || c === 34) {
      const end = src.indexOf(c === 39 ? "'" : '"', i + 1);
      if (end < 0) break;
      i = end;
    }
  }
  return { end: -1, read: src.length - from };
}

/** End (exclusive) of the balanced `(…)` group of an extglob starting at `pos`, or -1; and how far it read. */
export function extglobEnd(src: string, pos: number): { end: number; read: number } {
  let depth = 0;
  for (let i = pos; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 10) return { end: -1, read: i - pos };
    if (c === 92) i++;
    else if (c === 40) depth++;
    else if (c === 41 && --depth === 0) return { end: i + 1, read: i - pos };
  }
  return { end: -1, read: src.length - pos };
}

/** Decodes `$'…'` from `pos` (just after the opening quote) through the closing quote. */
export function decodeAnsiC(src: string, pos: number): { v: string; end: number } {
  let out = '';
  let i = pos;
  const digits = (radix: number, max: number, acc: number): number => {
    for (let n = 0; n < max && i < src.length; n++) {
      const d = parseInt(src[i]!, radix);
      if (Number.isNaN(d)) break;
      acc = acc * radix + d;
      i++;
    }
    return acc;
  };
  for (;;) {
    if (i >= src.length) throw LEX_FAIL; // unterminated $'
    const c = src[i]!;
    if (c === "'") return { v: out, end: i + 1 };
    if (c !== '\\' || i + 1 >= src.length) {
      out += c;
      i++;
      continue;
    }
    const e = src[i + 1]!;
    i += 2;
    const simple = ANSI_SIMPLE[e];
    if (simple !== undefined) {
      out += simple;
    } else if (e >= '0' && e <= '7') {
      out += String.fromCharCode(digits(8, 2, parseInt(e, 8)) & 0xff);
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const start = i;
      const v = digits(16, e === 'x' ? 2 : e === 'u' ? 4 : 8, 0);
      if (i === start) out += '\\' + e;
      else out += v <= 0x10ffff ? String.fromCodePoint(v) : '';
    } else if (e === 'c' && i < src.length) {
      out += String.fromCharCode(src.charCodeAt(i) & 0x1f);
      i++;
    } else {
      out += '\\' + e;
    }
  }
}

/** End of a run of characters not in `stop` (non-ASCII never stops a run). */
export function runEnd(src: string, from: number, stop: Uint8Array): number {
  let j = from;
  while (j < src.length) {
    const d = src.charCodeAt(j);
    if (d < 128 && stop[d] === 1) break;
    j++;
  }
  return j;
}

/** The body of a backquoted substitution at `start`, with \\ \` \$ (and \" inside double quotes) unescaped. */
export function backtickBody(src: string, start: number, inDouble: boolean): { body: string; end: number } {
  let body = '';
  let i = start + 1;
  for (;;) {
    if (i >= src.length) throw LEX_FAIL; // unterminated `
    const c = src.charCodeAt(i);
    if (c === 96) return { body, end: i + 1 };
    if (c === 92 && i + 1 < src.length) {
      const n = src.charCodeAt(i + 1);
      if (n === 96 || n === 92 || n === 36 || (inDouble && n === 34)) {
        body += src[i + 1];
        i += 2;
        continue;
      }
    }
    body += src[i];
    i++;
  }
}
