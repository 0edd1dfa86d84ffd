// The shim directory: one relative symlink per guarded program -> safeshell-shim (pyenv style). Stale links
// are removed; a regular file is never touched; builtins and safeshell's own tools are never shimmed.
import { lstatSync, readdirSync, readlinkSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { SafeshellError } from '../errors.js';

export const SHIM_BINARY = 'safeshell-shim';
/** Modes of the same binary, chosen by argv[0]: never treated as program shims. */
export const TOOL_LINKS = ['safeshell-wrapper', 'safeshell-check'] as const;

/** Shell builtins with no program of the same name: the shell never looks them up on PATH, so a shim is dead weight.
 *  (cd, source, . and eval are checked by init.bash/init.zsh instead.) */
const SHELL_BUILTINS = new Set([
  '.', ':', 'alias', 'bg', 'bind', 'break', 'builtin', 'caller', 'cd', 'command', 'compgen', 'complete', 'compopt',
  'continue', 'declare', 'dirs', 'disown', 'enable', 'eval', 'exec', 'exit', 'export', 'fc', 'fg', 'getopts', 'hash',
  'help', 'history', 'jobs', 'let', 'local', 'logout', 'mapfile', 'popd', 'pushd', 'readarray', 'readonly', 'return',
  'set', 'shift', 'shopt', 'source', 'suspend', 'times', 'trap', 'type', 'typeset', 'ulimit', 'umask', 'unalias',
  'unset', 'wait', 'read',
]);
/** What safeshell itself runs: shimming these could lock the daemon out of starting. */
const OWN_TOOLS = new Set(['node', 'nodejs', 'safeshell', SHIM_BINARY, ...TOOL_LINKS]);

/** Why `name` gets no shim, or null when it gets one. */
export function skipReason(name: string): string | null {
  if (name === '*') return 'wildcard';
  if (SHELL_BUILTINS.has(name)) return 'shell builtin';
  if (OWN_TOOLS.has(name)) return "safeshell's own tool";
  if (!/^[A-Za-z0-9_+][A-Za-z0-9._+-]*$/.test(name)) return 'not a plain program name';
  return null;
}

export interface LinkResult {
  added: string[];
  removed: string[];
  kept: string[];
  skipped: Array<{ name: string; reason: string }>;
  /** Names held by something that is not our symlink (a regular file): left alone. */
  conflicts: string[];
}

export function isShimLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink() && readlinkSync(path).split('/').pop() === SHIM_BINARY;
  } catch {
    return false;
  }
}

export function linkPrograms(dir: string, programs: Iterable<string>, opts: { removeStale: boolean }): LinkResult {
  const result: LinkResult = { added: [], removed: [], kept: [], skipped: [], conflicts: [] };
  try {
    lstatSync(join(dir, SHIM_BINARY));
  } catch {
    throw new SafeshellError('E_INSTALL', `${join(dir, SHIM_BINARY)} is missing`, { hint: 'run `safeshell init`' });
  }
  const want = new Set<string>();
  for (const name of programs) {
    const reason = skipReason(name);
    if (reason) result.skipped.push({ name, reason });
    else want.add(name);
  }
  for (const name of [...want].sort()) {
    const path = join(dir, name);
    if (isShimLink(path)) {
      result.kept.push(name);
      continue;
    }
    let exists = true;
    let symlink = false;
    try {
      symlink = lstatSync(path).isSymbolicLink();
    } catch {
      exists = false;
    }
    if (exists && !symlink) {
      result.conflicts.push(name);
      continue;
    }
    if (exists) unlinkSync(path); // a symlink of ours pointing elsewhere (an old layout): replace it
    try {
      symlinkSync(SHIM_BINARY, path);
      result.added.push(name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      result.kept.push(name); // created concurrently (the daemon adds shims too)
    }
  }
  if (opts.removeStale) {
    for (const name of readdirSync(dir).sort()) {
      if (want.has(name) || (TOOL_LINKS as readonly string[]).includes(name) || name === SHIM_BINARY) continue;
      const path = join(dir, name);
      if (!isShimLink(path)) continue;
      unlinkSync(path);
      result.removed.push(name);
    }
  }
  return result;
}

/** Program shims currently installed (tool links excluded). */
export function installedShims(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => n !== SHIM_BINARY && !(TOOL_LINKS as readonly string[]).includes(n) && isShimLink(join(dir, n)))
      .sort();
  } catch {
    return [];
  }
}
