// Turns merged rules into what evaluation needs: a program index, literal conditions kept in JS, and every regex
// (command_matches, git_branch_matches, path_matches, directory) in one matcher built once per rules version.
import type { PatternSpec, PatternSubject, RegexMatcher } from '../match/regex-matcher.js';
import { ACTION_RANK, type Condition, type Rule } from './types.js';

export type CompiledCondition =
  | { kind: 'regex'; pattern: number; subject: PatternSubject }
  | { kind: 'contains'; value: string }
  | { kind: 'startswith'; value: string }
  | { kind: 'branch_in'; branches: ReadonlySet<string> }
  | { kind: 'in_repo'; value: boolean }
  | { kind: 'file_exists'; path: string }
  | { kind: 'env'; variable: string; value: string }
  | { kind: 'piped_from'; programs: ReadonlySet<string>; any: boolean }
  | { kind: 'not'; inner: CompiledCondition; source: Condition };

export interface CompiledRule {
  rule: Rule;
  /** Position in load order: the earliest wins a tie. */
  order: number;
  rank: number;
  forAi: boolean;
  forHuman: boolean;
  /** Pattern index of `directory`, or -1. */
  directory: number;
  conditions: CompiledCondition[];
  /** The source conditions, parallel to `conditions`, for explanations. */
  sources: Condition[];
  /** Whether judging this rule needs the git branch (a file read), decided once here. */
  needsBranch: boolean;
}

export interface CompiledRuleSet {
  rules: CompiledRule[];
  /** Per program: its own rules and the '*' rules, merged in load order. */
  byProgram: ReadonlyMap<string, readonly CompiledRule[]>;
  /** Rules with `commands: ['*']`: the candidates of a program no rule names. */
  wildcard: readonly CompiledRule[];
  patterns: readonly PatternSpec[];
  matcher: RegexMatcher;
  /** Why this matcher engine was chosen (shown by doctor and rules explain). */
  matcherReason: string;
  /** Program names the rules guard (for shims), '*' excluded. */
  programs: readonly string[];
}

export type MatcherFactory = (specs: PatternSpec[]) => { matcher: RegexMatcher; reason: string };

export function compileRules(rules: readonly Rule[], createMatcher: MatcherFactory): CompiledRuleSet {
  const patterns: PatternSpec[] = [];
  const patternIndex = new Map<string, number>();
  const intern = (source: string, subject: PatternSubject): number => {
    const key = `${subject}\0${source}`;
    let idx = patternIndex.get(key);
    if (idx === undefined) {
      idx = patterns.length;
      patterns.push({ source, subject });
      patternIndex.set(key, idx);
    }
    return idx;
  };
  const compileCondition = (c: Condition): CompiledCondition => {
    switch (c.type) {
      case 'command_matches':
        return { kind: 'regex', pattern: intern(c.pattern, 'command'), subject: 'command' };
      case 'git_branch_matches':
        return { kind: 'regex', pattern: intern(c.pattern, 'branch'), subject: 'branch' };
      case 'path_matches':
        return { kind: 'regex', pattern: intern(c.pattern, 'cwd'), subject: 'cwd' };
      case 'command_contains':
        return { kind: 'contains', value: c.value };
      case 'command_startswith':
        return { kind: 'startswith', value: c.value };
      case 'git_branch_in':
        return { kind: 'branch_in', branches: new Set(c.branches) };
      case 'in_git_repo':
        return { kind: 'in_repo', value: c.value };
      case 'file_exists':
        return { kind: 'file_exists', path: c.path };
      case 'env_equals':
        return { kind: 'env', variable: c.variable, value: c.value };
      case 'piped_from':
        return { kind: 'piped_from', programs: new Set(c.programs), any: c.programs.includes('*') };
      case 'not':
        return { kind: 'not', inner: compileCondition(c.condition), source: c.condition };
    }
  };

  const compiled: CompiledRule[] = [];
  const byProgram = new Map<string, CompiledRule[]>();
  const wildcard: CompiledRule[] = [];
  rules.forEach((rule, order) => {
    const cr: CompiledRule = {
      rule,
      order,
      rank: ACTION_RANK[rule.action],
      forAi: rule.context !== 'human_only',
      forHuman: rule.context !== 'ai_only',
      // `directory` is anchored at the start, as the original's re.match was.
      directory: rule.directory === undefined ? -1 : intern(anchorStart(rule.directory), 'cwd'),
      conditions: rule.conditions.map(compileCondition),
      sources: rule.conditions,
      needsBranch: false,
    };
    cr.needsBranch = conditionsNeedBranch(cr.conditions);
    compiled.push(cr);
    for (const program of rule.commands) {
      if (program === '*') {
        if (!wildcard.includes(cr)) wildcard.push(cr);
        continue;
      }
      const list = byProgram.get(program);
      if (list) list.push(cr);
      else byProgram.set(program, [cr]);
    }
  });
  // Fold the wildcard rules into every program's list once, so evaluation does one map lookup per command.
  if (wildcard.length > 0) {
    for (const [program, list] of byProgram) {
      byProgram.set(program, [...new Set([...list, ...wildcard])].sort((a, b) => a.order - b.order));
    }
  }
  const { matcher, reason } = createMatcher(patterns);
  return { rules: compiled, byProgram, wildcard, patterns, matcher, matcherReason: reason, programs: [...byProgram.keys()].sort() };
}

function conditionsNeedBranch(conditions: readonly CompiledCondition[]): boolean {
  return conditions.some((c) => (c.kind === 'regex' && c.subject === 'branch') || c.kind === 'branch_in' || (c.kind === 'not' && conditionsNeedBranch([c.inner])));
}

/** `directory` is matched at the start of the working directory, as the original's re.match was. */
export function anchorStart(source: string): string {
  return source.startsWith('^') ? source : `^(?:${source})`;
}
