// `safeshell check "<cmd>"`: judge one command line and print verdict, rule and message. Creates an approval only
// with --wait (then a person answers in `safeshell monitor`, and the exit code is the final verdict's).
import type { Command } from 'commander';
import type { Decision } from '../../engine-types.js';
import { CHECK_EXIT, paint, verdictLabel } from '../format.js';
import { contextOption, cwdOption } from '../options.js';

interface CheckOptions {
  context?: string;
  cwd?: string;
  json?: boolean;
  wait?: boolean;
}

export function register(program: Command): void {
  program
    .command('check')
    .description('judge a command line: exit 0 allow, 1 deny, 3 approval required, 4 redirect, 2 usage')
    .argument('<command>', 'the command line, quoted as one argument')
    .option('--context <ai|human>', 'judge as an agent (ai, default) or a person (human)')
    .option('--cwd <dir>', 'working directory to judge in (default: current)')
    .option('--json', 'print the decision as JSON')
    .option('--wait', 'when a rule wants approval, wait for a person to answer in `safeshell monitor` (starts the daemon)')
    .action(async (command: string, opts: CheckOptions) => {
      const context = contextOption(opts.context);
      const cwd = cwdOption(opts.cwd);
      const req = { command, cwd, context, env: process.env };
      // Same answers either way: the running daemon when there is one (its rules are the live ones), else in-process.
      const { checkViaDaemon } = await import('../../client/check.js');
      const wait = opts.wait === true;
      const viaDaemon = await checkViaDaemon(req, {
        start: wait,
        client: 'check',
        ...(wait ? { wait, timeoutMs: 5000, onPending: (notice: string) => void process.stderr.write(`safeshell: ${notice}\n`) } : {}),
      });
      if (wait && viaDaemon.via === 'daemon' && viaDaemon.notice) process.stderr.write(`safeshell: ${viaDaemon.notice}\n`);
      // The daemon's answer does not say which regex engine ran; the in-process one does.
      let decision: Omit<Decision, 'engine'> & { engine?: Decision['engine'] };
      if (viaDaemon.via === 'daemon') decision = viaDaemon.decision;
      else {
        const { evaluateInProcess } = await import('../in-process.js');
        decision = evaluateInProcess(req);
      }
      printDecision(command, decision, opts.json === true, viaDaemon.via === 'daemon' ? 'daemon' : 'in-process');
      process.exitCode = CHECK_EXIT[decision.verdict];
    });
}

export function printDecision(command: string, d: Omit<Decision, 'engine'> & { engine?: Decision['engine'] }, json: boolean, via: 'daemon' | 'in-process'): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...d, input: command, via })}\n`);
    return;
  }
  process.stdout.write(`${verdictLabel(d.verdict)} ${command}\n`);
  if (d.rule) process.stdout.write(`  ${paint('dim', 'rule:')} ${d.rule}${d.command && d.command !== command ? paint('dim', `  (on: ${d.command})`) : ''}\n`);
  if (d.message) process.stdout.write(`  ${d.message}\n`);
  if (d.redirectTo) process.stdout.write(`  ${paint('dim', 'runs instead:')} ${d.redirectTo.join(' ')}\n`);
}
