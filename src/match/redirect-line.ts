// The redirect target as a command line for the `$SHELL -c` wrapper (docs/execute.md, "Redirect"). The wrapper
// replaces the whole line, so a line qualifies only when it is one simple command: then $ARGS and $N splice the
// original words *as written* (the real shell expands globs, $VARs and quotes exactly as it would have), template
// words are single-quoted, and the line's redirections are kept. Anything else (operators, assignments, heredocs,
// a program word that is not the literal program) gives null: the wrapper refuses and names the replacement.
import { Lexer, Mode } from '../analyze/lexer.js';
import type { Redir, Word } from '../analyze/words.js';
import { assignPrefix, basename, isLiteral, valueOf } from '../analyze/words.js';

// `=` is left out on purpose: a bare first word with `=` would be an assignment.
const BARE = /^[A-Za-z0-9_@%+:,./-]+$/;
// Words the shell reads as syntax in command position (bash(1), RESERVED WORDS).
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'function', 'time', 'coproc', 'in']);

/** One argv word for a POSIX shell: bare when safe, else single-quoted (`'` as `'\''`). */
export function shellQuote(word: string): string {
  return BARE.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** The words and redirections of a line that is exactly one simple command, or null. */
function simpleCommand(line: string): { words: Word[]; redirs: Redir[] } | null {
  let tokens;
  try {
    tokens = new Lexer(line).tokens(Mode.Top);
  } catch {
    return null;
  }
  const words: Word[] = [];
  const redirs: Redir[] = [];
  let ended = false; // only newlines may follow the command
  for (const t of tokens) {
    if (t.t === 'op' && t.v === '\n') {
      if (words.length > 0 || redirs.length > 0) ended = true;
      continue;
    }
    if (ended) return null;
    if (t.t === 'w') words.push(t.w);
    else if (t.t === 'r' && t.here === null) redirs.push(t);
    else return null;
  }
  return words.length > 0 ? { words, redirs } : null;
}

/**
 * The line the wrapper runs instead of `line`: `template` (a rule's redirect_to) rendered against the line's own
 * words. `program` is the analysed program of the line's only simple command; the line's first word must be that
 * program written literally (`rm`, `\rm`, `/bin/rm`), so aliases, `command`, `!` and the like do not qualify.
 */
export function renderRedirectLine(template: readonly string[], line: string, program: string): string | null {
  const cmd = simpleCommand(line);
  if (cmd === null) return null;
  const first = cmd.words[0]!;
  if (!isLiteral(first) || assignPrefix(first) > 0 || basename(valueOf(first)) !== program) return null;
  const out: string[] = [];
  for (const word of template) {
    if (word === '$ARGS') for (const w of cmd.words.slice(1)) out.push(w.raw);
    else if (word === '$PROGRAM') out.push(shellQuote(program));
    else if (/^\$[1-9]$/.test(word)) {
      const w = cmd.words[Number(word.slice(1))];
      if (w !== undefined) out.push(w.raw);
    } else out.push(shellQuote(word));
  }
  if (out.length === 0) return null;
  if (RESERVED.has(out[0]!)) out[0] = `'${out[0]}'`;
  // A space after the operator: `2> x`, `<<< x` and `< <(cmd)` all read back the same.
  for (const r of cmd.redirs) out.push(`${r.op} ${r.target.raw}`);
  return out.join(' ');
}
