// Is anything listening on a Unix socket? A connect probe, the only safe test before removing a socket file.
import net from 'node:net';

/** 'live' if something accepts, 'stale' on ECONNREFUSED (safe to remove), 'none' if absent, 'hung' otherwise. */
export function probeSocket(socket: string, timeoutMs = 500): Promise<'live' | 'stale' | 'none' | 'hung'> {
  return new Promise((resolve) => {
    const conn = net.createConnection(socket);
    const timer = setTimeout(() => {
      conn.destroy();
      resolve('hung');
    }, timeoutMs);
    conn.once('connect', () => {
      clearTimeout(timer);
      conn.destroy();
      resolve('live');
    });
    conn.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(err.code === 'ENOENT' ? 'none' : err.code === 'ECONNREFUSED' ? 'stale' : 'hung');
    });
  });
}
