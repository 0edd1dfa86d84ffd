// Option parsing shared by subcommands that judge a command (check, rules explain, demo).
import { resolve } from 'node:path';
import { SafeshellError } from '../errors.js';
import type { ExecContext } from '../rules/types.js';

/** The context a command is judged in: --context wins, then the environment an agent sets, then AI. */
export function contextOption(value: string | undefined, env: NodeJS.ProcessEnv = process.env): ExecContext {
  if (value !== undefined) {
    if (value !== 'ai' && value !== 'human') throw new SafeshellError('E_USAGE', `--context must be 'ai' or 'human', got '${value}'`);
    return value;
  }
  if (env.SAFESHELL_CONTEXT === 'human') return 'human';
  return 'ai';
}

export function cwdOption(value: string | undefined): string {
  return resolve(value ?? process.cwd());
}
