// Which programs wrap or run other commands, and the function that unwraps each.
import type { Frame, State } from './context.js';
import { aliasBuiltin, declareBuiltin, git } from './aliases.js';
import { find, parallel, xargs } from './fanout.js';
import { interpreter, langOf } from './interp.js';
import { SHELLS, evalBuiltin, flock, shell, sourceBuiltin, ssh, suLike, watch } from './shells.js';
import type { Redir, Word } from './words.js';
import { WRAPPERS, wrapper } from './wrappers.js';

export { expandAlias } from './aliases.js';

export type Handler = (fields: readonly Word[], redirs: readonly Redir[], st: State, fr: Frame, program: string) => void;

const TABLE = new Map<string, Handler>();
for (const w of WRAPPERS) TABLE.set(w, wrapper);
for (const s of SHELLS) TABLE.set(s, shell);
for (const d of ['export', 'declare', 'typeset', 'local', 'readonly']) TABLE.set(d, declareBuiltin);
TABLE.set('eval', evalBuiltin);
TABLE.set('source', sourceBuiltin);
TABLE.set('.', sourceBuiltin);
TABLE.set('su', suLike);
TABLE.set('runuser', suLike);
TABLE.set('script', suLike);
TABLE.set('flock', flock);
TABLE.set('watch', watch);
TABLE.set('ssh', ssh);
TABLE.set('xargs', xargs);
TABLE.set('find', find);
TABLE.set('parallel', parallel);
TABLE.set('alias', aliasBuiltin);
TABLE.set('git', git);

// HOT PATH (docs/analysis.md#performance): one Map lookup per command; interpreter names are pattern-checked only on a miss.
export function handlerFor(program: string): Handler | undefined {
  const h = TABLE.get(program);
  if (h !== undefined) return h;
  return langOf(program) !== null ? interpreter : undefined;
}
