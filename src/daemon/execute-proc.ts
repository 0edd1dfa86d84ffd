// Process-level pieces of the execute service (execute.ts): reading the first message (request + fds) with recvmsg,
// the context a request is judged in, and signals to a command's process group.
import type net from 'node:net';
import { inspectContext } from '../auth/agent-context.js';
import { detectContext } from '../client/context.js';
import { recvFds } from '../exec/fd-passing.js';
import type { ChildHandle } from '../exec/spawn.js';
import type { ExecContext } from '../rules/types.js';
import { EXECUTE_FDS, type ExecuteRequest } from './execute-request.js';
import type { Logger } from './log.js';
import type { PeerInfo } from './peercred.js';

export type AllowedPeer = Extract<PeerInfo, { allowed: true }>;

/** recvmsg until the first message arrives (it usually has by the time the connection is accepted). */
export async function readFirst(socket: net.Socket, timeoutMs: number): Promise<{ data: Buffer; fds: number[] } | null> {
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) throw new Error('the accepted socket has no fd');
  const deadline = Date.now() + timeoutMs;
  // libuv never polls a paused socket for us, so poll with a short backoff: 0, 1, 2, 4 … 16 ms.
  for (let delay = 0; ; delay = Math.min(delay === 0 ? 1 : delay * 2, 16)) {
    if (socket.destroyed) return null;
    // More than EXECUTE_FDS + 5 fds is an error (EMSGSIZE, and those that came are closed).
    const got = recvFds(fd, { maxBytes: 65536, maxFds: EXECUTE_FDS + 5 });
    if (got !== null) return got;
    if (Date.now() >= deadline) return null;
    await new Promise((r) => (delay === 0 ? setImmediate(r) : setTimeout(r, delay)));
  }
}

/** ai when the request says so, when its environment carries an agent marker, or when the caller descends from an agent. */
export function effectiveContext(req: ExecuteRequest, peer: AllowedPeer): ExecContext {
  if (req.context === 'ai' || detectContext(req.env) === 'ai') return 'ai';
  if (peer.pid === undefined) return 'human';
  try {
    return inspectContext(peer.pid).agent ? 'ai' : 'human';
  } catch {
    return 'human';
  }
}

/**
 * Signals the command's process group (it leads one: processGroup). Once the leader has been reaped the handle
 * refuses, and the group id is signalled directly: members left in it keep that id alive; an empty group is ESRCH
 * (or, after a pid wrap-around within the grace, another group: docs/execute.md, Limits).
 */
export function signalGroup(child: ChildHandle, signal: NodeJS.Signals, log: Logger): void {
  try {
    if (child.kill(signal)) return;
  } catch (err) {
    log.debug(`exec: kill ${child.pid}: ${(err as Error).message}`);
  }
  try {
    process.kill(-child.pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') log.debug(`exec: kill -${child.pid}: ${(err as Error).message}`);
  }
}
