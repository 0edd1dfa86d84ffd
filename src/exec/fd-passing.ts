// fds over a Unix socket (SCM_RIGHTS): the addon does what Node cannot (receive fds); these wrappers check and type.
import { SafeshellError } from '../errors.js';
import { loadNative } from '../native/load.js';
import type { RawBinding } from '../native/binding.js';
import { asSpawnError } from './errors.js';

function binding(): Required<Pick<RawBinding, 'sendFds' | 'recvFds'>> {
  const native = loadNative();
  if (native.ok && native.binding.sendFds && native.binding.recvFds) {
    return { sendFds: native.binding.sendFds, recvFds: native.binding.recvFds };
  }
  throw new SafeshellError('E_NATIVE', `fd passing needs the native addon: ${native.ok ? 'stale build' : native.reason}`, {
    hint: 'run `npm run build:native`',
  });
}

/** One sendmsg of data (non-empty) with fds attached to its first byte; returns the bytes sent (may be fewer). */
export function sendFds(socketFd: number, fds: readonly number[], data: Uint8Array): number {
  try {
    return binding().sendFds(socketFd, [...fds], data);
  } catch (err) {
    throw asSpawnError(err);
  }
}

export interface Received {
  data: Buffer;
  /** O_CLOEXEC; the caller owns them (close with fs.closeSync or hand to a stream). */
  fds: number[];
}

/**
 * One non-blocking recvmsg: null when nothing is waiting (EAGAIN), an empty `data` with no fds at EOF. The socket
 * must not be read by the event loop meanwhile (pause it): a plain read() would discard the fds. More than maxFds
 * fds: they are closed and SpawnError EMSGSIZE is thrown.
 */
export function recvFds(socketFd: number, options: { maxBytes?: number; maxFds?: number } = {}): Received | null {
  try {
    return binding().recvFds(socketFd, options.maxBytes ?? 65536, options.maxFds ?? 16);
  } catch (err) {
    throw asSpawnError(err);
  }
}
