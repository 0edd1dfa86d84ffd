// Bash tokenizer: words with their quoting and expansions, operators, redirections and heredoc bodies.
// Expansion parsing ($…, `…`, quotes) lives in lex-expand.ts; this file owns the token level.
import type { Heredoc, Redir, Token, Word } from './words.js';
import { isLiteral, valueOf } from './words.js';
import { ExpandLexer, MAX_LEX_DEPTH } from './lex-expand.js';
import { LEX_FAIL } from './lex-scan.js';

export { LexError } from './lex-expand.js';

const NL: Token = { t: 'op', v: '\n' };
/** Words after which a command starts (for `case`/`esac` counting inside `$(…)`). */
const STARTERS = new Set(['then', 'do', 'else', 'elif', 'if', 'while', 'until', '{', '!', 'time']);
/** Redirection operators, longest first. */
const REDIR_OPS = ['<<<', '<<-', '&>>', '<<', '<&', '<>', '>>', '>&', '>|', '&>', '<', '>'];
const FD_WORD = /^(?:[0-9]+|\{[A-Za-z_][A-Za-z0-9_]*\})$/;

/** Top level, inside `$(…)`/`<(…)` (stops before the closing `)`), or inside `NAME=(…)`. */
export const enum Mode { Top, Sub, Array }

export class Lexer extends ExpandLexer {
  private pending: Heredoc[] = [];

  constructor(src: string, depth = 0) {
    super(src, depth);
  }

  /** Tokens until the end of input, or, in Sub/Array mode, until the unmatched `)` (left unconsumed). */
  tokens(mode: Mode): Token[] {
    const src = this.src;
    const len = src.length;
    const out: Token[] = [];
    let parens = 0;
    let cases = 0;
    let cmdStart = true;
    for (;;) {
      this.skipBlanks();
      if (this.pos >= len) {
        if (mode !== Mode.Top) throw LEX_FAIL; // unterminated (
        if (this.pending.length > 0) this.readHeredocs();
        return out;
      }
      const c = src.charCodeAt(this.pos);
      switch (c) {
        case 35: // #
          while (this.pos < len && src.charCodeAt(this.pos) !== 10) this.pos++;
          continue;
        case 10: // \n
          this.pos++;
          out.push(NL);
          if (this.pending.length > 0) this.readHeredocs();
          cmdStart = true;
          continue;
        case 59: // ;
          out.push(this.op(src.startsWith(';;&', this.pos) ? ';;&' : src.startsWith(';;', this.pos) ? ';;' : src.startsWith(';&', this.pos) ? ';&' : ';'));
          cmdStart = true;
          continue;
        case 38: // &
          if (src.charCodeAt(this.pos + 1) === 62) {
            out.push(this.redir(''));
            continue;
          }
          out.push(this.op(src.charCodeAt(this.pos + 1) === 38 ? '&&' : '&'));
          cmdStart = true;
          continue;
        case 124: { // |
          const n = src.charCodeAt(this.pos + 1);
          out.push(this.op(n === 124 ? '||' : n === 38 ? '|&' : '|'));
          cmdStart = true;
          continue;
        }
        case 40: // (
          if (src.charCodeAt(this.pos + 1) === 40) {
            const w = this.arithCommand();
            if (w !== null) {
              out.push({ t: 'arith', w });
              cmdStart = false;
              continue;
            }
          }
          parens++;
          out.push(this.op('('));
          cmdStart = true;
          continue;
        case 41: // )
          if (mode !== Mode.Top && parens === 0 && cases === 0) return out;
          if (parens > 0) parens--;
          out.push(this.op(')'));
          cmdStart = true;
          continue;
        case 60: // <
        case 62: // >
          if (src.charCodeAt(this.pos + 1) === 40) break; // <( >( : a word
          out.push(this.redir(''));
          continue;
        default:
          break;
      }
      const w = this.readWord();
      const next = src.charCodeAt(this.pos);
      if ((next === 60 || next === 62) && src.charCodeAt(this.pos + 1) !== 40 && FD_WORD.test(w.raw)) {
        out.push(this.redir(w.raw));
        continue;
      }
      out.push({ t: 'w', w });
      if (mode === Mode.Sub && cmdStart && w.parts.length === 1 && isLiteral(w)) {
        const v = valueOf(w);
        if (v === 'case') cases++;
        else if (v === 'esac' && cases > 0) cases--;
        cmdStart = STARTERS.has(v);
      } else {
        cmdStart = false;
      }
    }
  }

