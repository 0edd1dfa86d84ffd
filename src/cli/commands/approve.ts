// `safeshell approve <id>` and `safeshell deny <id>`: answer a pending approval from a person's terminal. The
// daemon checks who asks: an agent (or anything it started) is refused (docs/approvals.md).
import type { Command } from 'commander';
import type { Answer } from '../../approvals/types.js';

interface AnswerOptions {
  remember?: boolean;
  reason?: string;
}

export function register(program: Command): void {
  for (const verb of ['approve', 'deny'] as const) {
    program
      .command(verb)
      .description(verb === 'approve' ? 'approve a pending command (see `safeshell pending`)' : 'deny a pending command (the agent is told not to retry it)')
      .argument('<id>', 'the approval id, or a unique prefix of at least 4 characters')
      .option('-r, --remember', `${verb === 'approve' ? 'approve' : 'deny'} this rule and program for the rest of the session, for approval_memory_ttl_seconds`)
      .option('--reason <text>', 'a reason the agent is given')
      .action(async (id: string, opts: AnswerOptions) => {
        const { paths } = await import('../../paths.js');
        const { answerApproval } = await import('../../approvals/client.js');
        const answer: Answer = `${verb}${opts.remember ? '_remember' : ''}` as Answer;
        const r = await answerApproval(paths(), id, answer, opts.reason);
        process.stdout.write(`${r.outcome} ${r.id}${opts.remember ? ' (remembered for this session, rule and program)' : ''}\n`);
      });
  }
}
