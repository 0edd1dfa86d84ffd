// Whether one compiled condition holds for one simple command. Shared by evaluate (fast) and explain (verbose).
import type { SimpleCommand } from '../analyze/types.js';
import type { RequestFacts } from '../context/facts.js';
import type { CompiledCondition } from '../rules/compile.js';

/** Regex hits of one request: pattern p matched input i. Input 0 is the cwd, 1 the branch, 2+k command k. */
export interface RegexHits {
  has(pattern: number, input: number): boolean;
}

export function conditionHolds(
  c: CompiledCondition,
  cmd: SimpleCommand,
  commandInput: number,
  facts: RequestFacts,
  hits: RegexHits,
): boolean {
  switch (c.kind) {
    case 'regex':
      if (c.subject === 'command') return hits.has(c.pattern, commandInput);
      if (c.subject === 'cwd') return hits.has(c.pattern, 0);
      return facts.branch() !== null && hits.has(c.pattern, 1);
    case 'contains':
      return cmd.text.includes(c.value);
    case 'startswith':
      return cmd.text.startsWith(c.value);
    case 'branch_in': {
      const branch = facts.branch();
      return branch !== null && c.branches.has(branch);
    }
    case 'in_repo':
      return facts.inRepo() === c.value;
    case 'file_exists':
      return facts.fileExists(c.path);
    case 'env':
      return facts.env[c.variable] === c.value;
    case 'piped_from':
      if (cmd.pipedFrom.length === 0) return false;
      return c.any || cmd.pipedFrom.some((p) => c.programs.has(p));
    case 'not':
      return !conditionHolds(c.inner, cmd, commandInput, facts, hits);
  }
}
