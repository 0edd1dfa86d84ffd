// The real daemon process against bad, huge, slow, half-closed, pipelined and concurrent clients.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from '../../src/client/request.js';
import { startDaemonProcess, type RunningDaemon } from '../helpers/daemon.js';
import { makeHome, type TestHome } from '../helpers/home.js';
import { connectRaw } from '../helpers/raw-client.js';
import { rng } from '../helpers/rng.js';

let h: TestHome;
let d: RunningDaemon;
const evaluate = (id: number | string, extra: Record<string, unknown> = {}): string =>
  `${JSON.stringify({ v: 1, type: 'evaluate', id, argv: ['git', 'status'], cwd: '/tmp', context: 'ai', env: { HOME: '/root', PATH: '/usr/bin' }, ...extra })}\n`;

before(async () => {
  h = makeHome();
  d = await startDaemonProcess(h.p, { SAFESHELL_REQUEST_TIMEOUT_MS: '300', SAFESHELL_IDLE_TIMEOUT_MS: '1500' });
});
after(async () => {
  await d.stop();
  h.cleanup();
});

const ping = async (): Promise<number> => {
  const t = Date.now();
  const r = await request(h.p.socket, { type: 'ping' }, { timeoutMs: 2000 });
  assert.equal(r.ok, true);
  return Date.now() - t;
};

