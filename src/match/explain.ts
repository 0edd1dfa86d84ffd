// `safeshell rules explain`: the simple commands found, every rule considered for each, and why it matched or not.
import type { SimpleCommand } from '../analyze/types.js';
import type { RequestFacts } from '../context/facts.js';
import type { CompiledRuleSet } from '../rules/compile.js';
import type { Condition, ExecContext } from '../rules/types.js';
import { conditionHolds } from './conditions.js';
import { candidatesFor, judge, matchOnce } from './evaluate.js';

export interface ConditionTrace {
  condition: string;
  holds: boolean;
}

export interface RuleTrace {
  rule: string;
  action: string;
  matched: boolean;
  /** Why it did not match, when it did not: context, directory, or the first failing condition. */
  reason: string;
  conditions: ConditionTrace[];
}

export interface CommandTrace {
  text: string;
  program: string;
  via: string[];
  rules: RuleTrace[];
}

export interface Explanation {
  commands: CommandTrace[];
  verdict: string;
  rule: string | null;
  engine: string;
  engineReason: string;
}

export function describeCondition(c: Condition): string {
  switch (c.type) {
    case 'command_matches':
    case 'git_branch_matches':
    case 'path_matches':
      return `${c.type} /${c.pattern}/`;
    case 'command_contains':
    case 'command_startswith':
      return `${c.type} ${JSON.stringify(c.value)}`;
    case 'git_branch_in':
      return `git_branch_in [${c.branches.join(', ')}]`;
    case 'piped_from':
      return `piped_from [${c.programs.join(', ')}]`;
    case 'in_git_repo':
      return `in_git_repo ${c.value}`;
    case 'file_exists':
      return `file_exists ${c.path}`;
    case 'env_equals':
      return `env_equals ${c.variable}=${c.value}`;
    case 'not':
      return `not (${describeCondition(c.condition)})`;
  }
}

export function explain(set: CompiledRuleSet, commands: readonly SimpleCommand[], facts: RequestFacts, context: ExecContext): Explanation {
  const wantBranch = set.rules.some((r) => r.needsBranch);
  const hits = matchOnce(set, commands, facts, wantBranch);
  const traces: CommandTrace[] = commands.map((cmd, i) => ({
    text: cmd.text,
    program: cmd.program,
    via: cmd.via,
    rules: candidatesFor(set, cmd).map((r) => {
      const conditions = r.conditions.map((c, k) => ({ condition: describeCondition(r.sources[k]!), holds: conditionHolds(c, cmd, i + 2, facts, hits) }));
      let reason = '';
      if (context === 'ai' ? !r.forAi : !r.forHuman) reason = `context is ${context}, rule is ${r.rule.context}`;
      else if (r.directory >= 0 && !hits.has(r.directory, 0)) reason = `directory does not match /${r.rule.directory}/`;
      else {
        const failing = conditions.find((c) => !c.holds);
        if (failing) reason = `${failing.condition} does not hold`;
      }
      return { rule: r.rule.name, action: r.rule.action, matched: reason === '', reason, conditions };
    }),
  }));
  const j = judge(set, commands, facts, context);
  return {
    commands: traces,
    verdict: j.rule ? j.rule.rule.action : 'allow',
    rule: j.rule ? j.rule.rule.name : null,
    engine: set.matcher.engine,
    engineReason: set.matcherReason,
  };
}
