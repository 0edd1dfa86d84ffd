// SCM_RIGHTS round trip over a real Unix socket: what the daemon's execute request will use to take a caller's stdio.
import assert from 'node:assert/strict';
import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SpawnError } from '../../src/errors.js';
import { recvFds, sendFds } from '../../src/exec/fd-passing.js';
import { nativeSpawnUnavailable } from '../../src/exec/spawn.js';
import { waitFor } from '../helpers/wait-for.js';
import { openFdCount } from './spawn-helpers.js';

const skip = nativeSpawnUnavailable() ?? false;

/** The raw fd under a net.Socket (libuv exposes it on Unix). */
function fdOf(socket: Socket): number {
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) throw new Error('socket has no fd');
  return fd;
}

describe('fd passing (SCM_RIGHTS)', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-fd-'));
  const socketPath = join(dir, 's');
  let server: Server;
  let client: Socket;
  let peer: Socket;

  before(async () => {
    const accepted = new Promise<Socket>((resolve) => {
      // pauseOnConnect: the event loop must not read this socket, or a plain read() would discard the fds.
      server = createServer({ pauseOnConnect: true }, resolve);
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    client = createConnection(socketPath);
    await new Promise((resolve) => client.once('connect', resolve));
    peer = await accepted;
  });
  after(() => {
    client.destroy();
    peer.destroy();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('nothing waiting is null, not an error', () => {
    assert.equal(recvFds(fdOf(peer)), null);
  });

  test('an fd sent with data arrives as a new fd for the same open file, O_CLOEXEC', async () => {
    const file = join(dir, 'payload');
    writeFileSync(file, 'through the socket');
    const fd = openSync(file, 'r');
    const fdsBefore = openFdCount();
    try {
      assert.equal(sendFds(fdOf(client), [fd], Buffer.from('hdr')), 3);
    } finally {
      closeSync(fd);
    }
    const got = await waitFor('the message', () => recvFds(fdOf(peer)));
    assert.equal(got.data.toString(), 'hdr');
    assert.equal(got.fds.length, 1);
    const received = got.fds[0]!;
    try {
      assert.equal(fstatSync(received).ino, statSync(file).ino);
      const buf = Buffer.alloc(64);
      assert.equal(buf.subarray(0, readSync(received, buf, 0, 64, 0)).toString(), 'through the socket');
      const flags = readFileSync(`/proc/self/fdinfo/${received}`, 'utf8');
      const octal = /flags:\s+(\d+)/.exec(flags)?.[1] ?? '0';
      assert.ok((parseInt(octal, 8) & 0o2000000) !== 0, 'O_CLOEXEC set on the received fd');
    } finally {
      closeSync(received);
    }
    assert.equal(openFdCount(), fdsBefore - 1, 'only the closed original is gone');
  });

  test('more fds than maxFds: the ones received are closed and EMSGSIZE is thrown', async () => {
    const fds = [openSync('/dev/null', 'r'), openSync('/dev/null', 'r'), openSync('/dev/null', 'r')];
    sendFds(fdOf(client), fds, Buffer.from('x'));
    fds.forEach((fd) => closeSync(fd));
    const fdsBefore = openFdCount();
    const err = await waitFor('the message', () => {
      try {
        return recvFds(fdOf(peer), { maxFds: 1 }) !== null ? 'no error' : null;
      } catch (thrown) {
        return thrown;
      }
    });
    assert.ok(err instanceof SpawnError && err.code === 'EMSGSIZE' && err.syscall === 'recvmsg', String(err));
    assert.equal(openFdCount(), fdsBefore, 'no received fd leaked');
  });

  test('bad arguments are TypeErrors', () => {
    assert.throws(() => sendFds(fdOf(client), [0], new Uint8Array(0)), TypeError);
    assert.throws(() => sendFds(-1, [0], Buffer.from('x')), TypeError);
  });
});
