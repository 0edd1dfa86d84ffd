// Lenient recursive-descent parser: tokens -> lists of simple commands, pipelines and groups.
// Control flow is irrelevant to judging, so if/while/for/case bodies become groups; syntax errors clear `complete`.
import type { Redir, Token, Word } from './words.js';
import { assignPrefix } from './words.js';
import { CASE_END, MAX_PARSE_DEPTH, TokenCursor, reserved } from './parse-cursor.js';

export interface CmdNode { k: 'cmd'; assigns: Word[]; words: Word[]; redirs: Redir[] }
export interface PipeNode { k: 'pipe'; stages: Node[] }
export interface GroupNode { k: 'group'; body: Node[]; redirs: Redir[] }
/** Words that are evaluated (their substitutions run) but are not a command: for-lists, case words, [[ … ]], ((…)). */
export interface DataNode { k: 'data'; words: Word[]; redirs: Redir[] }
export type Node = CmdNode | PipeNode | GroupNode | DataNode;

export class Parser extends TokenCursor {
  /** The whole script; stray closers are skipped (and clear `complete`). */
  script(): Node[] {
    const out: Node[] = [];
    for (;;) {
      this.list(out);
      if (this.i >= this.toks.length) return out;
      this.complete = false;
      this.i++;
    }
  }

  /** Commands until the end or a closer (`fi`, `done`, `)`, `;;`, …), which is left for the caller. */
  private list(out: Node[]): void {
    for (;;) {
      let t = this.peek();
      while (t !== undefined && t.t === 'op' && (t.v === ';' || t.v === '&' || t.v === '\n')) t = this.toks[++this.i];
      if (t === undefined || this.isCloser(t)) return;
      const before = this.i;
      this.andOr(out);
      if (this.i === before) {
        this.complete = false;
        this.i++;
      }
    }
  }

  private andOr(out: Node[]): void {
    for (;;) {
      const p = this.pipeline();
      if (p !== null) out.push(p);
      if (!this.isOp('&&') && !this.isOp('||')) return;
      this.i++;
      this.skipNewlines();
    }
  }

  private pipeline(): Node | null {
    while (reserved(this.peek()) === '!') this.i++;
    const first = this.command();
    if (!this.isOp('|') && !this.isOp('|&')) return first;
    const stages: Node[] = first === null ? [] : [first];
    while (this.isOp('|') || this.isOp('|&')) {
      this.i++;
      this.skipNewlines();
      const s = this.command();
      if (s === null) this.complete = false;
      else stages.push(s);
    }
    return stages.length === 1 ? stages[0]! : { k: 'pipe', stages };
  }

  private command(): Node | null {
    const t = this.peek();
    if (t === undefined) return null;
    if (this.isCloser(t)) {
      this.complete = false;
      return null;
    }
    if (t.t === 'arith') {
      this.i++;
      return { k: 'data', words: [t.w], redirs: this.redirs() };
    }
    if (t.t === 'op') {
      if (t.v !== '(') {
        this.complete = false;
        this.i++;
        return null;
      }
      return this.compound(() => {
        const body: Node[] = [];
        this.list(body);
        if (this.isOp(')')) this.i++;
        else this.complete = false;
        return body;
      });
    }
    const r = reserved(t);
    switch (r) {
      case '{':
        return this.compound(() => this.until('}'));
      case 'if':
        return this.compound(() => this.ifBody());
      case 'while':
      case 'until':
        return this.compound(() => [...this.until('do'), ...this.until('done')]);
      case 'for':
      case 'select':
        return this.compound(() => this.forBody());
      case 'case':
        return this.compound(() => this.caseBody());
      case '[[':
        return this.test();
      case 'function':
        this.i++;
        if (this.peek()?.t === 'w') this.i++;
        if (this.isOp('(') && this.toks[this.i + 1]?.t === 'op') this.i += 2;
        this.skipNewlines();
        return this.deeper(() => this.command());
      case 'coproc':
        this.i++;
        if (reserved(this.peek()) !== null && reserved(this.toks[this.i + 1]) === '{') this.i++;
        return this.deeper(() => this.command());
      default:
        return this.simple();
    }
  }

  /** Runs a compound body parser one level deeper; past the depth bound the keyword is skipped instead. */
  private compound(body: () => Node[]): Node | null {
    this.i++;
    return this.deeper(() => ({ k: 'group', body: body(), redirs: this.redirs() }));
  }

