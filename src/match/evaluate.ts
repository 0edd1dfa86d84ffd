// Judges analysed simple commands against a compiled rule set: the most restrictive matching rule over all
// commands wins (deny > require_approval > redirect > allow); ties go to the earliest rule in load order.
import type { SimpleCommand } from '../analyze/types.js';
import type { RequestFacts } from '../context/facts.js';
import type { CompiledRule, CompiledRuleSet } from '../rules/compile.js';
import type { ExecContext } from '../rules/types.js';
import { conditionHolds, type RegexHits } from './conditions.js';

export interface Judgement {
  /** The deciding rule, or null (no rule matched: allow). */
  rule: CompiledRule | null;
  /** The simple command it matched. */
  command: SimpleCommand | null;
}

const NO_MATCH: Judgement = { rule: null, command: null };

/** Pairs from the matcher, looked up as a set. Reused across requests (the daemon is single-threaded). */
class PairHits implements RegexHits {
  private out = new Int32Array(256);
  private readonly keys = new Set<number>();

  fill(set: CompiledRuleSet, inputs: string[]): void {
    this.keys.clear();
    let n = set.matcher.matchInto(inputs, this.out);
    while (n < 0) {
      this.out = new Int32Array(this.out.length * 4);
      n = set.matcher.matchInto(inputs, this.out);
    }
    for (let i = 0; i < n; i++) this.keys.add(this.out[2 * i]! * 4096 + this.out[2 * i + 1]!);
  }

  has(pattern: number, input: number): boolean {
    return this.keys.has(pattern * 4096 + input);
  }
}

const hits = new PairHits();

export function candidatesFor(set: CompiledRuleSet, cmd: SimpleCommand): readonly CompiledRule[] {
  return set.byProgram.get(cmd.program) ?? set.wildcard;
}

/** Builds the matcher inputs and runs it once; returns the hits (valid until the next call). */
export function matchOnce(set: CompiledRuleSet, commands: readonly SimpleCommand[], facts: RequestFacts, wantBranch: boolean): RegexHits {
  // Inputs beyond 4094 commands are not matched (a pathological line); those commands still see literal conditions.
  const limit = Math.min(commands.length, 4094);
  const inputs = new Array<string>(limit + 2);
  inputs[0] = facts.cwd;
  inputs[1] = wantBranch ? (facts.branch() ?? '') : '';
  for (let i = 0; i < limit; i++) inputs[i + 2] = commands[i]!.text;
  hits.fill(set, inputs);
  return hits;
}

/** HOT PATH (bench/evaluate.bench.js): < 5 µs for a 50-character command against the default pack. */
export function judge(set: CompiledRuleSet, commands: readonly SimpleCommand[], facts: RequestFacts, context: ExecContext): Judgement {
  let any = false;
  let wantBranch = false;
  for (const cmd of commands) {
    const cands = candidatesFor(set, cmd);
    if (cands.length === 0) continue;
    any = true;
    if (!wantBranch) for (const r of cands) if (r.needsBranch) wantBranch = true;
  }
  if (!any) return NO_MATCH;
  const regexHits = set.patterns.length > 0 ? matchOnce(set, commands, facts, wantBranch) : hits;
  let best: CompiledRule | null = null;
  let bestCommand: SimpleCommand | null = null;
  const ai = context === 'ai';
  for (let i = 0; i < commands.length; i++) {
    const cmd = commands[i]!;
    for (const r of candidatesFor(set, cmd)) {
      if (best !== null && (r.rank < best.rank || (r.rank === best.rank && r.order > best.order))) continue;
      if (ai ? !r.forAi : !r.forHuman) continue;
      if (r.directory >= 0 && !regexHits.has(r.directory, 0)) continue;
      let ok = true;
      for (const c of r.conditions) {
        if (!conditionHolds(c, cmd, i + 2, facts, regexHits)) {
          ok = false;
          break;
        }
      }
      if (ok) {
        best = r;
        bestCommand = cmd;
      }
    }
  }
  return best === null ? NO_MATCH : { rule: best, command: bestCommand };
}

/** Whether one particular rule matches any of the commands (rule examples, explanations). Not on the hot path. */
export function ruleMatches(set: CompiledRuleSet, rule: CompiledRule, commands: readonly SimpleCommand[], facts: RequestFacts, context: ExecContext): SimpleCommand | null {
  if (context === 'ai' ? !rule.forAi : !rule.forHuman) return null;
  const regexHits = set.patterns.length > 0 ? matchOnce(set, commands, facts, rule.needsBranch) : hits;
  if (rule.directory >= 0 && !regexHits.has(rule.directory, 0)) return null;
  for (let i = 0; i < commands.length; i++) {
    const cmd = commands[i]!;
    if (!candidatesFor(set, cmd).includes(rule)) continue;
    if (rule.conditions.every((c) => conditionHolds(c, cmd, i + 2, facts, regexHits))) return cmd;
  }
  return null;
}
