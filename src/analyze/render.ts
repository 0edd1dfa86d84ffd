// The normalised `text` of a simple command (docs/analysis.md, "Rendering"): rules are written against it.
import type { Part, Redir, Word } from './words.js';
import { isLiteral, valueOf } from './words.js';

// Characters a literal word may contain and still be rendered bare: [A-Za-z0-9_@%+=:,./~*?{}[]^!#-].
const BARE = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9_@%+=:,./~*?{}[\]^!#-]/.test(ch)) BARE[c] = 1;
}

/** A literal word as rules see it: bare when every character is in the bare set, else single-quoted. */
export function quote(s: string): string {
  if (s.length === 0) return "''";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || BARE[c] !== 1) return "'" + s.replaceAll("'", "'\\''") + "'";
  }
  return s;
}

export function renderWord(w: Word): string {
  return isLiteral(w) ? quote(valueOf(w)) : w.raw;
}

/** Operator immediately followed by its target; a heredoc renders as `<<DELIM` (body omitted). A process
 *  substitution target keeps one space (`< <(curl …)`), so it cannot read as a heredoc `<<(`. */
export function renderRedir(r: Redir): string {
  if (r.here !== null) return r.op + quote(r.here.delim);
  const t = renderWord(r.target);
  return t[1] === '(' && (t[0] === '<' || t[0] === '>') ? r.op + ' ' + t : r.op + t;
}

/** Program name (or, when it is only known at run time, the word as written), arguments, then redirections. */
export function renderCommand(program: string, fields: readonly Word[], redirs: readonly Redir[]): string {
  const first = fields[0];
  let s = program !== '' || first === undefined ? quote(program) : first.raw;
  for (let i = 1; i < fields.length; i++) s += ' ' + renderWord(fields[i]!);
  for (const r of redirs) s += ' ' + renderRedir(r);
  return s;
}

/** Source text for a run of parts (a piece of a word split at `$IFS`). */
export function rebuildRaw(parts: readonly Part[]): string {
  let s = '';
  for (const p of parts) {
    if (p.k === 'lit') s += p.v === '' ? '' : quote(p.v);
    else s += p.q ? '"' + p.raw + '"' : p.raw;
  }
  return s;
}

/** Text that lexes back to this word in any position (for re-analysis of alias values and joined scripts). */
export function sourceOf(w: Word): string {
  if (!isLiteral(w)) return w.raw;
  const v = valueOf(w);
  const q = quote(v);
  if (q !== v) return q;
  const c = v[0];
  if (c === '#' || c === '!' || c === '{' || c === '}' || v.includes('=')) return "'" + v + "'";
  return v;
}
