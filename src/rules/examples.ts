// Checks each rule's own examples through the real pipeline (analysis, matcher, conditions): every `match`
// example must make the rule match, every `no_match` example must not.
import { analyzeLine } from '../analyze/index.js';
import { FixedFacts } from '../context/facts.js';
import { RuleError } from '../errors.js';
import { ruleMatches } from '../match/evaluate.js';
import type { CompiledRuleSet } from './compile.js';
import type { ExampleCase } from './schema.js';

export type ExampleCases = ReadonlyMap<string, { match: ExampleCase[]; noMatch: ExampleCase[] }>;

/** Example facts: no repository unless the example names a branch; a cwd that exists nowhere. */
const EXAMPLE_CWD = '/nonexistent/safeshell-example';

export function checkExamples(set: CompiledRuleSet, cases: ExampleCases, only?: ReadonlySet<string>): RuleError[] {
  const errors: RuleError[] = [];
  for (const cr of set.rules) {
    const rule = cr.rule;
    if (only && !only.has(rule.location.file)) continue;
    const own = cases.get(rule.name);
    if (!own) continue;
    const run = (ex: ExampleCase): boolean => {
      const context = ex.context ?? (rule.context === 'human_only' ? 'human' : 'ai');
      const facts = new FixedFacts(EXAMPLE_CWD, ex.branch ?? null);
      return ruleMatches(set, cr, analyzeLine(ex.command).commands, facts, context) !== null;
    };
    for (const ex of own.match) {
      if (!run(ex)) errors.push(new RuleError('E_RULE_EXAMPLE', `example should match but does not: ${JSON.stringify(ex.command)}`, rule.location, rule.name));
    }
    for (const ex of own.noMatch) {
      if (run(ex)) errors.push(new RuleError('E_RULE_EXAMPLE', `example should not match but does: ${JSON.stringify(ex.command)}`, rule.location, rule.name));
    }
  }
  return errors;
}
