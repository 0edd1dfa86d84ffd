// Word-level lexing: quotes, escapes and expansions ($NAME, ${…}, $(…), `…`, $((…)), $'…', <(…)), as bash reads them.
import type { Part, Token, Word } from './words.js';

/** Nesting bound for `$(…)`, backticks and `${…}`: deeper input is judged by the fallback splitter. */
export const MAX_LEX_DEPTH = 48;

/** Unbalanced quotes or substitutions; the caller falls back to whitespace splitting. */
export class LexError extends Error {
  override readonly name = 'LexError';
}

// Word-ending characters: blank, newline, ; & | < > ( ).
const META = new Uint8Array(128);
for (const c of ' \t\n;&|<>()') META[c.charCodeAt(0)] = 1;
// Characters that end a plain run inside a word: META plus \ ' " $ `.
const STOP = new Uint8Array(128);
for (const c of ' \t\n;&|<>()\\\'"$`') STOP[c.charCodeAt(0)] = 1;
// Characters that end a run inside double quotes or heredoc bodies.
const DQ_STOP = new Uint8Array(128);
for (const c of '"\\$`') DQ_STOP[c.charCodeAt(0)] = 1;
const HD_STOP = new Uint8Array(128);
for (const c of '\\$`') HD_STOP[c.charCodeAt(0)] = 1;
const SPECIAL_PARAM = '@*#?$!-0123456789';
const ARRAY_HEAD = /^[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=$/;
const ANSI_SIMPLE: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?',
};

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

function pushLit(parts: Part[], v: string, q: boolean): void {
  const last = parts[parts.length - 1];
  if (last !== undefined && last.k === 'lit' && last.q === q) last.v += v;
  else parts.push({ k: 'lit', v, q });
}

export abstract class ExpandLexer {
  pos = 0;

  constructor(readonly src: string, protected depth: number) {}

  /** Lexes tokens from pos up to the `)` that closes `$(`, `<(` or `NAME=(`. */
  protected abstract subTokens(array: boolean): Token[];
  /** Lexes a separate script (a backtick body) into tokens. */
  protected abstract freshTokens(src: string): Token[];
  /** A lexer of the same kind over separate text, one level deeper. */
  protected abstract child(src: string): ExpandLexer;

  skipBlanks(): void {
    const src = this.src;
    for (;;) {
      const c = src.charCodeAt(this.pos);
      if (c === 32 || c === 9) this.pos++;
      else if (c === 92 && src.charCodeAt(this.pos + 1) === 10) this.pos += 2;
      else return;
    }
  }

  readWord(): Word {
    const src = this.src;
    const len = src.length;
    const start = this.pos;
    const parts: Part[] = [];
    while (this.pos < len) {
      const c = src.charCodeAt(this.pos);
      if (c < 128 && META[c] === 1) {
        if (c === 40 && (this.extglob(parts) || this.array(parts))) continue;
        if ((c === 60 || c === 62) && src.charCodeAt(this.pos + 1) === 40) {
          this.sub(parts, c === 60 ? '<(' : '>(', false);
          continue;
        }
        break;
      }
      switch (c) {
        case 92: // backslash
          if (this.pos + 1 >= len) {
            pushLit(parts, '\\', false);
            this.pos++;
          } else if (src.charCodeAt(this.pos + 1) === 10) {
            this.pos += 2;
          } else {
            pushLit(parts, src[this.pos + 1]!, true);
            this.pos += 2;
          }
          continue;
        case 39: { // '
          const end = src.indexOf("'", this.pos + 1);
          if (end < 0) throw new LexError("unterminated '");
          pushLit(parts, src.slice(this.pos + 1, end), true);
          this.pos = end + 1;
          continue;
        }
        case 34: // "
          this.double(parts);
          continue;
        case 36: // $
          this.dollar(parts, false);
          continue;
        case 96: // `
          this.backtick(parts, false);
          continue;
        default: {
          let j = this.pos + 1;
          while (j < len) {
            const d = src.charCodeAt(j);
            if (d < 128 && STOP[d] === 1) break;
            j++;
          }
          pushLit(parts, src.slice(this.pos, j), false);
          this.pos = j;
        }
      }
    }
    return { raw: src.slice(start, this.pos), parts };
  }

  /** The parts of an unquoted heredoc body or an arithmetic expression: `$` and backquotes expand, quotes do not. */
  heredocParts(): Part[] {
    const src = this.src;
    const parts: Part[] = [];
    while (this.pos < src.length) {
      const c = src.charCodeAt(this.pos);
      if (c === 92) {
        const n = src.charCodeAt(this.pos + 1);
        if (n === 36 || n === 96 || n === 92) {
          pushLit(parts, src[this.pos + 1]!, true);
          this.pos += 2;
        } else if (n === 10) {
          this.pos += 2;
        } else {
          pushLit(parts, '\\', false);
          this.pos++;
        }
      } else if (c === 36) {
        this.dollar(parts, true);
      } else if (c === 96) {
        this.backtick(parts, true);
      } else {
        let j = this.pos + 1;
        while (j < src.length) {
          const d = src.charCodeAt(j);
          if (d < 128 && HD_STOP[d] === 1) break;
          j++;
        }
        pushLit(parts, src.slice(this.pos, j), false);
        this.pos = j;
      }
    }
    return parts;
  }

