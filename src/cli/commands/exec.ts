// `safeshell exec [--timeout S] [--context ai|human] [--] CMD...`: the daemon judges CMD and runs it with this
// process's stdin/stdout/stderr (docs/execute.md); the exit status is CMD's.
import type { Command } from 'commander';
import { SafeshellError } from '../../errors.js';

interface ExecCliOptions {
  timeout?: string;
  context?: string;
}

export function register(program: Command): void {
  // Everything after CMD belongs to CMD (`safeshell exec ls -la`), as for `safeshell run`.
  program.enablePositionalOptions();
  program
    .command('exec')
    .description("run a command through the daemon: judged by the rules, run with this terminal's stdin/stdout/stderr; exits with its status")
    .usage('[options] [--] CMD [ARGS...]')
    .argument('<command...>', 'the program and its arguments')
    .option('--timeout <seconds>', 'stop the command (SIGTERM, then SIGKILL 2 s later) after this many seconds')
    .option('--context <ai|human>', 'judge as an agent or a person (default: from the environment, as the shims decide)')
    .passThroughOptions()
    .action(async (command: string[], opts: ExecCliOptions) => {
      const [{ detectContext }, { execCommand }] = await Promise.all([import('../../client/context.js'), import('../../client/execute.js')]);
      let timeoutS: number | undefined;
      if (opts.timeout !== undefined) {
        timeoutS = Number(opts.timeout);
        if (!(Number.isFinite(timeoutS) && timeoutS > 0)) throw new SafeshellError('E_USAGE', `--timeout must be a positive number of seconds, got '${opts.timeout}'`);
      }
      if (opts.context !== undefined && opts.context !== 'ai' && opts.context !== 'human') {
        throw new SafeshellError('E_USAGE', `--context must be 'ai' or 'human', got '${opts.context}'`);
      }
      // An agent cannot talk its way into human context: a marker in the environment wins, as in the shims.
      const detected = detectContext(process.env);
      if (opts.context === 'human' && detected === 'ai') process.stderr.write('safeshell: warning: --context human ignored: an agent marker is set in the environment\n');
      const context = detected === 'ai' ? 'ai' : (opts.context ?? 'human');
      process.exitCode = await execCommand(command, { context: context as 'ai' | 'human', ...(timeoutS === undefined ? {} : { timeoutS }) });
    });
}
