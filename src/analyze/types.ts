// What the analyzer produces: the simple commands a command line would run.

export interface SimpleCommand {
  /** Program name as rules index it: quotes and escapes removed, directory stripped (`/usr/bin/rm` -> `rm`).
   *  Empty when the command word is only known at run time (see `dynamic`). */
  program: string;
  /** Arguments after the program, quotes removed; words holding expansions (`$X`, `$(…)`) are kept as written. */
  args: string[];
  /** The normalised rendering that `command_*` conditions see: program, then each argument, then redirections,
   *  joined by single spaces. Literal words that need quoting are single-quoted; words with expansions appear as
   *  written. Documented in docs/analysis.md. */
  text: string;
  /** True when the program or an argument depends on run-time expansion (`$VAR`, `$(…)`, globs are not counted). */
  dynamic: boolean;
  /** Programs of the earlier pipeline stages whose output reaches this command's stdin (nearest last). */
  pipedFrom: string[];
  /** Wrappers and shells this command was found inside, outermost first, e.g. ['sudo'], ['bash -c'], ['xargs']. */
  via: string[];
  /** `NAME=value` prefixes of the command as written (`FOO=1 rm …` -> ['FOO=1']), rendered like arguments. */
  env?: string[];
}

export interface Analysis {
  commands: SimpleCommand[];
  /** False when some input could not be parsed; the unparsed part was judged as a whole, by whitespace words. */
  complete: boolean;
}
