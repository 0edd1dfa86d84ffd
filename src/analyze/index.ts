// The command analyzer: a command line (or a shim's argv) -> the simple commands that would run. See docs/analysis.md.
import { ROOT, newState } from './context.js';
import { analyzeScript, emitCommand } from './core.js';
import { fallback } from './fallback.js';
import type { Analysis } from './types.js';
import { litWord } from './words.js';

export type { Analysis, SimpleCommand } from './types.js';

/** A line of plain words: no quotes, expansions, operators, redirections, globs, comments or assignments. */
const PLAIN_LINE = /^ *[A-Za-z0-9_./:,@%+-]+( +[A-Za-z0-9_./:,@%+=-]+)* *$/;
/** Words that make the first word syntax rather than a program. */
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'in', 'function', 'select', 'time', 'coproc']);

/** The words of a plain line (most agent commands), or null: such a line means exactly its words, as an argv does. */
export function plainWords(line: string): string[] | null {
  if (line.length > 512 || !PLAIN_LINE.test(line)) return null;
  const words = line.trim().split(/ +/);
  return RESERVED.has(words[0]!) ? null : words;
}

// HOT PATH (bench/evaluate.bench.js): a few µs for a 50-character command; no I/O, regexes compiled at module load.
export function analyzeLine(line: string): Analysis {
  // Fast path, about half the cost: the parser would find exactly these words (test/unit/analyze-fastpath.test.ts).
  const words = plainWords(line);
  if (words !== null) return analyzeArgv(words);
  const st = newState();
  try {
    analyzeScript(line, st, ROOT);
    return { commands: st.out, complete: st.complete };
  } catch {
    // A bug or an exhausted stack must not fail the request: judge the line by the fallback splitter.
    const safe = newState();
    try {
      fallback(line, safe, ROOT);
    } catch {
      safe.out.length = 0;
    }
    return { commands: safe.out, complete: false };
  }
}

// HOT PATH (docs/analysis.md#performance): argv from a shim is not re-parsed; wrappers inside it are still unwrapped.
export function analyzeArgv(argv: readonly string[]): Analysis {
  const st = newState();
  if (argv.length === 0) return { commands: [], complete: true };
  try {
    emitCommand(argv.map(litWord), [], st, ROOT);
    return { commands: st.out, complete: st.complete };
  } catch {
    return { commands: st.out.slice(0, 1), complete: false };
  }
}