  private op(v: string): Token {
    this.pos += v.length;
    return { t: 'op', v };
  }

  /** A redirection starting at pos (after an optional fd word already consumed). */
  private redir(fd: string): Redir {
    const src = this.src;
    let op = '';
    for (const cand of REDIR_OPS) {
      if (src.startsWith(cand, this.pos)) {
        op = cand;
        break;
      }
    }
    this.pos += op.length;
    this.skipBlanks();
    const c = src.charCodeAt(this.pos);
    const procsub = (c === 60 || c === 62) && src.charCodeAt(this.pos + 1) === 40;
    if (this.pos >= src.length || c === 10 || c === 59 || c === 38 || c === 124 || c === 40 || c === 41 || ((c === 60 || c === 62) && !procsub)) {
      throw LEX_FAIL; // redirection without a target
    }
    const target = this.readWord();
    let here: Heredoc | null = null;
    if (op === '<<' || op === '<<-') {
      let delim = '';
      let quoted = false;
      for (const p of target.parts) {
        if (p.k === 'lit') {
          delim += p.v;
          if (p.q) quoted = true;
        } else {
          delim += p.raw;
        }
      }
      here = { delim, strip: op === '<<-', quoted, body: '', parts: null };
      this.pending.push(here);
    }
    return { t: 'r', op: fd + op, target, here };
  }

  /** Reads the bodies of the heredocs opened on the line just ended. */
  private readHeredocs(): void {
    const src = this.src;
    const docs = this.pending;
    this.pending = [];
    for (const h of docs) {
      const lines: string[] = [];
      for (;;) {
        if (this.pos >= src.length) break;
        let nl = src.indexOf('\n', this.pos);
        if (nl < 0) nl = src.length;
        let line = src.slice(this.pos, nl);
        this.pos = Math.min(nl + 1, src.length);
        if (h.strip) line = line.replace(LEADING_TABS, '');
        if (line === h.delim) break;
        lines.push(line);
      }
      h.body = lines.length === 0 ? '' : lines.join('\n') + '\n';
      if (!h.quoted && h.body.length > 0) h.parts = new Lexer(h.body, this.depth + 1).heredocParts();
    }
  }

  /** `((…))` as an arithmetic command, or null when it is really two nested subshells. */
  private arithCommand(): Word | null {
    const end = this.arithEnd(this.pos + 2);
    if (end < 0) return null;
    const start = this.pos;
    const inner = this.src.slice(start + 2, end);
    this.pos = end + 2;
    return { raw: this.src.slice(start, this.pos), parts: new Lexer(inner, this.depth + 1).heredocParts() };
  }

  /** Entry used by `$(…)` / `<(…)` / `NAME=(…)`: recursive token lexing of the inner text. */
  protected override subTokens(array: boolean): Token[] {
    if (this.depth >= MAX_LEX_DEPTH) throw LEX_FAIL; // nesting too deep
    this.depth++;
    const saved = this.pending;
    this.pending = [];
    try {
      const toks = this.tokens(array ? Mode.Array : Mode.Sub);
      if (this.pending.length > 0) saved.push(...this.pending);
      return toks;
    } finally {
      this.pending = saved;
      this.depth--;
    }
  }

  protected override freshTokens(src: string): Token[] {
    return new Lexer(src, this.depth + 1).tokens(Mode.Top);
  }

  protected override child(src: string): Lexer {
    return new Lexer(src, this.depth + 1);
  }
}

const LEADING_TABS = /^\t+/;

/** Lexes a whole script. Throws LexError on unbalanced quotes or substitutions. */
export function lex(src: string, depth = 0): Token[] {
  return new Lexer(src, depth).tokens(Mode.Top);
}

/** Splits text into shell words (as `env -S`, git aliases and alias values need); null if it does not lex. */
export function splitWords(src: string): Word[] | null {
  try {
    const out: Word[] = [];
    for (const t of lex(src, MAX_LEX_DEPTH - 4)) if (t.t === 'w') out.push(t.w);
    return out;
  } catch {
    return null;
  }
}
