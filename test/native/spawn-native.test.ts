// What only the native backend does: controlling terminal, signal reset, fd hygiene, resize, drain-before-exit, and
// no fd, zombie or thread left behind over 1,000 spawns. Real processes throughout.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { SpawnError } from '../../src/errors.js';
import { nativeSpawnUnavailable, spawnProcess, type SpawnPlan } from '../../src/exec/spawn.js';
import { loadNative } from '../../src/native/load.js';
import type { RawBinding } from '../../src/native/binding.js';
import { waitFor } from '../helpers/wait-for.js';
import { collect, openFdCount, procStat, threadCount, zombieChildren } from './spawn-helpers.js';

const skip = nativeSpawnUnavailable() ?? false;
const env = { PATH: '/usr/local/bin:/usr/bin:/bin' };
const sh = (script: string, extra: Partial<SpawnPlan> = {}): SpawnPlan => ({ file: 'sh', argv: ['sh', '-c', script], env, ...extra });
const spawn = (plan: SpawnPlan) => spawnProcess(plan, { backend: 'native' });

async function output(plan: SpawnPlan): Promise<string> {
  const child = spawn(plan);
  const out = collect(child.pty ?? child.stdout);
  await child.exitPromise;
  return out.text();
}

describe('native spawn', { skip }, () => {
  test('PTY: a new session whose controlling terminal is the PTY (tty prints /dev/pts/N)', async () => {
    const child = spawn(sh('tty; cat /proc/$$/stat', { stdio: 'pty' }));
    const out = collect(child.pty);
    await child.exitPromise;
    const [tty, stat = ''] = out.text().split(/\r?\n/);
    assert.match(tty ?? '', /^\/dev\/pts\/\d+$/);
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    assert.equal(Number(fields[2]), child.pid, 'process group = pid');
    assert.equal(Number(fields[3]), child.pid, 'session = pid (setsid)');
    assert.notEqual(Number(fields[4]), 0, 'has a controlling terminal (TIOCSCTTY)');
  });

  test('signal dispositions and mask are reset in the child (Node ignores SIGPIPE; the child must not)', async () => {
    for (const stdio of ['pty', ['ignore', 'pipe', 'inherit']] as const) {
      // grep itself, not a shell: dash blocks every signal while it waits for a child
      const text = await output({ file: 'grep', argv: ['grep', '-E', '^Sig(Blk|Ign)', '/proc/self/status'], env, stdio });
      assert.match(text, /SigBlk:\s+0+\s/);
      assert.match(text, /SigIgn:\s+0+\s/);
    }
  });

  test('only the mapped fds reach the child', async () => {
    const text = await output(sh('ls /proc/$$/fd', { stdio: ['ignore', 'pipe', 'ignore'] }));
    assert.deepEqual(text.trim().split(/\s+/).sort(), ['0', '1', '2']);
  });

  test('resize: TIOCSWINSZ, the child gets SIGWINCH and sees the new size', async () => {
    const child = spawn(sh('trap "stty size" WINCH; echo ready; while :; do sleep 0.02; done', { stdio: 'pty', cols: 80, rows: 24 }));
    const out = collect(child.pty);
    await waitFor('ready', () => out.text().includes('ready'));
    assert.equal(child.resize(132, 43), true);
    await waitFor('the new size', () => out.text().includes('43 132'));
    child.kill('SIGKILL');
    await child.exitPromise;
    assert.equal(child.resize(100, 30), false, 'no resize after exit');
  });

  test('kill() signals the whole PTY session group, background jobs included', async () => {
    const child = spawn(sh('sleep 60 & echo "bg=$!"; wait', { stdio: 'pty' }));
    const out = collect(child.pty);
    const bg = Number((await waitFor('bg pid', () => /bg=(\d+)/.exec(out.text())))[1]);
    assert.equal(child.kill('SIGTERM'), true);
    assert.equal((await child.exitPromise).signal, 'SIGTERM');
    await waitFor('the background job to die', () => (procStat(bg)?.[0] ?? 'Z') === 'Z');
  });

  test('exit is reported only after all output has drained (node-pty#72; libuv POLLHUP early EOF)', async () => {
    // Lost bytes showed up in ~1 run of 5 before PtyStream: repeat to make a regression visible.
    for (let i = 0; i < 30; i++) {
      const child = spawn(sh('head -c 300000 /dev/zero | tr "\\0" x', { stdio: 'pty' }));
      let bytes = 0;
      child.pty?.on('data', (chunk: Buffer) => (bytes += chunk.length));
      assert.deepEqual(await child.exitPromise, { code: 0, signal: null });
      assert.equal(bytes, 300000);
    }
  });

  test('a background process holding the PTY does not hold the exit forever', async () => {
    const started = Date.now();
    const child = spawn(sh('sleep 20 & echo started', { stdio: 'pty', drainTimeoutMs: 200 }));
    const out = collect(child.pty);
    assert.deepEqual(await child.exitPromise, { code: 0, signal: null });
    assert.match(out.text(), /started/);
    assert.ok(Date.now() - started < 3000, 'resolved after the drain timeout, not the sleep');
  });

  test('1,000 spawns (plain, pty, pipes, failures): no fd leak, no zombie, reaper threads gone', async () => {
    const fdsBefore = openFdCount();
    const threadsBefore = threadCount();
    for (let i = 0; i < 1000; i++) {
      const kind = i % 10;
      if (kind === 8) {
        assert.throws(() => spawn({ file: '/nonexistent', argv: ['x'], env }), SpawnError);
      } else if (kind === 9) {
        assert.throws(() => spawn({ file: '/bin/true', argv: ['true'], env, cwd: '/nonexistent' }), SpawnError);
      } else if (kind < 5) {
        await spawn({ file: '/bin/true', argv: ['true'], env, stdio: ['ignore', 'ignore', 'ignore'] }).exitPromise;
      } else if (kind < 7) {
        const child = spawn({ file: '/bin/echo', argv: ['echo', 'x'], env, stdio: 'pty' });
        child.pty?.resume();
        await child.exitPromise;
      } else {
        const child = spawn({ file: '/bin/echo', argv: ['echo', 'x'], env, stdio: ['pipe', 'pipe', 'pipe'] });
        child.stdout?.resume();
        child.stdin?.end();
        await child.exitPromise;
      }
    }
    await waitFor(`the fd count back to ${fdsBefore}`, () => openFdCount() <= fdsBefore);
    assert.deepEqual(zombieChildren(), []);
    await waitFor(`the thread count back to ${threadsBefore}`, () => threadCount() <= threadsBefore);
  });
});

