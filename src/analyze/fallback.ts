// Conservative best effort for text that does not lex (unbalanced quotes or substitutions): split on the operator
// characters found, ignoring quotes, and judge each piece by its whitespace words with quote characters removed.
import type { Frame, State } from './context.js';
import { emitCommand } from './core.js';
import type { Word } from './words.js';
import { litWord } from './words.js';

const RESERVED = new Set(['if', 'then', 'elif', 'else', 'fi', 'do', 'done', 'while', 'until', 'esac', '{', '}', '!', '[[', ']]', 'function']);
const REDIR_ONLY = /^[0-9]*(?:<<<|<<-?|>>?|<>|<&|>&|>\||&>>?|<)$/;
const REDIR_START = /^[0-9]*(?:[<>]|&>)/;
const ASSIGN = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;

export function fallback(text: string, st: State, fr: Frame): void {
  st.complete = false;
  const loose: Frame = { ...fr, loose: true };
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endSegment = (): void => {
    endWord();
    if (words.length > 0) segment(words, st, loose);
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    switch (c) {
      case ' ': case '\t': case '\r':
        endWord();
        break;
      case ';': case '&': case '|': case '\n': case '(': case ')': case '`':
        endSegment();
        break;
      case '"': case "'":
        inWord = true;
        break;
      case '\\':
        if (text[i + 1] === '\n') i++;
        else if (i + 1 < text.length) {
          word += text[++i];
          inWord = true;
        }
        break;
      case '$':
        if (text[i + 1] === '(') {
          endSegment();
          i++;
          break;
        }
        word += c;
        inWord = true;
        break;
      default:
        word += c;
        inWord = true;
    }
  }
  endSegment();
}

function segment(raw: string[], st: State, fr: Frame): void {
  const words: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const w = raw[i]!;
    if (REDIR_ONLY.test(w)) i++;
    else if (!REDIR_START.test(w)) words.push(w);
  }
  let i = 0;
  while (i < words.length && RESERVED.has(words[i]!)) i++;
  const first = words[i];
  if (first === 'for' || first === 'select' || first === 'case' || first === 'in') return;
  const assigns: Word[] = [];
  while (i < words.length && ASSIGN.test(words[i]!)) assigns.push(litWord(words[i++]!));
  if (i < words.length) emitCommand(words.slice(i).map(litWord), [], st, fr, assigns);
}