  private deeper(fn: () => Node | null): Node | null {
    if (this.depth >= MAX_PARSE_DEPTH) {
      this.complete = false;
      return null;
    }
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  /** A list followed by the closing reserved word `end`. */
  private until(end: string): Node[] {
    const body: Node[] = [];
    this.list(body);
    this.expect(end);
    return body;
  }

  private ifBody(): Node[] {
    const body = [...this.until('then')];
    this.list(body);
    for (;;) {
      const r = reserved(this.peek());
      if (r === 'elif') {
        this.i++;
        body.push(...this.until('then'));
        this.list(body);
      } else if (r === 'else') {
        this.i++;
        this.list(body);
      } else {
        this.expect('fi');
        return body;
      }
    }
  }

  private forBody(): Node[] {
    const body: Node[] = [];
    const t = this.peek();
    if (t?.t === 'arith') {
      body.push({ k: 'data', words: [t.w], redirs: [] });
      this.i++;
    } else if (t?.t === 'w') {
      this.i++;
    }
    this.skipNewlines();
    if (reserved(this.peek()) === 'in') {
      this.i++;
      const words: Word[] = [];
      for (let x = this.peek(); x !== undefined && x.t === 'w'; x = this.toks[++this.i]) words.push(x.w);
      body.push({ k: 'data', words, redirs: [] });
    }
    while (this.isOp(';') || this.isOp('\n')) this.i++;
    if (reserved(this.peek()) === '{') {
      this.i++;
      body.push(...this.until('}'));
    } else {
      this.expect('do');
      body.push(...this.until('done'));
    }
    return body;
  }

  private caseBody(): Node[] {
    const body: Node[] = [];
    const subject = this.peek();
    if (subject?.t === 'w') {
      body.push({ k: 'data', words: [subject.w], redirs: [] });
      this.i++;
    }
    this.skipNewlines();
    if (!this.expect('in')) return body;
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (t === undefined) {
        this.complete = false;
        return body;
      }
      if (reserved(t) === 'esac') {
        this.i++;
        return body;
      }
      if (this.isOp('(')) this.i++;
      const patterns: Word[] = [];
      for (let x = this.peek(); x !== undefined && !(x.t === 'op' && x.v === ')'); x = this.toks[++this.i]) {
        if (x.t === 'w') patterns.push(x.w);
        else if (!(x.t === 'op' && x.v === '|')) {
          this.complete = false;
          return body;
        }
      }
      if (this.peek() === undefined) {
        this.complete = false;
        return body;
      }
      this.i++;
      body.push({ k: 'data', words: patterns, redirs: [] });
      this.list(body);
      const end = this.peek();
      if (end !== undefined && end.t === 'op' && CASE_END.has(end.v)) this.i++;
      else if (reserved(end) !== 'esac') {
        this.complete = false;
        return body;
      }
    }
  }

  /** `[[ … ]]`: every token up to `]]` is data. */
  private test(): Node {
    this.i++;
    const words: Word[] = [];
    for (let t = this.peek(); t !== undefined; t = this.toks[++this.i]) {
      if (reserved(t) === ']]') {
        this.i++;
        return { k: 'data', words, redirs: this.redirs() };
      }
      if (t.t === 'w' || t.t === 'arith') words.push(t.w);
      else if (t.t === 'r') words.push(t.target);
    }
    this.complete = false;
    return { k: 'data', words, redirs: [] };
  }

  private simple(): Node | null {
    const assigns: Word[] = [];
    const words: Word[] = [];
    const redirs: Redir[] = [];
    for (let t = this.peek(); t !== undefined; t = this.toks[++this.i]) {
      if (t.t === 'r') redirs.push(t);
      else if (t.t === 'w') {
        if (words.length === 0 && assignPrefix(t.w) > 0) assigns.push(t.w);
        else words.push(t.w);
      } else break;
    }
    if (words.length === 1 && assigns.length === 0 && this.isOp('(') && this.toks[this.i + 1]?.t === 'op') {
      // name() compound: a function definition; its body is analysed where it stands.
      const close = this.toks[this.i + 1];
      if (close !== undefined && close.t === 'op' && close.v === ')') {
        this.i += 2;
        this.skipNewlines();
        return this.deeper(() => this.command());
      }
    }
    if (this.isOp('(')) this.complete = false;
    if (words.length === 0 && assigns.length === 0 && redirs.length === 0) return null;
    return { k: 'cmd', assigns, words, redirs };
  }
}

export function parse(toks: Token[]): { nodes: Node[]; complete: boolean } {
  const p = new Parser(toks);
  const nodes = p.script();
  return { nodes, complete: p.complete };
}
