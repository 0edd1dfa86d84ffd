// The processes holding the other end of a daemon connection, when SO_PEERCRED (the addon) is not available:
// iproute2's `ss -xp` reads them from the kernel (sock_diag). Only used for the rare authenticated requests
// (approve, deny, protection switch, stop), never on the per-command path.
import { readlinkSync } from 'node:fs';
import type net from 'node:net';

/** The inode of our end of a connected Unix socket (from /proc/self/fd), or null. */
export function localInode(socket: net.Socket): number | null {
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) return null;
  try {
    const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Parses `ss -xpnH` output: pids of the sockets whose peer is `inode`. */
export function pidsFromSs(output: string, inode: number): number[] {
  const pids = new Set<number>();
  for (const line of output.split('\n')) {
    // u_str ESTAB 0 0 * 1888951 * 1888952 users:(("node",pid=1815,fd=20))
    const cols = line.trim().split(/\s+/);
    if (cols.length < 8 || cols[7] !== String(inode)) continue;
    for (const m of line.matchAll(/pid=(\d+)/g)) pids.add(Number(m[1]));
  }
  return [...pids];
}

/** Pids on the other end of `socket`, or null when they cannot be found (then authenticated requests are refused). */
export async function peerPidsViaSs(socket: net.Socket, timeoutMs = 2000): Promise<number[] | null> {
  const inode = localInode(socket);
  if (inode === null) return null;
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    let out = '';
    let child;
    try {
      child = spawn('ss', ['-xpnH'], { stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return resolve(null);
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const pids = code === 0 ? pidsFromSs(out, inode) : [];
      resolve(pids.length > 0 ? pids : null);
    });
  });
}
