// Analysis state (shared by one analyzeLine/analyzeArgv call) and the per-position frame handed down the tree.
import type { SimpleCommand } from './types.js';
import type { Word } from './words.js';

/** Nested scripts (`bash -c`, `eval`, aliases, piped echo) analysed at most this deep. */
export const MAX_SCRIPT_DEPTH = 9;
/** Commands emitted per analysis at most; beyond it `complete` is false. */
export const MAX_COMMANDS = 50_000;
/** Inner commands one xargs/parallel may fan out into; the rest are dropped and `complete` is false. */
export const MAX_FANOUT = 256;
/** Wrappers unwrapped inside one another at most (`sudo sudo … rm`); deeper ones are emitted but not unwrapped. */
export const MAX_VIA = 16;
/** Distinct programs kept in `pipedFrom`: the first few (the source) and the nearest ones. */
export const MAX_PIPED = 64;

export interface State {
  out: SimpleCommand[];
  complete: boolean;
  depth: number;
  /** `NAME=literal` set by assignment-only commands (and export/declare/local/readonly) earlier in the line. */
  vars: Map<string, string> | null;
  /** `alias NAME=VALUE` earlier in the line. */
  aliases: Map<string, string> | null;
  /** `git config alias.NAME VALUE` / `git -c alias.NAME=VALUE` earlier in the line. */
  gitAliases: Map<string, string> | null;
}

export interface Frame {
  via: readonly string[];
  pipedFrom: readonly string[];
  /** Text known to reach stdin (a literal echo/printf upstream), else null. */
  stdin: string | null;
  /** Everything emitted under this frame is dynamic (a script with run-time parts). */
  dyn: boolean;
  /** Aliases being expanded (bash does not re-expand an alias inside itself). */
  guard: readonly string[];
  /** Words came from the fallback whitespace splitter: `-c` takes every following word as the script. */
  loose: boolean;
  /** Positional parameters of the script being analysed ($0, $1, …), known for `sh -c SCRIPT NAME ARGS…`. */
  positional: readonly Word[] | null;
}

export const ROOT: Frame = { via: [], pipedFrom: [], stdin: null, dyn: false, guard: [], loose: false, positional: null };

export function newState(): State {
  return { out: [], complete: true, depth: 0, vars: null, aliases: null, gitAliases: null };
}

export function withVia(fr: Frame, label: string, dyn = fr.dyn): Frame {
  return { ...fr, via: [...fr.via, label], dyn };
}

/** Appends a stage's programs to a pipedFrom list: duplicates keep their nearest position; long lists keep both ends. */
export function pipedPlus(base: readonly string[], progs: readonly string[]): readonly string[] {
  if (progs.length === 0) return base;
  const out = base.filter((p) => !progs.includes(p));
  for (let i = 0; i < progs.length; i++) if (progs.indexOf(progs[i]!, i + 1) < 0) out.push(progs[i]!);
  return out.length <= MAX_PIPED ? out : [...out.slice(0, 16), ...out.slice(out.length - (MAX_PIPED - 16))];
}

/** The frame for commands inside `$(…)`: same wrappers, no pipe input. */
export function subFrame(fr: Frame): Frame {
  return { ...fr, pipedFrom: [], stdin: null, loose: false };
}