describe('daemon protocol', () => {
  it('answers ping, status and evaluate with its version', async () => {
    const p = await request(h.p.socket, { v: 1, type: 'ping' });
    assert.equal(p.pid, d.pid);
    assert.equal(typeof p.version, 'string');
    const s = await request(h.p.socket, { type: 'status' });
    const st = s.status as Record<string, unknown>;
    assert.equal(st.pid, d.pid);
    assert.ok(st.rules && typeof st.rules === 'object');
    const e = await request(h.p.socket, JSON.parse(evaluate(1)) as object);
    assert.equal(e.ok, true);
    assert.equal(e.id, 1);
    assert.ok(['allow', 'deny', 'require_approval', 'redirect'].includes(e.verdict as string));
    const c = await request(h.p.socket, { type: 'evaluate', command: 'cd /tmp && ls | wc -l', cwd: '/tmp', context: 'human' });
    assert.equal(c.ok, true);
    const x = await request(h.p.socket, { type: 'execute', id: 'e' });
    assert.equal(x.ok, false);
    assert.equal(x.code, 'E_UNSUPPORTED');
  });

  it('answers a malformed line with E_PROTOCOL and keeps the connection usable', async () => {
    const c = await connectRaw(h.p.socket);
    c.write('this is not json\n');
    assert.equal((await c.next()).code, 'E_PROTOCOL');
    c.write(Buffer.from([0xff, 0xfe, 0x7b, 0x0a]));
    assert.equal((await c.next()).code, 'E_PROTOCOL');
    c.write('{"type":"ping","id":"still"}\n');
    assert.equal((await c.next()).id, 'still');
    c.end();
    await c.closed;
  });

  it('refuses an oversized request (E_TOO_LARGE) and closes, with or without a newline', async () => {
    for (const tail of ['', '\n']) {
      const c = await connectRaw(h.p.socket);
      c.write(`{"type":"evaluate","command":"${'x'.repeat(1024 * 1024 + 10)}"${tail}`);
      const r = await c.next();
      assert.equal(r.code, 'E_TOO_LARGE');
      await c.closed;
    }
    await ping();
  });

  it('times out a slow request line (E_TIMEOUT) without stalling others', async () => {
    const slow = await Promise.all(Array.from({ length: 20 }, () => connectRaw(h.p.socket)));
    for (const c of slow) c.write('{"type":"ping"');
    for (let i = 0; i < 5; i++) assert.ok((await ping()) < 1000, 'other clients are served meanwhile');
    for (const c of slow) {
      assert.equal((await c.next(3000)).code, 'E_TIMEOUT');
      await c.closed;
    }
  });

  it('half-close: answers a complete line, then closes; a partial line is E_TRUNCATED', async () => {
    const full = await connectRaw(h.p.socket);
    full.write('{"type":"ping","id":1}\n');
    full.end();
    assert.equal((await full.next()).id, 1);
    await full.closed;
    const partial = await connectRaw(h.p.socket);
    partial.write('{"type":"pi');
    partial.end();
    assert.equal((await partial.next()).code, 'E_TRUNCATED');
    await partial.closed;
  });

  it('closes idle connections', async () => {
    const c = await connectRaw(h.p.socket);
    const t = Date.now();
    await c.closed;
    assert.ok(Date.now() - t < 5000);
  });

  it('answers pipelined requests in order', async () => {
    const c = await connectRaw(h.p.socket);
    c.write(Array.from({ length: 1000 }, (_, i) => evaluate(i)).join(''));
    for (let i = 0; i < 1000; i++) assert.equal((await c.next()).id, i);
    c.end();
  });

  it('survives fuzzing: random bytes, fragments and aborts from many clients, while pings keep working', async () => {
    const rand = rng(0x5afe);
    const pieces = ['{', '}', '"type"', ':', '"evaluate"', '"argv"', '[', ']', ',', '\n', '\r\n', 'null', '"\\u0000"', '1e999', '\\', '"'];
    const pings: Array<Promise<number>> = [];
    const clients = Array.from({ length: 100 }, async (_, n) => {
      const c = await connectRaw(h.p.socket);
      const chunks = 1 + Math.floor(rand() * 20);
      for (let i = 0; i < chunks; i++) {
        if (rand() < 0.5) c.write(Buffer.from(Array.from({ length: Math.floor(rand() * 64) }, () => Math.floor(rand() * 256))));
        else c.write(Array.from({ length: 1 + Math.floor(rand() * 12) }, () => pieces[Math.floor(rand() * pieces.length)]).join(''));
        if (n % 10 === 0) pings.push(ping());
      }
      if (rand() < 0.3) c.socket.destroy();
      else c.end();
      await c.closed;
    });
    await Promise.all(clients);
    for (const ms of await Promise.all(pings)) assert.ok(ms < 1000);
    await ping();
    assert.equal(d.child.exitCode, null, 'the daemon is still running');
  });

  it('serves 64 concurrent clients, each with a new connection per request (like the shim)', async () => {
    const results = await Promise.all(
      Array.from({ length: 64 }, async (_, c) => {
        for (let i = 0; i < 20; i++) {
          const r = await request(h.p.socket, JSON.parse(evaluate(`${c}-${i}`)) as object, { timeoutMs: 5000 });
          assert.equal(r.ok, true);
          assert.equal(r.id, `${c}-${i}`);
        }
        return true;
      }),
    );
    assert.equal(results.length, 64);
  });

  it('keeps its memory flat over 100,000 requests', async () => {
    const rss = async (): Promise<number> => ((await request(h.p.socket, { type: 'status' })).status as { memory: { rss: number } }).memory.rss;
    const blast = async (count: number): Promise<void> => {
      const conns = await Promise.all(Array.from({ length: 4 }, () => connectRaw(h.p.socket)));
      await Promise.all(
        conns.map(async (c, k) => {
          for (let done = 0; done < count / 4; done += 500) {
            c.write(Array.from({ length: 500 }, (_, i) => evaluate(done + i, { command: `git push origin feature-${k}-${i}`, argv: undefined })).join(''));
            for (let i = 0; i < 500; i++) assert.equal((await c.next()).ok, true);
          }
          c.end();
        }),
      );
    };
    await blast(20_000); // warm-up: JIT, heap sizing
    const before = await rss();
    await blast(100_000);
    const afterRss = await rss();
    const growth = (afterRss - before) / 1048576;
    assert.ok(growth < 16, `RSS grew ${growth.toFixed(1)} MiB over 100,000 requests (from ${(before / 1048576).toFixed(1)} MiB)`);
  });
});