describe('native spawn in a worker', { skip }, () => {
  test('a worker that exits while its child runs: the reaper survives its env (no crash, child reaped)', async () => {
    const addon = loadNative();
    assert.ok(addon.ok);
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const b = require(workerData);
      b.init({ PatternError: Error, SpawnError: Error });
      const c = new b.Child({ file: '/bin/sleep', argv: ['sleep', '0.3'], envp: [], cwd: null, fds: [-1, -1, -1], pty: null, pgroup: false, onExit() {} });
      parentPort.postMessage(c.pid);`;
    const worker = new Worker(code, { eval: true, workerData: addon.path });
    const pid = await new Promise<number>((resolve) => worker.once('message', resolve));
    await worker.terminate(); // the env goes, the addon would be unloaded, the reaper thread still waits
    await waitFor('the child to exit and be reaped by the orphaned reaper', () => procStat(pid) === null);
  });
});

// The raw addon surface: the class and message of each error it can throw (STYLE.md, Tests).
describe('raw binding contract', { skip }, () => {
  const native = loadNative();
  const binding = (native.ok ? native.binding : {}) as Required<Pick<RawBinding, 'Child' | 'resize'>>;
  const base = { file: '/bin/true', argv: ['true'], envp: [], cwd: null, fds: [0, 1, 2], pty: null, pgroup: false, onExit: () => {} };

  test('bad plans are TypeErrors with a message naming the field', () => {
    const cases: Array<[object, RegExp]> = [
      [{ ...base, file: 5 }, /^spawn: file must be a string$/],
      [{ ...base, argv: [] }, /^spawn: argv is empty$/],
      [{ ...base, envp: ['A=\0'] }, /^spawn: envp contains a NUL byte$/],
      [{ ...base, onExit: null }, /^spawn: onExit must be a function$/],
      [{ ...base, fds: null }, /^spawn: fds must be an array when there is no pty$/],
      [{ ...base, fds: [-3] }, /^spawn: fds\[i\] must be an integer in -2\.\.2147483647$/],
      [{ ...base, pty: { cols: 0, rows: 24 } }, /^spawn: pty\.cols must be an integer in 1\.\.65535$/],
    ];
    for (const [plan, message] of cases) {
      assert.throws(() => new binding.Child(plan as never), (err: unknown) => err instanceof TypeError && message.test(err.message));
    }
    assert.throws(() => binding.resize(0, 0, 10), /^TypeError: resize\(fd, cols, rows\)/);
  });

  test('exec and chdir failures are SpawnError {errno, syscall, path} built in C++', () => {
    assert.throws(
      () => new binding.Child({ ...base, file: '/nonexistent' }),
      (err: unknown) => err instanceof SpawnError && err.errno === 2 && err.syscall === 'execve' && err.path === '/nonexistent',
    );
    assert.throws(
      () => new binding.Child({ ...base, cwd: '/nonexistent' }),
      (err: unknown) => err instanceof SpawnError && err.errno === 2 && err.syscall === 'chdir' && err.path === '/nonexistent',
    );
  });
});