  /** Index of the `))` closing an arithmetic expression that starts at `from`, or -1. */
  arithEnd(from: number): number {
    const src = this.src;
    let depth = 0;
    for (let i = from; i < src.length; i++) {
      const c = src.charCodeAt(i);
      if (c === 40) depth++;
      else if (c === 41) {
        if (depth === 0) return src.charCodeAt(i + 1) === 41 ? i : -1;
        depth--;
      } else if (c === 92) i++;
      else if (c === 39 || c === 34) {
        const end = src.indexOf(c === 39 ? "'" : '"', i + 1);
        if (end < 0) return -1;
        i = end;
      }
    }
    return -1;
  }

  private double(parts: Part[]): void {
    const src = this.src;
    const len = src.length;
    this.pos++;
    const before = parts.length;
    for (;;) {
      if (this.pos >= len) throw new LexError('unterminated "');
      const c = src.charCodeAt(this.pos);
      if (c === 34) {
        this.pos++;
        if (parts.length === before) pushLit(parts, '', true); // "" is still a (quoted, empty) word
        return;
      }
      if (c === 92) {
        const n = src.charCodeAt(this.pos + 1);
        if (n === 36 || n === 96 || n === 34 || n === 92) {
          pushLit(parts, src[this.pos + 1]!, true);
          this.pos += 2;
        } else if (n === 10) {
          this.pos += 2;
        } else {
          pushLit(parts, '\\', true);
          this.pos++;
        }
      } else if (c === 36) {
        this.dollar(parts, true);
      } else if (c === 96) {
        this.backtick(parts, true);
      } else {
        let j = this.pos + 1;
        while (j < len) {
          const d = src.charCodeAt(j);
          if (d < 128 && DQ_STOP[d] === 1) break;
          j++;
        }
        pushLit(parts, src.slice(this.pos, j), true);
        this.pos = j;
      }
    }
  }

  private dollar(parts: Part[], q: boolean): void {
    const src = this.src;
    const start = this.pos;
    const n = src.charCodeAt(start + 1);
    if (n === 40) { // $( or $((
      if (src.charCodeAt(start + 2) === 40) {
        const end = this.arithEnd(start + 3);
        if (end >= 0) {
          const nested = this.nestedParts(src.slice(start + 3, end));
          this.pos = end + 2;
          parts.push({ k: 'arith', raw: src.slice(start, this.pos), q, nested });
          return;
        }
      }
      this.sub(parts, '$(', q);
      return;
    }
    if (n === 123) {
      this.braceParam(parts, q);
      return;
    }
    if (!q && n === 39) {
      this.pos += 2;
      pushLit(parts, this.ansiC(), true);
      return;
    }
    if (!q && n === 34) {
      this.pos++;
      this.double(parts);
      return;
    }
    if (isNameStart(n)) {
      let j = start + 2;
      while (j < src.length && isNameChar(src.charCodeAt(j))) j++;
      this.pos = j;
      parts.push({ k: 'param', raw: src.slice(start, j), name: src.slice(start + 1, j), q, nested: null });
      return;
    }
    if (start + 1 < src.length && SPECIAL_PARAM.includes(src[start + 1]!)) {
      this.pos = start + 2;
      parts.push({ k: 'param', raw: src.slice(start, start + 2), name: '', q, nested: null });
      return;
    }
    this.pos++;
    pushLit(parts, '$', q);
  }

  private nestedParts(text: string): Part[] | null {
    if (text.indexOf('$') < 0 && text.indexOf('`') < 0) return null;
    if (this.depth >= MAX_LEX_DEPTH) throw new LexError('nesting too deep');
    return this.child(text).heredocParts();
  }

  private braceParam(parts: Part[], q: boolean): void {
    const src = this.src;
    const start = this.pos;
    this.pos += 2;
    let j = this.pos;
    while (j < src.length && isNameChar(src.charCodeAt(j))) j++;
    if (j > this.pos && src.charCodeAt(j) === 125 && isNameStart(src.charCodeAt(this.pos))) {
      const name = src.slice(this.pos, j);
      this.pos = j + 1;
      parts.push({ k: 'param', raw: src.slice(start, this.pos), name, q, nested: null });
      return;
    }
    if (this.depth >= MAX_LEX_DEPTH) throw new LexError('nesting too deep');
    this.depth++;
    const nested: Part[] = [];
    let depth = 0;
    for (;;) {
      if (this.pos >= src.length) throw new LexError('unterminated ${');
      const c = src.charCodeAt(this.pos);
      if (c === 125) {
        this.pos++;
        if (depth === 0) break;
        depth--;
      } else if (c === 123) {
        depth++;
        this.pos++;
      } else if (c === 92) {
        this.pos += 2;
      } else if (c === 39 && !q) {
        const end = src.indexOf("'", this.pos + 1);
        if (end < 0) throw new LexError("unterminated '");
        this.pos = end + 1;
      } else if (c === 34) {
        this.double(nested);
      } else if (c === 36) {
        this.dollar(nested, true);
      } else if (c === 96) {
        this.backtick(nested, true);
      } else {
        this.pos++;
      }
    }
    this.depth--;
    parts.push({ k: 'param', raw: src.slice(start, this.pos), name: '', q, nested: nested.length > 0 ? nested : null });
  }

