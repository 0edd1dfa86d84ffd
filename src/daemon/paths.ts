// The daemon's own directory rules: the socket path must fit sun_path, and run/ must be a 0700 directory we own.
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { SafeshellError } from '../errors.js';

/** sizeof(sockaddr_un.sun_path) on Linux, including the terminating NUL. */
export const SUN_PATH_MAX = 108;

export function assertSocketPath(socket: string): void {
  const bytes = Buffer.byteLength(socket);
  if (bytes >= SUN_PATH_MAX) {
    throw new SafeshellError('E_DAEMON_UNAVAILABLE', `socket path is ${bytes} bytes, over the ${SUN_PATH_MAX - 1}-byte limit of a Unix socket path: ${socket}`, {
      hint: 'set SAFESHELL_HOME to a shorter directory',
    });
  }
}

/** Creates `dir` as 0700 if missing; repairs the mode if we own it; refuses a symlink or another user's directory. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (!st.isDirectory()) throw new SafeshellError('E_PERMISSION', `${dir} is not a directory (a symlink or file is in the way)`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) throw new SafeshellError('E_PERMISSION', `${dir} belongs to uid ${st.uid}, not to you (uid ${uid})`);
  if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/** The problem with run/ for `safeshell doctor`, or null when it is a 0700 directory we own. */
export function privateDirProblem(dir: string): string | null {
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory()) return 'not a directory';
    const uid = process.getuid?.();
    if (uid !== undefined && st.uid !== uid) return `owned by uid ${st.uid}`;
    if ((st.mode & 0o777) !== 0o700) return `mode ${(st.mode & 0o777).toString(8)}, expected 700`;
    return null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing (created when the daemon starts)' : (err as Error).message;
  }
}
