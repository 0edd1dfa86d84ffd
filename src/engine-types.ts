// The engine's public surface: what the CLI, the daemon and the hooks ask, and what they get back.
import type { Action, ExecContext } from './rules/types.js';

export type Verdict = Action;

export interface EvalRequest {
  /** A command line (analysed into simple commands), or … */
  command?: string;
  /** … an exact argv from a shim (argv[0] is the program as invoked; not re-parsed). */
  argv?: string[];
  cwd: string;
  context: ExecContext;
  /** The environment the rules may read (env_equals); absent keys are unset. */
  env?: Record<string, string | undefined>;
}

export interface Decision {
  verdict: Verdict;
  /** Deciding rule, or null when no rule matched (allow). */
  rule: string | null;
  message: string | null;
  /** For redirect: the argv to run instead, already expanded. */
  redirectTo?: string[];
  /** Normalised text of the simple command that decided, when a rule did. */
  command: string | null;
  /** Which regex engine ran. */
  engine: 'js' | 'native';
}
