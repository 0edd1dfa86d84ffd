// Token cursor for the parser: position, look-ahead, reserved-word tests and the `complete` flag.
import type { Redir, Token } from './words.js';
import { isPlain, valueOf } from './words.js';

const CLOSERS = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}']);
export const CASE_END = new Set([';;', ';&', ';;&']);
export const MAX_PARSE_DEPTH = 200;

/** The word as a reserved word (unquoted, unescaped, a single literal), else null. */
export function reserved(t: Token | undefined): string | null {
  if (t === undefined || t.t !== 'w' || t.w.parts.length !== 1 || !isPlain(t.w)) return null;
  return valueOf(t.w);
}

export class TokenCursor {
  protected i = 0;
  protected depth = 0;
  complete = true;

  constructor(protected readonly toks: Token[]) {}

  protected peek(): Token | undefined {
    return this.toks[this.i];
  }

  protected isOp(v: string): boolean {
    const t = this.toks[this.i];
    return t !== undefined && t.t === 'op' && t.v === v;
  }

  protected isCloser(t: Token): boolean {
    if (t.t === 'op') return t.v === ')' || CASE_END.has(t.v);
    const r = reserved(t);
    return r !== null && CLOSERS.has(r);
  }

  protected skipNewlines(): void {
    while (this.isOp('\n')) this.i++;
  }

  protected expect(word: string): boolean {
    if (reserved(this.peek()) === word) {
      this.i++;
      return true;
    }
    this.complete = false;
    return false;
  }

  protected redirs(): Redir[] {
    const out: Redir[] = [];
    for (let t = this.peek(); t !== undefined && t.t === 'r'; t = this.toks[++this.i]) out.push(t);
    return out;
  }
}
