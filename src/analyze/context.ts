// Analysis state (shared by one analyzeLine/analyzeArgv call) and the per-position frame handed down the tree.
import type { SimpleCommand } from './types.js';

/** Nested scripts (`bash -c`, `eval`, aliases, piped echo) analysed at most this deep. */
export const MAX_SCRIPT_DEPTH = 9;
/** Commands emitted per analysis at most; beyond it `complete` is false. */
export const MAX_COMMANDS = 50_000;
/** Inner commands one xargs/parallel/find may fan out into before it is judged by one placeholder command. */
export const MAX_FANOUT = 256;

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
}

export const ROOT: Frame = { via: [], pipedFrom: [], stdin: null, dyn: false, guard: [], loose: false };

export function newState(): State {
  return { out: [], complete: true, depth: 0, vars: null, aliases: null, gitAliases: null };
}

export function withVia(fr: Frame, label: string, dyn = fr.dyn): Frame {
  return { via: [...fr.via, label], pipedFrom: fr.pipedFrom, stdin: fr.stdin, dyn, guard: fr.guard, loose: fr.loose };
}

/** The frame for commands inside `$(…)`: same wrappers, no pipe input. */
export function subFrame(fr: Frame): Frame {
  return { via: fr.via, pipedFrom: [], stdin: null, dyn: fr.dyn, guard: fr.guard, loose: false };
}
