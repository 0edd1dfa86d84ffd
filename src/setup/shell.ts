// The shell integration scripts (shims/init.bash, shims/init.zsh) with the home directory filled in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SafeshellError } from '../errors.js';
import { packageRoot } from '../native/load.js';

export type ShellName = 'bash' | 'zsh';
export const SHELLS: readonly ShellName[] = ['bash', 'zsh'];

const HOME_LINE = '__safeshell_home=${SAFESHELL_HOME:-$HOME/.safeshell}';

/** Single-quoted for sh/bash/zsh. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function renderShellInit(shell: ShellName, home: string): string {
  const template = readFileSync(join(packageRoot, 'shims', `init.${shell}`), 'utf8');
  if (!template.includes(HOME_LINE)) throw new SafeshellError('E_INSTALL', `shims/init.${shell} lacks the line ${HOME_LINE}`);
  return template.replace(HOME_LINE, `__safeshell_home=${shQuote(home)}`);
}