  private sub(parts: Part[], kind: '$(' | '<(' | '>(', q: boolean): void {
    const start = this.pos;
    this.pos += 2;
    const tokens = this.subTokens(false);
    if (this.src.charCodeAt(this.pos) !== 41) throw new LexError('unterminated ' + kind);
    this.pos++;
    parts.push({ k: 'sub', raw: this.src.slice(start, this.pos), q, kind, tokens });
  }

  private backtick(parts: Part[], q: boolean): void {
    const src = this.src;
    const start = this.pos;
    let body = '';
    let i = start + 1;
    for (;;) {
      if (i >= src.length) throw new LexError('unterminated `');
      const c = src.charCodeAt(i);
      if (c === 96) break;
      if (c === 92 && i + 1 < src.length) {
        const n = src.charCodeAt(i + 1);
        if (n === 96 || n === 92 || n === 36 || (q && n === 34)) {
          body += src[i + 1];
          i += 2;
          continue;
        }
      }
      body += src[i];
      i++;
    }
    this.pos = i + 1;
    if (this.depth >= MAX_LEX_DEPTH) throw new LexError('nesting too deep');
    parts.push({ k: 'sub', raw: src.slice(start, this.pos), q, kind: '`', tokens: this.freshTokens(body) });
  }

  /** `@(…)`, `!(…)`, `*(…)`, `+(…)`, `?(…)` right after an unquoted glob char: extglob text, kept literal. */
  private extglob(parts: Part[]): boolean {
    const last = parts[parts.length - 1];
    if (last === undefined || last.k !== 'lit' || last.q || !'@!*+?'.includes(last.v[last.v.length - 1] ?? '')) return false;
    const src = this.src;
    let depth = 0;
    for (let i = this.pos; i < src.length; i++) {
      const c = src.charCodeAt(i);
      if (c === 10) return false;
      if (c === 92) i++;
      else if (c === 40) depth++;
      else if (c === 41 && --depth === 0) {
        pushLit(parts, src.slice(this.pos, i + 1), false);
        this.pos = i + 1;
        return true;
      }
    }
    return false;
  }

  /** `NAME=(…)`: an array value; its words are kept for the substitutions they hold. */
  private array(parts: Part[]): boolean {
    const first = parts[0];
    if (parts.length !== 1 || first === undefined || first.k !== 'lit' || first.q || !ARRAY_HEAD.test(first.v)) return false;
    const start = this.pos;
    this.pos++;
    const toks = this.subTokens(true);
    if (this.src.charCodeAt(this.pos) !== 41) throw new LexError('unterminated array');
    this.pos++;
    const nested: Part[] = [];
    const items: Word[] = [];
    for (const t of toks) {
      if (t.t !== 'w') continue;
      nested.push(...t.w.parts);
      items.push(t.w);
    }
    parts.push({ k: 'array', raw: this.src.slice(start, this.pos), q: false, nested, items });
    return true;
  }

  /** Decodes `$'…'` from pos (just after the opening quote) through the closing quote. */
  private ansiC(): string {
    const src = this.src;
    let out = '';
    for (;;) {
      if (this.pos >= src.length) throw new LexError("unterminated $'");
      const c = src[this.pos]!;
      if (c === "'") {
        this.pos++;
        return out;
      }
      if (c !== '\\' || this.pos + 1 >= src.length) {
        out += c;
        this.pos++;
        continue;
      }
      const e = src[this.pos + 1]!;
      this.pos += 2;
      const simple = ANSI_SIMPLE[e];
      if (simple !== undefined) {
        out += simple;
      } else if (e >= '0' && e <= '7') {
        out += String.fromCharCode(this.digits(8, 2, parseInt(e, 8)) & 0xff);
      } else if (e === 'x' || e === 'u' || e === 'U') {
        const max = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const start = this.pos;
        const v = this.digits(16, max, 0);
        if (this.pos === start) out += '\\' + e;
        else out += v <= 0x10ffff ? String.fromCodePoint(v) : '';
      } else if (e === 'c' && this.pos < src.length) {
        out += String.fromCharCode(src.charCodeAt(this.pos) & 0x1f);
        this.pos++;
      } else {
        out += '\\' + e;
      }
    }
  }

  private digits(radix: number, max: number, acc: number): number {
    for (let n = 0; n < max && this.pos < this.src.length; n++) {
      const d = parseInt(this.src[this.pos]!, radix);
      if (Number.isNaN(d)) break;
      acc = acc * radix + d;
      this.pos++;
    }
    return acc;
  }
}
