// The environment `safeshell run` gives an agent: shims first on PATH, AI context, a session id, shell integration.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface RunEnvOptions {
  env: NodeJS.ProcessEnv;
  /** paths().shims */
  shimsDir: string;
  /** The installed package: shell integration lives in <packageRoot>/shims. */
  packageRoot: string;
  session?: string;
}

/**
 * - PATH: the shims dir first (an existing entry for it is moved, not repeated).
 * - SAFESHELL_CONTEXT=ai and a fresh SAFESHELL_SESSION (a UUID), read by the shim and shell integration.
 * - BASH_ENV=<packageRoot>/shims/init.bash: bash reads it in every non-interactive shell (bash(1), INVOCATION).
 *   A BASH_ENV the user had is kept in SAFESHELL_USER_BASH_ENV for init.bash to source.
 * - zsh reads $ZDOTDIR/.zshenv in every shell: when <packageRoot>/shims/zsh/.zshenv exists, ZDOTDIR points there
 *   and the user's ZDOTDIR (or HOME) goes to SAFESHELL_USER_ZDOTDIR, for that .zshenv to restore and source.
 */
export function buildRunEnv(options: RunEnvOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.env)) if (value !== undefined) env[key] = value;
  const rest = (env.PATH ?? '').split(':').filter((dir) => dir !== '' && dir !== options.shimsDir);
  env.PATH = [options.shimsDir, ...rest].join(':');
  env.SAFESHELL_CONTEXT = 'ai';
  env.SAFESHELL_SESSION = options.session ?? randomUUID();

  const shellDir = join(options.packageRoot, 'shims');
  const bashInit = join(shellDir, 'init.bash');
  if (env.BASH_ENV !== undefined && env.BASH_ENV !== bashInit) env.SAFESHELL_USER_BASH_ENV = env.BASH_ENV;
  env.BASH_ENV = bashInit;
  const zdotdir = join(shellDir, 'zsh');
  if (existsSync(join(zdotdir, '.zshenv')) && env.ZDOTDIR !== zdotdir) {
    env.SAFESHELL_USER_ZDOTDIR = env.ZDOTDIR ?? env.HOME ?? '';
    env.ZDOTDIR = zdotdir;
  }
  return env;
}
