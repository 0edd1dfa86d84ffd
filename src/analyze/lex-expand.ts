// Word-level lexing: quotes, escapes and expansions ($NAME, ${…}, $(…), `…`, $((…)), $'…', <(…)), as bash reads them.
import type { Part, Token, Word } from './words.js';
import {
  ARRAY_HEAD, DQ_STOP, HD_STOP, LEX_FAIL, MAX_LEX_DEPTH, META, SPECIAL_PARAM, STOP, arithEnd, backtickBody, decodeAnsiC, extglobEnd,
  isNameChar, isNameStart, pushLit, runEnd,
} from './lex-scan.js';

export { LexError, MAX_LEX_DEPTH } from './lex-scan.js';

export abstract class ExpandLexer {
  pos = 0;
  /** Characters that look-ahead scans (`((…))`, extglob) may still read: keeps lexing linear on hostile input. */
  private scanBudget: number;

  constructor(readonly src: string, protected depth: number) {
    this.scanBudget = 4 * src.length + 4096;
  }

  /** Charges a look-ahead scan; input that needs more is judged by the fallback splitter. */
  protected charge(n: number): void {
    this.scanBudget -= n;
    if (this.scanBudget < 0) throw LEX_FAIL; // input too complex
  }

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
          if (end < 0) throw LEX_FAIL; // unterminated '
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
          const j = runEnd(src, this.pos + 1, STOP);
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
    while (this.pos < src.length) this.expandingStep(parts, false);
    return parts;
  }

  /** Index of the `))` closing an arithmetic expression that starts at `from`, or -1. */
  arithEnd(from: number): number {
    const r = arithEnd(this.src, from);
    this.charge(r.read);
    return r.end;
  }

  private double(parts: Part[]): void {
    const src = this.src;
    const len = src.length;
    this.pos++;
    const before = parts.length;
    for (;;) {
      if (this.pos >= len) throw LEX_FAIL; // unterminated "
      const c = src.charCodeAt(this.pos);
      if (c === 34) {
        this.pos++;
        if (parts.length === before) pushLit(parts, '', true); // "" is still a (quoted, empty) word
        return;
      }
      this.expandingStep(parts, true);
    }
  }

  /**
   * One step where `$` and backquotes expand but quotes do not: inside "…" (dq) or an unquoted heredoc body.
   * A backslash escapes only $ ` \ (and " inside "…") and drops a newline; elsewhere it stays, quoted only in "…".
   */
  private expandingStep(parts: Part[], dq: boolean): void {
    const src = this.src;
    const c = src.charCodeAt(this.pos);
    if (c === 92) {
      const n = src.charCodeAt(this.pos + 1);
      if (n === 36 || n === 96 || n === 92 || (dq && n === 34)) {
        pushLit(parts, src[this.pos + 1]!, true);
        this.pos += 2;
      } else if (n === 10) {
        this.pos += 2;
      } else {
        pushLit(parts, '\\', dq);
        this.pos++;
      }
    } else if (c === 36) {
      this.dollar(parts, true);
    } else if (c === 96) {
      this.backtick(parts, true);
    } else {
      const j = runEnd(src, this.pos + 1, dq ? DQ_STOP : HD_STOP);
      pushLit(parts, src.slice(this.pos, j), dq);
      this.pos = j;
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
      const r = decodeAnsiC(src, start + 2);
      this.pos = r.end;
      pushLit(parts, r.v, true);
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
    if (this.depth >= MAX_LEX_DEPTH) throw LEX_FAIL; // nesting too deep
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
    if (this.depth >= MAX_LEX_DEPTH) throw LEX_FAIL; // nesting too deep
    this.depth++;
    const nested: Part[] = [];
    let depth = 0;
    for (;;) {
      if (this.pos >= src.length) throw LEX_FAIL; // unterminated ${
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
        if (end < 0) throw LEX_FAIL; // unterminated '
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
    if (this.src.charCodeAt(this.pos) !== 41) throw LEX_FAIL; // unterminated $( <( >(
    this.pos++;
    parts.push({ k: 'sub', raw: this.src.slice(start, this.pos), q, kind, tokens });
  }

  private backtick(parts: Part[], q: boolean): void {
    const start = this.pos;
    const r = backtickBody(this.src, start, q);
    this.pos = r.end;
    if (this.depth >= MAX_LEX_DEPTH) throw LEX_FAIL; // nesting too deep
    parts.push({ k: 'sub', raw: this.src.slice(start, this.pos), q, kind: '`', tokens: this.freshTokens(r.body) });
  }

  /** `@(…)`, `!(…)`, `*(…)`, `+(…)`, `?(…)` right after an unquoted glob char: extglob text, kept literal. */
  private extglob(parts: Part[]): boolean {
    const last = parts[parts.length - 1];
    if (last === undefined || last.k !== 'lit' || last.q || !'@!*+?'.includes(last.v[last.v.length - 1] ?? '')) return false;
    const r = extglobEnd(this.src, this.pos);
    this.charge(r.read);
    if (r.end < 0) return false;
    pushLit(parts, this.src.slice(this.pos, r.end), false);
    this.pos = r.end;
    return true;
  }

  /** `NAME=(…)`: an array value; its words are kept for the substitutions they hold. */
  private array(parts: Part[]): boolean {
    const first = parts[0];
    if (parts.length !== 1 || first === undefined || first.k !== 'lit' || first.q || !ARRAY_HEAD.test(first.v)) return false;
    const start = this.pos;
    this.pos++;
    const toks = this.subTokens(true);
    if (this.src.charCodeAt(this.pos) !== 41) throw LEX_FAIL; // unterminated array
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
}
