// PATH questions answered by directory identity (st_dev/st_ino), never by spelling, like the shim does.
import { statSync } from 'node:fs';

/** A directory's identity (st_dev:st_ino), or null when it is not a directory. */
export function dirIdentity(dir: string): string | null {
  try {
    const st = statSync(dir);
    return st.isDirectory() ? `${st.dev}:${st.ino}` : null;
  } catch {
    return null;
  }
}

/** Position of `dir` in PATH (0 = first), or -1. */
export function pathIndex(dir: string, path: string = process.env.PATH ?? ''): number {
  const want = dirIdentity(dir);
  if (want === null) return -1;
  return path.split(':').findIndex((entry) => dirIdentity(entry || '.') === want);
}

/** PATH without `dir` (any spelling of it). */
export function pathWithout(dir: string, path: string = process.env.PATH ?? ''): string {
  const want = dirIdentity(dir);
  if (want === null) return path;
  return path
    .split(':')
    .filter((entry) => dirIdentity(entry || '.') !== want)
    .join(':');
}
