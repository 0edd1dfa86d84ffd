// The engine facade: rules layered for a working directory, command analysis, matching, verdict.
// (Stub: the rules-engine work replaces the body; the surface below is the contract.)
import type { Decision, EvalRequest } from './engine-types.js';
import type { NativeMode } from './native/load.js';

export interface EngineOptions {
  /** ~/.safeshell or $SAFESHELL_HOME: global rules are read from <home>/rules.yaml. */
  home: string;
  native?: NativeMode;
}

export interface RulesStatus {
  /** Files currently in use (built-in pack files, global, repo files seen so far). */
  files: string[];
  /** One line per problem, `file:line:col: rule 'x': message`; a broken file keeps its last good rules. */
  errors: string[];
  warnings: string[];
  ruleCount: number;
  engine: 'js' | 'native';
  /** Why the native matcher is not used, when it is not. */
  engineReason: string;
}

export class Engine {
  constructor(readonly options: EngineOptions) {}

  static create(options: EngineOptions): Engine {
    return new Engine(options);
  }

  /** HOT PATH (bench/evaluate.bench.js): judge one request. Never throws for bad input. */
  evaluate(_req: EvalRequest): Decision {
    return { verdict: 'allow', rule: null, message: null, command: null, engine: 'js' };
  }

  /** Drop cached rules and git facts so the next request re-reads every file (reload on change). */
  invalidate(): void {}

  /** Files whose change should trigger invalidate() (global rules and repo rules seen so far). */
  watchedFiles(): string[] {
    return [];
  }

  status(): RulesStatus {
    return { files: [], errors: [], warnings: [], ruleCount: 0, engine: 'js', engineReason: 'stub' };
  }

  /** Program names the rules for `cwd` (or the built-in + global rules) guard: one shim each. */
  programs(_cwd?: string): string[] {
    return [];
  }
}
