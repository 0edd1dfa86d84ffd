// The real program behind a name, as the shim's find_real finds it (shims/shim.c): the first executable regular
// file on PATH that is not in the shim directory (by identity, not spelling) and not a safeshell shim symlink.
import { accessSync, constants, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { dirIdentity } from '../setup/path-env.js';
import { isShimLink } from '../setup/refresh.js';
import { spawnError } from './errors.js';

/** glibc's default when PATH is unset (execvp(3)). */
const DEFAULT_PATH = '/bin:/usr/bin';

/**
 * The path to execve for `file` on behalf of a caller in `cwd` with `pathVar`, skipping `shimsDir`. A name with a
 * slash is resolved against cwd. Nothing runnable: SpawnError ENOENT (or EACCES when a candidate was not executable).
 */
export function findReal(file: string, pathVar: string | undefined, cwd: string, shimsDir: string | null): string {
  if (file.length === 0) throw spawnError('ENOENT', 'execve', file);
  if (file.includes('/')) return resolve(cwd, file);
  const skip = shimsDir === null ? null : dirIdentity(shimsDir);
  let denied = false;
  for (const entry of (pathVar ?? DEFAULT_PATH).split(':')) {
    const dir = entry === '' ? cwd : isAbsolute(entry) ? entry : resolve(cwd, entry);
    if (skip !== null && dirIdentity(dir) === skip) continue;
    const candidate = join(dir, file);
    try {
      accessSync(candidate, constants.X_OK);
      if (!statSync(candidate).isFile()) {
        denied = true;
        continue;
      }
      if (isShimLink(candidate)) continue;
      return candidate;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EACCES') denied = true;
    }
  }
  throw spawnError(denied ? 'EACCES' : 'ENOENT', 'execve', file);
}
