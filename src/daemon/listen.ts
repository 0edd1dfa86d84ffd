// Listening on a Unix socket that only its owner can connect to (daemon.sock and exec.sock).
import { chmodSync, statSync } from 'node:fs';
import type net from 'node:net';

/**
 * Listens on `path` with umask 0177, so the socket is never connectable by others, not even between bind and
 * chmod; then 0600 for certain. Returns the socket file's inode (to unlink it later only if it is still ours).
 */
export async function listenPrivate(server: net.Server, path: string): Promise<number> {
  const oldMask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(oldMask);
  }
  chmodSync(path, 0o600);
  return statSync(path).ino;
}
