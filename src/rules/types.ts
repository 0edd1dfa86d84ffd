// The compiled-free model of a rule, as loaded from YAML (src/rules/schema.ts validates into these types).
import type { SourceLocation } from '../errors.js';

export type Action = 'allow' | 'deny' | 'require_approval' | 'redirect';
export type RuleContext = 'all' | 'ai_only' | 'human_only';
export type ExecContext = 'ai' | 'human';
export type Layer = 'builtin' | 'global' | 'repo';

/** Most restrictive first: the verdict order used for precedence. */
export const ACTION_RANK: Record<Action, number> = { deny: 3, require_approval: 2, redirect: 1, allow: 0 };

export type Condition =
  | { type: 'command_matches'; pattern: string }
  | { type: 'command_contains'; value: string }
  | { type: 'command_startswith'; value: string }
  | { type: 'git_branch_in'; branches: string[] }
  | { type: 'git_branch_matches'; pattern: string }
  | { type: 'in_git_repo'; value: boolean }
  | { type: 'path_matches'; pattern: string }
  | { type: 'file_exists'; path: string }
  | { type: 'env_equals'; variable: string; value: string }
  | { type: 'piped_from'; programs: string[] }
  | { type: 'not'; condition: Condition };

export interface RuleExamples {
  match: string[];
  noMatch: string[];
}

export interface Rule {
  name: string;
  /** Program names; '*' means every program. */
  commands: string[];
  conditions: Condition[];
  directory?: string;
  action: Action;
  /** argv template for redirect ($ARGS, $1…, see docs/rules.md). */
  redirectTo?: string[];
  context: RuleContext;
  message: string;
  examples?: RuleExamples;
  layer: Layer;
  location: SourceLocation;
}

export interface Override {
  name: string;
  disabled?: boolean;
  action?: Action;
  message?: string;
  context?: RuleContext;
  location: SourceLocation;
}

export interface RulesFile {
  path: string;
  rules: Rule[];
  overrides: Override[];
}
