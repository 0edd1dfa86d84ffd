// `safeshell rules validate|list|explain|test`: inspect and check the layered rules.
import type { Command } from 'commander';
import { contextOption, cwdOption } from '../options.js';

interface ExplainOptions {
  all?: boolean;
  context?: string;
  cwd?: string;
  json?: boolean;
}

export function register(program: Command): void {
  const rules = program.command('rules').description('validate, list, explain and test rules');
  rules
    .command('validate')
    .description('check rules files: the global and nearest repo file, or FILE; one line per problem, exit 1 on any')
    .argument('[file]', 'a rules file to check (with the built-in pack beneath it)')
    .option('--cwd <dir>', 'directory whose repo rules to check (default: current)')
    .action(async (file: string | undefined, opts: { cwd?: string }) => {
      const { validateCommand } = await import('../rules-actions.js');
      process.exitCode = validateCommand(file, cwdOption(opts.cwd));
    });
  rules
    .command('list')
    .description('list the rules in effect here, in load order')
    .option('--cwd <dir>', 'directory whose rules to list (default: current)')
    .option('--json', 'print JSON')
    .action(async (opts: { cwd?: string; json?: boolean }) => {
      const { listCommand } = await import('../rules-actions.js');
      listCommand(cwdOption(opts.cwd), opts.json === true);
    });
  rules
    .command('explain')
    .description('show the simple commands found, every rule considered, and why it matched or not')
    .argument('<command>', 'the command line, quoted as one argument')
    .option('--context <ai|human>', 'judge as an agent (ai, default) or a person (human)')
    .option('--cwd <dir>', 'working directory to judge in (default: current)')
    .option('--all', 'also show every rule that did not match, and why')
    .option('--json', 'print JSON')
    .action(async (command: string, opts: ExplainOptions) => {
      const { explainCommand } = await import('../rules-actions.js');
      explainCommand(command, cwdOption(opts.cwd), contextOption(opts.context), opts.json === true, opts.all === true);
    });
  rules
    .command('test')
    .description("run every rule's examples through the real pipeline; exit 1 if any fails")
    .argument('[file]', 'only this rules file (with the built-in pack beneath it)')
    .option('--cwd <dir>', 'directory whose rules to test (default: current)')
    .action(async (file: string | undefined, opts: { cwd?: string }) => {
      const { testCommand } = await import('../rules-actions.js');
      process.exitCode = testCommand(file, cwdOption(opts.cwd));
    });
}
